// gateway-api-bench's three attached-routes figures by its own definitions, for the gateway-api-bench workload
// (loadtest/phases/gatewayApiBench.ts). As its program (tests/attachedroutes/attachedroutes.go in
// howardjohn/gateway-api-bench) computes them from its Gateway informer's events:
// - add-all: the first event with the listener's attachedRoutes = N, minus the time all N apps were created;
// - remove-all: from the event showing N (its deletes start right there) to its last recorded event, the one showing 0
//   (its handler stops recording at the event showing 0, save at most one more);
// - writes: every Gateway event after its first, through creation and deletion (a change of the status or not).
// Fed with the watches' events (their arrival times, performance.now()); no timer is involved.
import type { BenchFigures } from './benchFigures.js';

/** What the recorder reads from the watches' state at each event. */
export interface GatewayEventView {
  /** The listener's attachedRoutes, undefined while the Gateway's status is not for its current generation. */
  readonly attachedRoutes: number | undefined;
  /** Gateway watch events seen so far (a running count). */
  readonly gatewayEvents: number;
}

export class GatewayApiBenchRecorder {
  private startedAt: number | undefined;
  private eventsAtStart = 0;
  private allCreatedAt: number | undefined;
  private reached: { at: number; events: number } | undefined;
  private emptied: { at: number; events: number } | undefined;
  private lastEvents = 0;

  constructor(
    private readonly apps: number,
    private readonly view: () => GatewayEventView,
    private readonly teardownMethod: string,
  ) {}

  /** The first app's create went out at `at`: Gateway events count from here (gateway-api-bench's clock starts). */
  started(at: number): void {
    this.startedAt = at;
    this.eventsAtStart = this.view().gatewayEvents;
    this.lastEvents = this.eventsAtStart;
  }

  /** The last app was created (both its objects answered) at `at`. */
  allCreated(at: number): void {
    this.allCreatedAt = at;
  }

  /** When the Gateway showed N (the deletes start then); undefined before. */
  get reachedAt(): number | undefined {
    return this.reached?.at;
  }

  /** A watch event arrived at `at` (call after the tracker has taken it in). */
  onEvent(at: number): void {
    if (this.startedAt === undefined || this.emptied) return;
    const { attachedRoutes, gatewayEvents } = this.view();
    if (gatewayEvents === this.lastEvents) return; // a route's event: gateway-api-bench watches Gateways only
    this.lastEvents = gatewayEvents;
    if (!this.reached) {
      if (attachedRoutes === this.apps) this.reached = { at, events: gatewayEvents };
      return;
    }
    if (attachedRoutes === 0) this.emptied = { at, events: gatewayEvents };
  }

  /** The three figures, or why they are not (yet) known. */
  figures(): BenchFigures | { readonly notMeasured: string } {
    const { startedAt, allCreatedAt, reached, emptied } = this;
    if (startedAt === undefined || allCreatedAt === undefined) return { notMeasured: 'the apps were not all created' };
    if (!reached) return { notMeasured: `the listener's attachedRoutes never reached ${this.apps}` };
    if (!emptied) return { notMeasured: "the listener's attachedRoutes never went back to 0 after the deletes" };
    const setupWrites = reached.events - this.eventsAtStart;
    const teardownWrites = emptied.events - reached.events;
    return {
      workload: 'gateway-api-bench',
      setupMs: reached.at - allCreatedAt,
      teardownMs: emptied.at - reached.at,
      writes: setupWrites + teardownWrites,
      setupWrites,
      teardownWrites,
      teardownMethod: this.teardownMethod,
    };
  }
}
