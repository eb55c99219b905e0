// Status writes per phase: the Gateway's and the routes' status changes the watches saw (AttachmentTracker counts
// them), as the difference between two phase boundaries.
import type { AttachmentTracker } from './attachment.js';
import type { PhaseMeasurement } from './measurement.js';

export interface StatusWrites {
  readonly gateway: number;
  readonly routes: number;
}

export class StatusWritesMeasurement implements PhaseMeasurement<StatusWrites> {
  private atStart: StatusWrites = { gateway: 0, routes: 0 };

  constructor(private readonly tracker: AttachmentTracker) {}

  private now(): StatusWrites {
    return { gateway: this.tracker.gatewayStatusWrites, routes: this.tracker.routeStatusWrites };
  }

  async start(): Promise<void> {
    this.atStart = this.now();
  }

  async collect(): Promise<StatusWrites> {
    const now = this.now();
    const start = this.atStart;
    this.atStart = now;
    return { gateway: now.gateway - start.gateway, routes: now.routes - start.routes };
  }

  stop(): void {}
}
