// Whether the API server itself was the bottleneck during a phase, from its own /metrics: requests API Priority and
// Fairness rejected (HTTP 429) and the time requests of non-exempt priority levels (the controller's, as a
// ServiceAccount) waited in its queues; beside them, for the report, the latency of mutating requests and its own CPU.
// A capacity ladder stops at the first step where the API server is saturated: the knee is then the API server's,
// not the controller's. Latency alone does not count: on a shared 2-core machine it rises with anyone's load, while
// APF only queues or rejects when the API server's own concurrency is used up.
// Phases are back to back: the scrape that ends one phase starts the next.
import type { KubeHttp } from '../kube/http.js';
import type { PhaseMeasurement } from './measurement.js';
import { type Measured, notMeasured } from './notMeasured.js';
import { bucketQuantileBound, histogramBuckets, parseMetrics, seriesSamples, single, sumBy } from './prometheus.js';

export interface ApiServerLoad {
  /** Requests API Priority and Fairness rejected during the phase, by priority level. */
  readonly rejected: Readonly<Record<string, number>>;
  /** Mean time an executed request of a non-exempt priority level waited in APF's queues; null when none ran. */
  readonly meanQueueWaitMs: number | null;
  /** Mutating requests (POST, PUT, PATCH, DELETE, APPLY) the API server answered during the phase. */
  readonly mutatingRequests: number;
  /** The histogram bucket bound their p99 latency falls under (so p99 <= this); null when none ran. */
  readonly mutatingP99BoundMs: number | null;
  /** The API server's own CPU over the phase (its process_cpu_seconds_total). */
  readonly cpuSeconds: number;
}

const MUTATING_VERBS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY']);
const REQUEST_DURATION = 'apiserver_request_duration_seconds';
const QUEUE_WAIT = 'apiserver_flowcontrol_request_wait_duration_seconds';

export interface Scrape {
  readonly startTime: number | undefined;
  readonly rejected: Map<string, number>;
  readonly waitSeconds: number;
  readonly waited: number;
  readonly mutating: Map<number, number>;
  readonly cpuSeconds: number;
}

/** The counters of one /metrics page that a phase's load is the difference of. */
export function scrapeOf(text: string): Scrape {
  const metrics = parseMetrics(text);
  const nonExempt = (labels: Readonly<Record<string, string>>) => labels.priority_level !== 'exempt' && labels.execute === 'true';
  const total = (name: string) => seriesSamples(text, name).reduce((sum, { labels, value }) => (nonExempt(labels) ? sum + value : sum), 0);
  return {
    startTime: single(metrics, 'process_start_time_seconds'),
    rejected: sumBy(metrics, 'apiserver_flowcontrol_rejected_requests_total', ['priority_level']),
    waitSeconds: total(`${QUEUE_WAIT}_sum`),
    waited: total(`${QUEUE_WAIT}_count`),
    mutating: histogramBuckets(text, REQUEST_DURATION, (labels) => MUTATING_VERBS.has(labels.verb ?? '')),
    cpuSeconds: single(metrics, 'process_cpu_seconds_total') ?? Number.NaN,
  };
}

/** The load between two scrapes of the same API server process. */
export function apiServerLoadBetween(start: Scrape, end: Scrape): ApiServerLoad {
  const rejected: Record<string, number> = {};
  for (const [level, count] of end.rejected) {
    const delta = count - (start.rejected.get(level) ?? 0);
    if (delta > 0) rejected[level] = delta;
  }
  const waited = end.waited - start.waited;
  const mutating = new Map([...end.mutating].map(([bound, count]) => [bound, count - (start.mutating.get(bound) ?? 0)]));
  const p99 = bucketQuantileBound(mutating, 0.99);
  return {
    rejected,
    meanQueueWaitMs: waited > 0 ? ((end.waitSeconds - start.waitSeconds) / waited) * 1000 : null,
    mutatingRequests: mutating.get(Number.POSITIVE_INFINITY) ?? 0,
    mutatingP99BoundMs: p99 === undefined ? null : p99 * 1000,
    cpuSeconds: end.cpuSeconds - start.cpuSeconds,
  };
}

export class ApiServerLoadMeter implements PhaseMeasurement<ApiServerLoad> {
  private phaseStart: Measured<Scrape> = notMeasured('no phase was started');

  constructor(private readonly http: KubeHttp) {}

  private async scrapeOrProblem(): Promise<Measured<Scrape>> {
    try {
      return scrapeOf((await this.http.requestText('GET', '/metrics')).body);
    } catch (error) {
      return notMeasured(`the API server's /metrics is not readable (${(error as Error).message})`);
    }
  }

  async start(): Promise<void> {
    this.phaseStart = await this.scrapeOrProblem();
  }

  async collect(): Promise<Measured<ApiServerLoad>> {
    const start = this.phaseStart;
    const end = await this.scrapeOrProblem();
    this.phaseStart = end;
    if ('notMeasured' in start) return start;
    if ('notMeasured' in end) return end;
    if (start.startTime !== end.startTime) return notMeasured('the API server restarted during the phase, so its counters were reset');
    return apiServerLoadBetween(start, end);
  }

  stop(): void {}
}

/** The API server is saturated when APF rejected requests, or non-exempt requests waited in its queues on average longer than this. */
export interface SaturationLimits {
  readonly meanQueueWaitMs: number;
}

/** Why the API server counts as saturated in this phase, or undefined when it does not. */
export function saturation(load: ApiServerLoad, limits: SaturationLimits): string | undefined {
  const rejected = Object.values(load.rejected).reduce((sum, n) => sum + n, 0);
  if (rejected > 0) return `API Priority and Fairness rejected ${rejected} request(s) (${JSON.stringify(load.rejected)})`;
  if (load.meanQueueWaitMs !== null && load.meanQueueWaitMs > limits.meanQueueWaitMs) {
    return `requests of non-exempt priority levels waited ${load.meanQueueWaitMs.toFixed(0)} ms on average in API Priority and Fairness queues (limit ${limits.meanQueueWaitMs} ms)`;
  }
  return undefined;
}
