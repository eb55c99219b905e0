// The baseline's attachment curve: routes created and routes attached over time, recorded from events only (each
// create response, and each watch event that the tracker saw), never from a timer. A point is kept only when one of
// the two counts changed, so N routes give at most 2N + 1 points.
import type { AttachmentPoint } from '../report/charts.js';

/** `attached` reads the current count (AttachmentTracker.attachedCount); call record() on each of its events. */
export class AttachmentCurve {
  private readonly recorded: AttachmentPoint[] = [];
  private created = 0;
  private origin: number | undefined;

  constructor(private readonly attached: () => number) {}

  /** Starts the curve at `origin` (the first create request, performance.now()). */
  start(origin: number): void {
    this.origin = origin;
    this.record(origin);
  }

  /** A create request was answered at `at`. */
  onCreated(at: number): void {
    this.created++;
    this.record(at);
  }

  /** The attachment may have changed (a watch event arrived at `at`). */
  record(at: number): void {
    if (this.origin === undefined) return;
    const point = { tMs: Math.max(0, at - this.origin), created: this.created, attached: this.attached() };
    const last = this.recorded.at(-1);
    if (last && last.created === point.created && last.attached === point.attached) return;
    this.recorded.push(point);
  }

  get points(): readonly AttachmentPoint[] {
    return this.recorded;
  }
}
