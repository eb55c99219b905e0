// Three once-per-run figures of an Attached Routes run: setup, teardown and writes. On the batched workload (this
// recorder) they follow the shape of gateway-api-bench's but measure the batched workload, so they are not its figures
// and reports name them by what they measure:
// - setup: the last of the N baseline routes created -> the first Gateway update with the listener's attachedRoutes = N;
// - teardown: all N routes deleted at once (one deletecollection) -> the first Gateway update with attachedRoutes = 0;
// - writes: the Gateway status updates seen during both.
// The gateway-api-bench workload fills the same fields by gateway-api-bench's own definitions
// (measure/gatewayApiBenchFigures.ts); `workload` says which.
// Fed with the watches' events (their arrival times, performance.now()); no timer is involved.
import type { Workload } from '../loadtest/workload.js';

export interface BenchFigures {
  /** The workload whose definitions these are (loadtest/workload.ts FIGURE_DEFINITIONS); absent in older reports: batched. */
  readonly workload?: Workload;
  /** Last baseline create answered -> the listener's attachedRoutes = N, as a Gateway watch event showed it. */
  readonly setupMs: number;
  /** The delete of all N baseline routes sent -> attachedRoutes = 0, as a Gateway watch event showed it. */
  readonly teardownMs: number;
  /** Gateway status updates seen during setup (first create -> attachedRoutes = N) and teardown, together. */
  readonly writes: number;
  readonly setupWrites: number;
  readonly teardownWrites: number;
  /** How the N routes were deleted at once (e.g. one deletecollection by the run's label). */
  readonly teardownMethod: string;
}

/** What the recorder reads from the watches' state at each event. */
export interface GatewayView {
  /** The listener's attachedRoutes, undefined while the Gateway's status is not for its current generation. */
  readonly attachedRoutes: number | undefined;
  /** Gateway status updates seen so far (a running count). */
  readonly statusWrites: number;
}

interface Window {
  readonly startedAt: number;
  readonly writesAtStart: number;
  reachedAt?: number;
  writesAtReached?: number;
}

export class BenchFiguresRecorder {
  private setup: Window | undefined;
  private lastCreatedAt: number | undefined;
  private teardown: (Window & { readonly method: string }) | undefined;

  constructor(
    private readonly routes: number,
    private readonly view: () => GatewayView,
  ) {}

  /** The first baseline create request went out at `at`: writes count from here. */
  setupStarted(at: number): void {
    this.setup = { startedAt: at, writesAtStart: this.view().statusWrites };
    this.onEvent(at);
  }

  /** The last baseline create was answered at `at`. */
  lastCreated(at: number): void {
    this.lastCreatedAt = Math.max(at, this.lastCreatedAt ?? at);
  }

  /** The delete of all N routes went out at `at` (`method` says how). */
  teardownStarted(at: number, method: string): void {
    this.teardown = { startedAt: at, writesAtStart: this.view().statusWrites, method };
    this.onEvent(at);
  }

  /** A watch event arrived at `at` (call after the tracker has taken it in). */
  onEvent(at: number): void {
    const { attachedRoutes, statusWrites } = this.view();
    const reach = (window: Window | undefined, target: number) => {
      if (!window || window.reachedAt !== undefined || attachedRoutes !== target) return;
      window.reachedAt = at;
      window.writesAtReached = statusWrites;
    };
    if (!this.teardown) reach(this.setup, this.routes);
    reach(this.teardown, 0);
  }

  /** The three figures, or why they are not (yet) known. */
  figures(): BenchFigures | { readonly notMeasured: string } {
    const { setup, teardown, lastCreatedAt } = this;
    if (!setup || lastCreatedAt === undefined) return { notMeasured: 'the baseline routes were not all created' };
    if (setup.reachedAt === undefined || setup.writesAtReached === undefined)
      return { notMeasured: `the listener's attachedRoutes never reached ${this.routes}` };
    if (!teardown) return { notMeasured: 'the teardown phase (all baseline routes deleted at once) has not run' };
    if (teardown.reachedAt === undefined || teardown.writesAtReached === undefined)
      return { notMeasured: "the listener's attachedRoutes never went back to 0 after the delete" };
    const setupWrites = setup.writesAtReached - setup.writesAtStart;
    const teardownWrites = teardown.writesAtReached - teardown.writesAtStart;
    return {
      workload: 'batched',
      setupMs: setup.reachedAt - lastCreatedAt,
      teardownMs: teardown.reachedAt - teardown.startedAt,
      writes: setupWrites + teardownWrites,
      setupWrites,
      teardownWrites,
      teardownMethod: teardown.method,
    };
  }
}
