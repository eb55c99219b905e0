// Runs a set of measurements around back-to-back phases: one start, then at each boundary every measurement is
// collected at the same moment, and the phase's duration is taken from the boundaries themselves.
import type { PhaseMeasurement } from './measurement.js';

export type Measurements = Readonly<Record<string, PhaseMeasurement<unknown>>>;

/** A phase's figures, keyed as its measurements are (a measurement that is always taken never says "not measured"). */
export type PhaseFigures<M extends Measurements> = { readonly [K in keyof M]: Awaited<ReturnType<M[K]['collect']>> };

export type PhaseOf<M extends Measurements> = { readonly name: string; readonly durationMs: number } & PhaseFigures<M>;

export class PhaseRunner<M extends Measurements> {
  private startedAt = 0;

  constructor(private readonly measurements: M) {}

  async start(): Promise<void> {
    this.startedAt = performance.now();
    await Promise.all(Object.values(this.measurements).map((m) => m.start()));
  }

  /** Ends the current phase under `name` and starts the next one at the same moment. */
  async next(name: string): Promise<PhaseOf<M>> {
    const endedAt = performance.now();
    // map() calls every collect() before any of them awaits: their synchronous reads share this moment.
    const entries = Object.entries(this.measurements);
    const figures = await Promise.all(entries.map(([, m]) => m.collect()));
    const durationMs = endedAt - this.startedAt;
    this.startedAt = endedAt;
    return { name, durationMs, ...Object.fromEntries(entries.map(([key], i) => [key, figures[i]])) } as PhaseOf<M>;
  }

  stop(): void {
    for (const measurement of Object.values(this.measurements)) measurement.stop();
  }
}
