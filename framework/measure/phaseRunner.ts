// Runs a set of measurements around back-to-back phases: one start, then at each boundary every measurement is
// collected at the same moment, and the phase's duration is taken from the boundaries themselves. With a source of
// controller activity, a boundary is where the controller went quiet after the phase's work (settle.ts), so the
// controller's tail of that work counts in its own phase.
import type { PhaseMeasurement } from './measurement.js';
import type { ControllerActivity, Settle } from './settle.js';

export type Measurements = Readonly<Record<string, PhaseMeasurement<unknown>>>;

/** A phase's figures, keyed as its measurements are (a measurement that is always taken never says "not measured"). */
export type PhaseFigures<M extends Measurements> = { readonly [K in keyof M]: Awaited<ReturnType<M[K]['collect']>> };

export type PhaseOf<M extends Measurements> = {
  readonly name: string;
  /** Phase start -> its edge (after the settle, when there is one). */
  readonly durationMs: number;
  /** How the edge was found; absent without a source of controller activity. */
  readonly settle?: Settle;
} & PhaseFigures<M>;

export class PhaseRunner<M extends Measurements> {
  private startedAt = 0;

  constructor(
    private readonly measurements: M,
    private readonly activity?: ControllerActivity,
  ) {}

  async start(): Promise<void> {
    this.startedAt = performance.now();
    await Promise.all(Object.values(this.measurements).map((m) => m.start()));
  }

  /** Ends the current phase under `name` once the controller is quiet, and starts the next one at the same moment. */
  async next(name: string): Promise<PhaseOf<M>> {
    const settle = await this.activity?.settle();
    const endedAt = performance.now();
    // map() calls every collect() before any of them awaits: their synchronous reads share this moment.
    const entries = Object.entries(this.measurements);
    const figures = await Promise.all(entries.map(([, m]) => m.collect()));
    const durationMs = endedAt - this.startedAt;
    this.startedAt = endedAt;
    const measured = Object.fromEntries(entries.map(([key], i) => [key, figures[i]]));
    return { name, durationMs, ...(settle && { settle }), ...measured } as PhaseOf<M>;
  }

  stop(): void {
    for (const measurement of Object.values(this.measurements)) measurement.stop();
  }
}
