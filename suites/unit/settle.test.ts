// The phase edge: a phase ends once the controller has been quiet (no status write, no xDS push) for the settle
// time after the phase's work, or at the upper bound. Synthetic event streams on fake timers.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { HTTPRoute } from '../../framework/gatewayApi/types.js';
import { AttachmentTracker } from '../../framework/measure/attachment.js';
import { PhaseRunner } from '../../framework/measure/phaseRunner.js';
import { ControllerActivity, describeSettle, feedControllerActivity, readSettleOptions, type Settle } from '../../framework/measure/settle.js';
import { StatusWritesMeasurement } from '../../framework/measure/statusWrites.js';
import type { XdsPush } from '../../framework/xds/adsObserver.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const now = () => Date.now();

const route = (name: string, reason: string, generation = 1): HTTPRoute => ({
  metadata: { name, namespace: 'ns', generation },
  status: { parents: [{ parentRef: { name: 'gw' }, conditions: [{ type: 'Accepted', status: 'True', reason, message: '' }] }] },
});

/** Resolves `promise` while stepping the fake clock; returns its value and when (fake ms) it resolved. */
async function settleWhile(activity: ControllerActivity, events: readonly number[]): Promise<{ settle: Settle; at: number }> {
  const t0 = now();
  let resolvedAt: number | undefined;
  const promise = activity.settle().then((settle) => {
    resolvedAt = now() - t0;
    return settle;
  });
  for (const offset of events) {
    await vi.advanceTimersByTimeAsync(offset - (now() - t0));
    if (resolvedAt !== undefined) break;
    activity.record(now());
  }
  await vi.runAllTimersAsync();
  const settle = await promise;
  return { settle, at: resolvedAt ?? Number.NaN };
}

describe('ControllerActivity.settle', () => {
  test('without any activity, the edge is the settle time after the work', async () => {
    const { settle, at } = await settleWhile(new ControllerActivity({ settleMs: 1_000, maxMs: 10_000, now }), []);
    expect(at).toBe(1_000);
    expect(settle).toEqual({ quietAfterMs: 0, settleMs: 1_000, settled: true, maxMs: 10_000, events: 0, phaseEvents: 0 });
  });

  test('every event re-arms the timer: the edge is the settle time after the last one', async () => {
    const { settle, at } = await settleWhile(new ControllerActivity({ settleMs: 1_000, maxMs: 10_000, now }), [300, 900, 1_800, 2_500]);
    expect(at).toBe(3_500);
    expect(settle).toMatchObject({ quietAfterMs: 2_500, settled: true, events: 4 });
  });

  test('a gap longer than the settle time ends the phase, and later events fall into the next phase', async () => {
    const activity = new ControllerActivity({ settleMs: 1_000, maxMs: 10_000, now });
    const { settle, at } = await settleWhile(activity, [200, 1_300, 1_500]);
    expect(at).toBe(1_200);
    expect(settle).toMatchObject({ quietAfterMs: 200, events: 1, phaseEvents: 1 });
    // The events after the edge are the next phase's.
    activity.record(now());
    await vi.advanceTimersByTimeAsync(100);
    const next = activity.settle();
    await vi.runAllTimersAsync();
    expect(await next).toMatchObject({ events: 0, phaseEvents: 1 });
  });

  test('activity before the work ended does not shorten the quiet wait', async () => {
    const activity = new ControllerActivity({ settleMs: 1_000, maxMs: 10_000, now });
    activity.record(now());
    await vi.advanceTimersByTimeAsync(600);
    const { settle, at } = await settleWhile(activity, []);
    expect(at).toBe(1_000);
    // It counts in the phase, but not as the phase's tail.
    expect(settle).toMatchObject({ quietAfterMs: 0, events: 0, phaseEvents: 1 });
  });

  test('a controller that never goes quiet ends the phase at the upper bound, and says so', async () => {
    const events = Array.from({ length: 40 }, (_, i) => (i + 1) * 500);
    const { settle, at } = await settleWhile(new ControllerActivity({ settleMs: 1_000, maxMs: 5_000, now }), events);
    expect(at).toBe(5_000);
    expect(settle).toMatchObject({ settled: false, maxMs: 5_000 });
    expect(describeSettle(settle)).toMatch(/^did not settle within 5000 ms/);
  });

  test('one wait at a time', async () => {
    const activity = new ControllerActivity({ settleMs: 10, maxMs: 100, now });
    const first = activity.settle();
    expect(() => activity.settle()).toThrow(/already waiting/);
    await vi.runAllTimersAsync();
    await first;
  });
});

describe('feedControllerActivity', () => {
  test('status writes and xDS pushes are activity; watch events that change no status are not', () => {
    const tracker = new AttachmentTracker({ namespace: 'ns', name: 'gw', listener: 'http' });
    const listeners: ((push: XdsPush) => void)[] = [];
    const xds = {
      onPush: (listener: (push: XdsPush) => void) => {
        listeners.push(listener);
        return () => listeners.splice(0);
      },
    };
    const activity = new ControllerActivity({ settleMs: 1, maxMs: 2, now });
    const record = vi.spyOn(activity, 'record');
    const stop = feedControllerActivity(activity, tracker, xds);
    tracker.onRouteEvent({ type: 'ADDED', object: { metadata: { name: 'r', namespace: 'ns' } }, at: 1 });
    tracker.onRouteEvent({ type: 'MODIFIED', object: route('r', 'Accepted'), at: 2 });
    tracker.onRouteEvent({ type: 'MODIFIED', object: route('r', 'Accepted', 2), at: 3 });
    for (const listener of listeners) listener({ at: 4, typeUrl: 'rds', version: '1', resources: 1, bytes: 10 });
    stop();
    tracker.onRouteEvent({ type: 'MODIFIED', object: route('r', 'Changed'), at: 5 });
    expect(record.mock.calls.map(([at]) => at)).toEqual([2, 4]);
  });
});

describe('PhaseRunner with controller activity', () => {
  test('the edge waits for quiet, the counters are taken there, and the phase reports its settle', async () => {
    const tracker = new AttachmentTracker({ namespace: 'ns', name: 'gw', listener: 'http' });
    const activity = new ControllerActivity({ settleMs: 1_000, maxMs: 10_000, now: () => performance.now() });
    const stop = feedControllerActivity(activity, tracker, undefined);
    const runner = new PhaseRunner({ writes: new StatusWritesMeasurement(tracker) }, activity);
    await runner.start();
    tracker.onRouteEvent({ type: 'ADDED', object: { metadata: { name: 'r', namespace: 'ns' } }, at: performance.now() });
    const ended = runner.next('baseline');
    // The controller's tail: a status write 400 ms after the work ended belongs to this phase.
    await vi.advanceTimersByTimeAsync(400);
    tracker.onRouteEvent({ type: 'MODIFIED', object: route('r', 'Accepted'), at: performance.now() });
    await vi.advanceTimersByTimeAsync(1_400);
    const phase = await ended;
    stop();
    expect(phase.writes.routes).toBe(1);
    expect(phase.settle).toMatchObject({ settled: true, events: 1, phaseEvents: 1, quietAfterMs: 400 });
    expect(phase.durationMs).toBe(1_400);
  });
});

describe('readSettleOptions', () => {
  test('defaults, overrides, and a bound shorter than the settle time is refused', () => {
    expect(readSettleOptions({})).toEqual({ settleMs: 1_000, maxMs: 30_000 });
    expect(readSettleOptions({ LOADTEST_SETTLE_MS: '250', LOADTEST_SETTLE_MAX_MS: '5000' })).toEqual({ settleMs: 250, maxMs: 5_000 });
    expect(() => readSettleOptions({ LOADTEST_SETTLE_MS: '5000', LOADTEST_SETTLE_MAX_MS: '1000' })).toThrow(/shorter than/);
  });
});
