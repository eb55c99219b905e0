// Where a phase ends: not when the harness's own work is done, but when the controller has gone quiet after it (no
// status write and no xDS push for `settleMs`), so that the controller's tail of one phase's work is counted in
// that phase and not in the next. Event-driven: every sign of activity re-arms one timer; nothing polls.

import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';
import { ConfigError, type Env } from '../env.js';
import type { XdsObserver } from '../xds/adsObserver.js';
import type { AttachmentTracker } from './attachment.js';

/** How a phase's edge was found. */
export interface Settle {
  /** The controller's last activity after the phase's work ended, as ms after that end (0: none after it). */
  readonly quietAfterMs: number;
  /** The quiet time that ended the phase (LOADTEST_SETTLE_MS). */
  readonly settleMs: number;
  /** False when activity went on until the upper bound (`maxMs` after the work ended): the edge is then there. */
  readonly settled: boolean;
  readonly maxMs: number;
  /** Activity events (status writes + xDS pushes) seen between the end of the work and the edge. */
  readonly events: number;
  /** Activity events over the whole phase, from its start (or the previous edge) to this edge. */
  readonly phaseEvents: number;
}

export interface SettleOptions {
  readonly settleMs: number;
  readonly maxMs: number;
  /** The clock of the events' timestamps (performance.now() in a run; a fake one in tests). */
  readonly now?: () => number;
}

/** Signs of controller activity, as they arrive; the edge of a phase is found on them. */
export class ControllerActivity {
  private lastAt = Number.NEGATIVE_INFINITY;
  private count = 0;
  /** The count at the previous edge: where this phase's events start. */
  private countAtEdge = 0;
  private listener: (() => void) | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SettleOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** A status write or an xDS push arrived at `at` (its arrival on the monotonic clock). */
  record = (at: number): void => {
    this.lastAt = Math.max(this.lastAt, at);
    this.count++;
    this.listener?.();
  };

  /**
   * Resolves at the phase's edge: `settleMs` after the last activity (or after now, if none comes), or at `maxMs`
   * from now if the controller never goes quiet that long.
   */
  settle(): Promise<Settle> {
    if (this.listener) throw new Error('ControllerActivity.settle() is already waiting');
    const { settleMs, maxMs } = this.options;
    const workEndedAt = this.now();
    const countAtStart = this.count;
    return new Promise<Settle>((resolve) => {
      let quietTimer: NodeJS.Timeout | undefined;
      const finish = (settled: boolean) => {
        clearTimeout(quietTimer);
        clearTimeout(boundTimer);
        this.listener = undefined;
        const quietAfterMs = Math.max(0, this.lastAt - workEndedAt);
        const phaseEvents = this.count - this.countAtEdge;
        this.countAtEdge = this.count;
        resolve({ quietAfterMs, settleMs, settled, maxMs, events: this.count - countAtStart, phaseEvents });
      };
      // Re-armed on every event: fires once the last one is settleMs old.
      const arm = () => {
        clearTimeout(quietTimer);
        const quietSince = Math.max(workEndedAt, this.lastAt);
        quietTimer = setTimeout(() => finish(true), Math.max(0, quietSince + settleMs - this.now()));
      };
      const boundTimer = setTimeout(() => finish(false), maxMs);
      this.listener = arm;
      arm();
    });
  }
}

export const DEFAULT_SETTLE_MS = 1_000;
export const DEFAULT_SETTLE_MAX_MS = 30_000;

export const settleSection = defineSection({
  name: 'settle',
  title: 'Phase edges',
  description: "Where a phase ends: once the controller has gone quiet (no status write, no xDS push) after the phase's work.",
  settings: {
    settleMs: {
      env: 'LOADTEST_SETTLE_MS',
      kind: kinds.milliseconds,
      default: DEFAULT_SETTLE_MS,
      unit: 'ms',
      description: 'the quiet time after the work that ends a phase',
    },
    maxMs: {
      env: 'LOADTEST_SETTLE_MAX_MS',
      kind: kinds.positiveInteger,
      default: DEFAULT_SETTLE_MAX_MS,
      unit: 'ms',
      description: 'a phase ends at most this long after its work, quiet or not',
    },
  },
});

/** LOADTEST_SETTLE_MS (quiet time that ends a phase) and LOADTEST_SETTLE_MAX_MS (its upper bound). */
export function readSettleOptions(env: Env): SettleOptions {
  const { settleMs, maxMs } = settleSection.read(env);
  if (maxMs < settleMs) throw new ConfigError(`LOADTEST_SETTLE_MAX_MS=${maxMs} is shorter than LOADTEST_SETTLE_MS=${settleMs}`);
  return { settleMs, maxMs };
}

/** "quiet 240 ms after the work (settle 1000 ms)", or "did not settle within 30000 ms". */
export function describeSettle(settle: Settle): string {
  if (!settle.settled) {
    return `did not settle within ${settle.maxMs} ms (${settle.events} of the phase's ${settle.phaseEvents} status writes/xDS pushes came after the work)`;
  }
  return `quiet ${settle.quietAfterMs.toFixed(0)} ms after the work (${settle.events} of the phase's ${settle.phaseEvents} status writes/xDS pushes came after it), then ${settle.settleMs} ms without any`;
}

/**
 * Feeds `activity` with the controller's status writes (the tracker's write counts going up, on watch events) and
 * its xDS pushes to the run's observer, when one is connected. Returns the function that stops it.
 */
export function feedControllerActivity(
  activity: ControllerActivity,
  tracker: Pick<AttachmentTracker, 'observe' | 'gatewayStatusWrites' | 'routeStatusWrites'>,
  xds: Pick<XdsObserver, 'onPush'> | undefined,
): () => void {
  const writes = () => tracker.gatewayStatusWrites + tracker.routeStatusWrites;
  let seen = writes();
  const stopWrites = tracker.observe((at) => {
    // Every watch event arrives here; only those that changed a status are the controller's work.
    if (writes() === seen) return;
    seen = writes();
    activity.record(at);
  });
  const stopPushes = xds?.onPush((push) => activity.record(push.at));
  return () => {
    stopWrites();
    stopPushes?.();
  };
}
