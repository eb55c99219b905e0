// gateway-api-bench's three figures from a scripted sequence of watch states: which event ends each window, and
// which status writes count.
import { describe, expect, test } from 'vitest';
import { GatewayApiBenchApps } from '../../framework/loadtest/gatewayApiBenchApps.js';
import { BenchFiguresRecorder, type GatewayView } from '../../framework/measure/benchFigures.js';
import { GatewayApiBenchRecorder, type GatewayEventView } from '../../framework/measure/gatewayApiBenchFigures.js';
import { figuresOf } from '../../framework/report/runFigures.js';
import { RunContext } from '../../framework/run/context.js';
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
      workload: 'batched',
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

describe('the three once-per-run figures in a report', () => {
  test('are three scalar figures that compare reads, named by the batched workload, or say why they are missing', () => {
    const results = fixtureResults({ seed: 1 });
    const keys = (r: typeof results) => figuresOf(r).filter((f) => f.key.startsWith('batched: '));
    expect(keys(results).map((f) => [f.key, 'value' in f ? f.value : undefined])).toEqual([
      ['batched: setup', (results.bench as { setupMs: number }).setupMs],
      ['batched: teardown', (results.bench as { teardownMs: number }).teardownMs],
      ['batched: writes', 300],
    ]);
    expect(figuresOf(results).some((f) => f.label.includes('gateway-api-bench'))).toBe(false);
    const older = { ...results, bench: undefined };
    expect(keys(older).map((f) => ('notMeasured' in f ? f.notMeasured : f))).toEqual(Array(3).fill('not recorded in this report'));
    const failed = { ...results, bench: { notMeasured: 'the teardown phase (all baseline routes deleted at once) has not run' } };
    expect(keys(failed).every((f) => 'notMeasured' in f && f.notMeasured.includes('teardown phase'))).toBe(true);
  });
});

describe('GatewayApiBenchRecorder (gateway-api-bench definitions)', () => {
  /** A recorder over a Gateway whose state the test sets before each event, as the watches would. */
  function scriptedEvents(apps: number) {
    let view: GatewayEventView = { attachedRoutes: 0, gatewayEvents: 3 };
    const recorder = new GatewayApiBenchRecorder(apps, () => view, 'app by app');
    const gatewayEvent = (at: number, attachedRoutes: number | undefined) => {
      view = { attachedRoutes, gatewayEvents: view.gatewayEvents + 1 };
      recorder.onEvent(at);
    };
    const routeEvent = (at: number) => recorder.onEvent(at);
    return { recorder, gatewayEvent, routeEvent };
  }

  test('add-all from the last app to the first N; remove-all from that event to the one showing 0; writes every Gateway event', () => {
    const { recorder, gatewayEvent, routeEvent } = scriptedEvents(3);
    gatewayEvent(0, 0); //              before its clock: not counted
    recorder.started(100);
    gatewayEvent(150, 1);
    routeEvent(160); //                 a route's event is no Gateway event
    gatewayEvent(170, 1); //            a rewrite that changes no count still counts
    recorder.allCreated(200);
    gatewayEvent(400, 3); //            N: add-all ends, remove-all starts
    expect(recorder.reachedAt).toBe(400);
    expect(recorder.figures()).toEqual({ notMeasured: "the listener's attachedRoutes never went back to 0 after the deletes" });
    gatewayEvent(900, 1);
    gatewayEvent(1400, 0); //           0: remove-all ends
    gatewayEvent(1500, 0); //           after its last event: not counted
    expect(recorder.figures()).toEqual({
      workload: 'gateway-api-bench',
      setupMs: 200,
      teardownMs: 1000,
      writes: 5,
      setupWrites: 3,
      teardownWrites: 2,
      teardownMethod: 'app by app',
    });
  });

  test('nothing before the apps are created, and no N seen is said', () => {
    const { recorder, gatewayEvent } = scriptedEvents(2);
    expect(recorder.figures()).toEqual({ notMeasured: 'the apps were not all created' });
    recorder.started(0);
    recorder.allCreated(10);
    gatewayEvent(20, 1);
    expect(recorder.figures()).toEqual({ notMeasured: "the listener's attachedRoutes never reached 2" });
  });
});

describe('GatewayApiBenchApps', () => {
  test("a Service (80 and 443, selecting the app) and an HTTPRoute as pilot-load makes them, with the run's labels", () => {
    const run = new RunContext('lt-fixture');
    const apps = new GatewayApiBenchApps(run, { namespace: run.appNamespace, name: 'test-gateway' });
    expect(apps.namespace).toBe('lt-fixture-apps');
    expect(apps.service(7)).toMatchObject({
      metadata: { name: 'app-7', labels: run.labels },
      spec: { type: 'ClusterIP', selector: { app: 'app-7' }, ports: [{ port: 80 }, { port: 443 }] },
    });
    expect(apps.route(7, () => 0.5)).toMatchObject({
      metadata: { name: 'app-7', labels: run.labels },
      spec: {
        hostnames: ['app-7.example.com'],
        parentRefs: [{ name: 'test-gateway', namespace: 'lt-fixture-app' }],
        rules: [{ backendRefs: [{ name: 'app-7', port: 80 }], matches: [{ path: { type: 'PathPrefix', value: '/5001' } }] }],
      },
    });
    expect((apps.route(1, () => 0).spec.parentRefs[0] as Record<string, unknown>).sectionName).toBeUndefined();
    expect(apps.route(1, () => 0.99999).spec.rules[0]?.matches[0]?.path.value).toBe('/10000');
  });
});
