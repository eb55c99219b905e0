// Zero downtime by real traffic: a route that no change touches is requested through the data plane without pause
// while the changes run (gateway-api-bench's route-change test). Any answer other than 2xx/3xx, and any connection
// error, is a failed request; the run fails on one. Requests start every interval (a poll: HTTP has no event).
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpProbe } from './httpProbe.js';

export interface StableProbeFailure {
  /** ms after the probe started. */
  readonly atMs: number;
  readonly problem: string;
}

export interface StableProbeFigures {
  readonly host: string;
  readonly path: string;
  readonly requests: number;
  /** Non-2xx/3xx answers and connection errors. */
  readonly failures: number;
  readonly durationMs: number;
  /** Requests per second over the probe's whole time, the failed ones included: the probe's rate. */
  readonly ratePerSecond: number;
  /** The longest time without an answer or an error (from the start, between them, and up to the stop): how long an outage could have gone unseen. */
  readonly maxGapMs: number;
  /** The first failures (at most 10), so that a broken run does not flood its report. */
  readonly firstFailures: readonly StableProbeFailure[];
}

const KEPT_FAILURES = 10;

export class StableRouteProbe {
  private running = false;
  private loop: Promise<void> | undefined;
  private startedAt = 0;
  private requests = 0;
  private failures = 0;
  private maxGapMs = 0;
  private lastOutcomeAt = 0;
  private readonly firstFailures: StableProbeFailure[] = [];

  constructor(
    private readonly probe: HttpProbe,
    private readonly route: { readonly host: string; readonly path: string },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = performance.now();
    this.lastOutcomeAt = this.startedAt;
    this.loop = this.run();
  }

  private fail(problem: string): void {
    this.failures++;
    // The first line only: a data plane that exited adds its log's tail, which the run's error shows once already.
    const line = problem.split('\n')[0] ?? problem;
    if (this.firstFailures.length < KEPT_FAILURES) this.firstFailures.push({ atMs: performance.now() - this.startedAt, problem: line });
  }

  private outcomeAt(at: number): void {
    this.maxGapMs = Math.max(this.maxGapMs, at - this.lastOutcomeAt);
    this.lastOutcomeAt = at;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const sent = performance.now();
      try {
        const { status, at } = await this.probe.get(this.route.host, this.route.path);
        this.requests++;
        this.outcomeAt(at);
        if (status < 200 || status >= 400) this.fail(`HTTP ${status}`);
      } catch (error) {
        this.requests++;
        this.outcomeAt(performance.now());
        this.fail((error as Error).message);
      }
      const wait = sent + this.probe.intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
  }

  /** Stops after the request in flight and returns what the probe saw. */
  async stop(): Promise<StableProbeFigures> {
    this.running = false;
    await this.loop;
    const stoppedAt = performance.now();
    // The time since the last answer counts too: an outage at the end must not go unseen.
    this.outcomeAt(stoppedAt);
    const durationMs = stoppedAt - this.startedAt;
    return {
      ...this.route,
      requests: this.requests,
      failures: this.failures,
      durationMs,
      ratePerSecond: durationMs > 0 ? (this.requests * 1000) / durationMs : 0,
      maxGapMs: this.maxGapMs,
      firstFailures: [...this.firstFailures],
    };
  }
}

/** "12,345 requests at 198/s, 0 failed (longest gap 14 ms)". */
export function describeStableProbe(figures: StableProbeFigures): string {
  // Each distinct problem once, with when it first came and how often among the kept ones: no repeated error.
  const distinct = new Map<string, { atMs: number; count: number }>();
  for (const f of figures.firstFailures) {
    const seen = distinct.get(f.problem);
    if (seen) seen.count++;
    else distinct.set(f.problem, { atMs: f.atMs, count: 1 });
  }
  const problems = [...distinct].map(([problem, { atMs, count }]) => `${problem} (first at ${(atMs / 1000).toFixed(1)} s${count > 1 ? `, ${count}x` : ''})`);
  const failed = figures.failures ? `${figures.failures} FAILED: ${problems.join('; ')}` : '0 failed';
  return `GET http://${figures.host}${figures.path}: ${figures.requests} requests in ${(figures.durationMs / 1000).toFixed(1)} s (${figures.ratePerSecond.toFixed(0)}/s), ${failed}; longest gap ${figures.maxGapMs.toFixed(1)} ms`;
}
