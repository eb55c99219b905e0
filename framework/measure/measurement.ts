// The one interface every per-phase figure implements (kube-burner's measurements are the model): start before the
// first phase, collect at each phase boundary, stop at the end. Phases are back to back: collect() ends the current
// phase and starts the next at the same instant (the scrape that ends one phase starts the next).
import { type Measured, notMeasured } from './notMeasured.js';

export interface PhaseMeasurement<T> {
  /** Starts the first phase. A figure that cannot be taken is "not measured", never a failed run. */
  start(): Promise<void>;
  /**
   * Ends the current phase and starts the next. Whatever must be read at the boundary is read synchronously, before
   * the first await, so that all measurements of a phase runner see the same moment.
   */
  collect(): Promise<Measured<T>>;
  /** Releases timers and connections; safe to call twice. */
  stop(): void;
}

/** A measurement that cannot be taken in this run, saying why in every phase. */
export class Unmeasurable<T> implements PhaseMeasurement<T> {
  constructor(private readonly reason: string) {}
  async start(): Promise<void> {}
  async collect(): Promise<Measured<T>> {
    return notMeasured(this.reason);
  }
  stop(): void {}
}
