// Requests the API server served per phase, by verb and resource, from its own /metrics (when readable).
// Phases are back to back: the scrape that ends one phase starts the next.
import type { KubeHttp } from '../kube/http.js';
import type { PhaseMeasurement } from './measurement.js';
import { type Measured, notMeasured } from './notMeasured.js';
import { difference, parseMetrics, single, sumBy } from './prometheus.js';

/** Requests the API server served, by "VERB resource[/subresource]". */
export interface ApiServerRequests {
  /** Every client's, as the API server counted them (cluster-wide). */
  readonly requests: Readonly<Record<string, number>>;
  /** The harness's own (its client counts what it sends), by the same keys. */
  readonly harness: Readonly<Record<string, number>>;
  /** requests - harness per key: the controller's and any other client's share. */
  readonly others: Readonly<Record<string, number>>;
}

interface Scrape {
  startTime: number | undefined;
  requests: Map<string, number>;
  /** The harness's own count, taken just before the scrape was sent (the scrape itself falls in the next phase on both sides). */
  harness: Map<string, number>;
}

export class ApiServerRequestMeter implements PhaseMeasurement<ApiServerRequests> {
  /** The scrape that started the current phase, or why there is none. */
  private phaseStart: Measured<Scrape> = notMeasured('no phase was started');

  constructor(private readonly http: KubeHttp) {}

  private async scrape(): Promise<Scrape> {
    const harness = this.http.sent.snapshot();
    const metrics = parseMetrics((await this.http.requestText('GET', '/metrics')).body);
    const bySubresource = sumBy(metrics, 'apiserver_request_total', ['verb', 'resource', 'subresource']);
    const requests = new Map<string, number>();
    for (const [key, count] of bySubresource) {
      const [verb = '', resource = '', subresource = ''] = key.split(' ');
      const name = `${verb} ${resource ? resource + (subresource ? `/${subresource}` : '') : '(non-resource)'}`;
      requests.set(name, (requests.get(name) ?? 0) + count);
    }
    return { startTime: single(metrics, 'process_start_time_seconds'), requests, harness };
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
    const requests = difference(end.requests, start.requests);
    const harness = difference(end.harness, start.harness);
    return { requests, harness, others: othersOf(requests, harness) };
  }

  stop(): void {}
}

/**
 * What the API server counted beyond the harness's own requests, per key the server counted. A key the server does
 * not count at all (a path its metrics leave out) is left out; a negative share (a request counted by the harness
 * when sent and by the server only when done, across a phase edge) is kept, so that it shows.
 */
export function othersOf(requests: Readonly<Record<string, number>>, harness: Readonly<Record<string, number>>): Record<string, number> {
  const others: Record<string, number> = {};
  for (const [key, count] of Object.entries(requests)) {
    const rest = count - (harness[key] ?? 0);
    if (rest !== 0) others[key] = rest;
  }
  return others;
}
