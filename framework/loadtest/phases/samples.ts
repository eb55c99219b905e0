// Phases 7-11: incremental routes, one after another, each timed from its create request to attachment and to being
// served (HTTP through a data plane, or the xDS push to the Gateway's proxy), and from its delete request back to N
// attached routes and to no longer being served.
import { withRetry } from '../../kube/retry.js';
import { isNotMeasured, type Measured, type NotMeasured } from '../../measure/notMeasured.js';
import type { RouteReadiness } from '../../measure/routeReadiness.js';
import type { Sample } from '../results.js';
import type { SimulatedCluster } from '../simulator.js';
import type { RunParts } from './parts.js';

/**
 * `xdsBeside`: where route ready is measured by HTTP and the run also observes the controller's xDS pushes, the push
 * is timed beside it, so that HTTP minus xDS is the data plane's own apply time.
 */
export async function measureSamples(
  parts: RunParts,
  simulated: SimulatedCluster,
  readiness: RouteReadiness | NotMeasured,
  xdsBeside?: RouteReadiness,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const { samples: count } = parts.config;
  for (let i = 0; i < count; i++) {
    const sample = await measureIncrementalRoute(parts, i, simulated, readiness, xdsBeside);
    samples.push(sample);
    const xds = sample.routeReadyXdsMs === undefined || isNotMeasured(sample.routeReadyXdsMs) ? '' : ` (xDS push ${sample.routeReadyXdsMs.toFixed(1)} ms)`;
    const ready =
      isNotMeasured(readiness) || isNotMeasured(sample.routeReadyMs) ? '' : `, route ready (${readiness.method}) ${sample.routeReadyMs.toFixed(1)} ms${xds}`;
    parts.progress(
      `[sample ${i + 1}/${count}] setup ${sample.setupMs.toFixed(1)} ms (accepted ${sample.acceptedMs.toFixed(1)}, attachedRoutes ${sample.attachedMs.toFixed(1)})${ready}, teardown ${sample.teardownMs.toFixed(1)} ms`,
    );
  }
  return samples;
}

async function measureIncrementalRoute(
  parts: RunParts,
  sampleIndex: number,
  simulated: SimulatedCluster,
  readiness: RouteReadiness | NotMeasured,
  xdsBeside: RouteReadiness | undefined,
): Promise<Sample> {
  const { http, tracker, routes: names, creates } = parts;
  const { routes, phaseTimeoutMs } = parts.config;
  const index = routes + sampleIndex;
  const name = names.name(index);
  const what = `sample ${sampleIndex + 1}`;
  // Readiness is measured on the route's redirect rule, which a data plane answers itself (routes.ts).
  const served = { host: names.host(index), path: names.readyPath(index), what };
  const expect = (change: 'served' | 'gone') => (isNotMeasured(readiness) ? undefined : readiness.expect(change, served, phaseTimeoutMs));

  // Waiters are registered before the request so that no event can slip between request and wait.
  const accepted = tracker.when(
    () => tracker.isAttached(name),
    phaseTimeoutMs,
    () => `${what}: route ${name} never became Accepted+ResolvedRefs: ${tracker.route(name)?.problem ?? 'not seen'}`,
  );
  const counted = tracker.when(
    () => tracker.listenerAttachedRoutes === routes + 1,
    phaseTimeoutMs,
    () => `${what}: ${tracker.describeListener()}, never ${routes + 1}`,
  );
  const ready = expect('served');
  const pushed = xdsBeside?.expect('served', served, phaseTimeoutMs);
  const created = performance.now();
  await creates.create(names.routesPathOf(index), names.route(index, simulated, true));
  const [acceptedAt, countedAt, readyAt, pushedAt] = await Promise.all([accepted, counted, ready?.(), pushed?.()]);
  // The state the delete is timed from: N+1 routes counted and this one attached. Anything else (a status rewritten
  // between the two waits, say) would make the teardown measure something other than this route's removal.
  if (tracker.listenerAttachedRoutes !== routes + 1 || !tracker.isAttached(name)) {
    throw new Error(
      `${what}: before deleting ${name}, expected it attached and listener attachedRoutes=${routes + 1}; found ${tracker.isAttached(name) ? 'it attached' : `it not attached (${tracker.route(name)?.problem ?? 'not seen'})`}, ${tracker.describeListener()}`,
    );
  }

  const uncounted = tracker.when(
    () => tracker.listenerAttachedRoutes === routes,
    phaseTimeoutMs,
    () => `${what}: after deleting ${name}, ${tracker.describeListener()}, never back to ${routes}`,
  );
  const gone = expect('gone');
  const unpushed = xdsBeside?.expect('gone', served, phaseTimeoutMs);
  const deleted = performance.now();
  await withRetry(`delete HTTPRoute ${name}`, () => http.delete(names.routePath(index)));
  const [uncountedAt, goneAt, unpushedAt] = await Promise.all([uncounted, gone?.(), unpushed?.()]);

  const since = (at: number | undefined, start: number, event: string): Measured<number> => {
    if (isNotMeasured(readiness)) return readiness;
    if (at === undefined) throw new Error(`${what}: route readiness (${readiness.method}) gave no time for ${event}`);
    // A change seen before its own request was sent would be a harness error, not a fast controller.
    if (at - start <= 0) throw new Error(`${what}: ${event} by ${readiness.method} at ${(at - start).toFixed(3)} ms, before the request: harness error`);
    return at - start;
  };
  return {
    index: sampleIndex,
    route: name,
    createSentAt: created,
    deleteSentAt: deleted,
    acceptedMs: positive(what, 'route Accepted+ResolvedRefs', acceptedAt - created),
    attachedMs: positive(what, `attachedRoutes=${routes + 1}`, countedAt - created),
    setupMs: Math.max(acceptedAt, countedAt) - created,
    routeReadyMs: since(readyAt, created, 'route ready'),
    teardownMs: positive(what, `attachedRoutes=${routes} after the delete`, uncountedAt - deleted),
    routeGoneMs: since(goneAt, deleted, 'route gone'),
    ...(xdsBeside && {
      routeReadyXdsMs: positive(what, 'route ready (xDS push beside HTTP)', (pushedAt ?? Number.NaN) - created),
      routeGoneXdsMs: positive(what, 'route gone (xDS push beside HTTP)', (unpushedAt ?? Number.NaN) - deleted),
    }),
  };
}

/**
 * A duration of zero or less means the state was there before the request that should have caused it: the harness
 * read a stale or foreign status, or its clock started late. That is a harness error, never a figure.
 */
export function positive(what: string, event: string, ms: number): number {
  if (!(ms > 0)) throw new Error(`${what}: ${event} at ${ms.toFixed(3)} ms, not after its request: harness error, not reported`);
  return ms;
}
