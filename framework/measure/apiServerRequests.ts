// Requests the API server served per phase, by verb and resource, from its own /metrics (when readable).
// Phases are back to back: the scrape that ends one phase starts the next.
import type { KubeHttp } from '../kube/http.js';
import type { PhaseMeasurement } from './measurement.js';
import { type Measured, notMeasured } from './notMeasured.js';
import { difference, parseMetrics, single, sumBy } from './prometheus.js';

/** Requests the API server served, by "VERB resource[/subresource]". */
export interface ApiServerRequests {
  readonly requests: Readonly<Record<string, number>>;
}

interface Scrape {
  startTime: number | undefined;
  requests: Map<string, number>;
}

export class ApiServerRequestMeter implements PhaseMeasurement<ApiServerRequests> {
  /** The scrape that started the current phase, or why there is none. */
  private phaseStart: Measured<Scrape> = notMeasured('no phase was started');

  constructor(private readonly http: KubeHttp) {}

  private async scrape(): Promise<Scrape> {
    const metrics = parseMetrics((await this.http.requestText('GET', '/metrics')).body);
    const bySubresource = sumBy(metrics, 'apiserver_request_total', ['verb', 'resource', 'subresource']);
    const requests = new Map<string, number>();
    for (const [key, count] of bySubresource) {
      const [verb = '', resource = '', subresource = ''] = key.split(' ');
      const name = `${verb} ${resource ? resource + (subresource ? `/${subresource}` : '') : '(non-resource)'}`;
      requests.set(name, (requests.get(name) ?? 0) + count);
    }
    return { startTime: single(metrics, 'process_start_time_seconds'), requests };
  }

  private async scrapeOrProblem(): Promise<Measured<Scrape>> {
    try {
      return await this.scrape();
    } catch (error) {
      return notMeasured(`the API server's /metrics is not readable (${(error as Error).message})`);
    }
  }

  async start(): Promise<void> {
    this.phaseStart = await this.scrapeOrProblem();
  }

  /** Ends the current phase and starts the next one at the same scrape. */
  async collect(): Promise<Measured<ApiServerRequests>> {
    const start = this.phaseStart;
    const end = await this.scrapeOrProblem();
    this.phaseStart = end;
    if ('notMeasured' in start) return start;
    if ('notMeasured' in end) return end;
    // A new start time, or counters that went down: the API server restarted and its earlier counts are gone.
    const restarted = start.startTime !== end.startTime || [...start.requests].some(([key, value]) => (end.requests.get(key) ?? 0) < value);
    if (restarted) return notMeasured('the API server restarted during the phase, so its counters were reset');
    return { requests: difference(end.requests, start.requests) };
  }

  stop(): void {}
}
