// What a connected proxy had to take in per phase: xDS responses and their bytes by type, from the run's observer.
import type { XdsObserver } from '../xds/adsObserver.js';
import { countersSince, type XdsCounters } from '../xds/counters.js';
import type { PhaseMeasurement } from './measurement.js';
import { type Measured, notMeasured } from './notMeasured.js';

export class XdsPushesMeasurement implements PhaseMeasurement<XdsCounters> {
  private atPhaseStart: XdsCounters = {};

  constructor(private readonly observer: XdsObserver) {}

  async start(): Promise<void> {
    this.atPhaseStart = this.observer.snapshot();
  }

  async collect(): Promise<Measured<XdsCounters>> {
    const now = this.observer.snapshot();
    const since = countersSince(this.atPhaseStart, now);
    this.atPhaseStart = now;
    // A broken stream misses pushes: the counts would be too low, so they are not reported.
    return this.observer.failure ? notMeasured(`the xDS stream broke: ${this.observer.failure.message}`) : since;
  }

  stop(): void {}
}
