// gateway-api-bench's three figures from a scripted sequence of watch states: which event ends each window, and
// which status writes count.
import { describe, expect, test } from 'vitest';
import { BenchFiguresRecorder, type GatewayView } from '../../framework/measure/benchFigures.js';
import { figuresOf } from '../../framework/report/runFigures.js';
import { fixtureResults } from '../support/reportFixture.js';

/** A recorder over a Gateway whose state the test sets before each event, as the watches would. */
function scripted(routes: number) {
  let view: GatewayView = { attachedRoutes: 0, statusWrites: 0 };
  const recorder = new BenchFiguresRecorder(routes, () => view);
  const event = (at: number, attachedRoutes: number | undefined, statusWrites: number) => {
    view = { attachedRoutes, statusWrites };
    recorder.onEvent(at);
  };
  return { recorder, event };
}

describe('BenchFiguresRecorder', () => {
  test('setup from the last create to the first attachedRoutes = N; teardown from the delete to 0; writes in both windows only', () => {
    const { recorder, event } = scripted(3);
    event(0, 0, 2); //                   the Gateway's own writes before the baseline do not count
    recorder.setupStarted(100);
    event(150, 1, 3);
    recorder.lastCreated(180);
    recorder.lastCreated(170); //        answers may come out of order: the latest is the last create
    event(200, 2, 4);
    event(400, 3, 5); //                 attachedRoutes = N: setup ends here, 3 writes since the first create
    event(450, 3, 6); //                 a later rewrite (Programmed flapping, say) is outside the window
    event(900, 4, 9); //                 the incremental samples: outside both windows
    event(950, 3, 10);
    expect(recorder.figures()).toEqual({ notMeasured: 'the teardown phase (all baseline routes deleted at once) has not run' });
    recorder.teardownStarted(1000, 'deletecollection');
    event(1100, 2, 11);
    event(1500, 0, 12); //               attachedRoutes = 0: teardown ends, 2 writes since the delete
    event(1600, 0, 13);
    expect(recorder.figures()).toEqual({
      setupMs: 400 - 180,
      teardownMs: 500,
      writes: 5,
      setupWrites: 3,
      teardownWrites: 2,
      teardownMethod: 'deletecollection',
    });
  });

  test('a Gateway status for an older generation (attachedRoutes unknown) ends no window', () => {
    const { recorder, event } = scripted(2);
    recorder.setupStarted(0);
    recorder.lastCreated(10);
    event(20, undefined, 1);
    expect(recorder.figures()).toEqual({ notMeasured: "the listener's attachedRoutes never reached 2" });
    event(30, 2, 2);
    recorder.teardownStarted(40, 'deletecollection');
    event(50, undefined, 3);
    expect(recorder.figures()).toEqual({ notMeasured: "the listener's attachedRoutes never went back to 0 after the delete" });
    event(60, 0, 4);
    expect(recorder.figures()).toMatchObject({ setupMs: 20, teardownMs: 20, writes: 4 });
  });

  test('nothing is measured before the baseline was created', () => {
    const { recorder } = scripted(2);
    expect(recorder.figures()).toEqual({ notMeasured: 'the baseline routes were not all created' });
  });
});

describe("gateway-api-bench's figures in a report", () => {
  test('are three scalar figures that compare reads, or say why they are missing', () => {
    const results = fixtureResults({ seed: 1 });
    const keys = (r: typeof results) => figuresOf(r).filter((f) => f.key.startsWith('bench: '));
    expect(keys(results).map((f) => [f.key, 'value' in f ? f.value : undefined])).toEqual([
      ['bench: setup', (results.bench as { setupMs: number }).setupMs],
      ['bench: teardown', (results.bench as { teardownMs: number }).teardownMs],
      ['bench: writes', 300],
    ]);
    const older = { ...results, bench: undefined };
    expect(keys(older).map((f) => ('notMeasured' in f ? f.notMeasured : f))).toEqual(Array(3).fill('not recorded in this report'));
    const failed = { ...results, bench: { notMeasured: 'the teardown phase (all baseline routes deleted at once) has not run' } };
    expect(keys(failed).every((f) => 'notMeasured' in f && f.notMeasured.includes('teardown phase'))).toBe(true);
  });
});
