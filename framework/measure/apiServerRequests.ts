// Requests the API server served per phase, by verb and resource, from its own /metrics (when readable).
// Phases are back to back: the scrape that ends one phase starts the next.
import type { KubeHttp } from '../cluster/kubeHttp.js';
import type { NotMeasured } from '../types.js';
import { difference, single, sumBy } from './prometheus.js';

export type ApiServerRequests = { requests: Record<string, number> } | NotMeasured;

interface Scrape {
  startTime: number | undefined;
  requests: Map<string, number>;
}

export class ApiServerRequestMeter {
  private start: Scrape | undefined;
  private problem: string | undefined;

  constructor(private readonly http: KubeHttp) {}

  private async scrape(): Promise<Scrape> {
    const text = (await this.http.requestText('GET', '/metrics')).body;
    const bySubresource = sumBy(text, 'apiserver_request_total', ['verb', 'resource', 'subresource']);
    const requests = new Map<string, number>();
    for (const [key, count] of bySubresource) {
      const [verb = '', resource = '', subresource = ''] = key.split(' ');
      const name = `${verb} ${resource ? resource + (subresource ? `/${subresource}` : '') : '(non-resource)'}`;
      requests.set(name, (requests.get(name) ?? 0) + count);
    }
    return { startTime: single(text, 'process_start_time_seconds'), requests };
  }

  private async scrapeOrNote(): Promise<Scrape | undefined> {
    try {
      return await this.scrape();
    } catch (error) {
      this.problem = `the API server's /metrics is not readable (${(error as Error).message})`;
      return undefined;
    }
  }

  async begin(): Promise<void> {
    this.start = await this.scrapeOrNote();
  }

  /** Ends the current phase and starts the next one at the same scrape. */
  async next(): Promise<ApiServerRequests> {
    const start = this.start;
    const end = await this.scrapeOrNote();
    this.start = end;
    if (!start || !end) return { notMeasured: this.problem ?? 'no scrape' };
    // A new start time, or counters that went down: the API server restarted and its earlier counts are gone.
    const restarted = start.startTime !== end.startTime || [...start.requests].some(([key, value]) => (end.requests.get(key) ?? 0) < value);
    if (restarted) return { notMeasured: 'the API server restarted during the phase, so its counters were reset' };
    return { requests: difference(end.requests, start.requests) };
  }
}
