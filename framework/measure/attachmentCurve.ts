// The baseline's attachment curve: routes created, routes attached and the listener's attachedRoutes over time,
// recorded from events only (each create response, and each watch event that the tracker saw), never from a timer. A
// point is kept only when one of the counts changed, so N routes give at most 3N + 1 points.
import type { AttachmentPoint } from '../report/charts.js';

/**
 * `attached` reads the current count (AttachmentTracker.attachedCount), `listener` the listener's attachedRoutes
 * (undefined while unknown); call record() on each of the tracker's events.
 */
export class AttachmentCurve {
  private readonly recorded: AttachmentPoint[] = [];
  private created = 0;
  private origin: number | undefined;

  constructor(
    private readonly attached: () => number,
    private readonly listener: () => number | undefined = () => undefined,
  ) {}

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
    const listener = this.listener();
    const point = { tMs: Math.max(0, at - this.origin), created: this.created, attached: this.attached(), ...(listener === undefined ? {} : { listener }) };
    const last = this.recorded.at(-1);
    if (last && last.created === point.created && last.attached === point.attached && last.listener === point.listener) return;
    this.recorded.push(point);
  }

  get points(): readonly AttachmentPoint[] {
    return this.recorded;
  }
}
