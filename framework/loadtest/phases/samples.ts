// Phases 7-11: incremental routes, one after another, each timed from its create request to attachment (and, with a
// data plane, to its first served answer) and from its delete request back to N attached routes.
import { withRetry } from '../../kube/retry.js';
import type { HttpProbe } from '../../measure/httpProbe.js';
import { isNotMeasured, type Measured, type NotMeasured, notMeasured } from '../../measure/notMeasured.js';
import type { Sample } from '../results.js';
import { READY_STATUS } from '../routes.js';
import type { SimulatedCluster } from '../simulator.js';
import type { RunParts } from './parts.js';

/** The data plane's answer for a route that is not (or no longer) served. */
const NOT_SERVED_STATUS = 404;

export async function measureSamples(parts: RunParts, simulated: SimulatedCluster, probe: HttpProbe | NotMeasured): Promise<Sample[]> {
  const samples: Sample[] = [];
  const { samples: count } = parts.config;
  for (let i = 0; i < count; i++) {
    const sample = await measureIncrementalRoute(parts, i, simulated, probe);
    samples.push(sample);
    parts.progress(
      `[sample ${i + 1}/${count}] setup ${sample.setupMs.toFixed(1)} ms (accepted ${sample.acceptedMs.toFixed(1)}, attachedRoutes ${sample.attachedMs.toFixed(1)}), teardown ${sample.teardownMs.toFixed(1)} ms`,
    );
  }
  return samples;
}

async function measureIncrementalRoute(parts: RunParts, sampleIndex: number, simulated: SimulatedCluster, probe: HttpProbe | NotMeasured): Promise<Sample> {
  const { http, tracker, routes: names, creates } = parts;
  const { routes, phaseTimeoutMs } = parts.config;
  const index = routes + sampleIndex;
  const name = names.name(index);
  const served = isNotMeasured(probe) ? undefined : probe;
  const [host, path] = [names.host(index), names.path(index)];
  const what = `sample ${sampleIndex + 1}`;

  // Waiters are registered before the request so that no event can slip between request and wait.
  const accepted = tracker.when(
    () => tracker.isAttached(name),
    phaseTimeoutMs,
    () => `${what}: route ${name} never became Accepted+ResolvedRefs: ${tracker.route(name)?.problem ?? 'not seen'}`,
  );
  const counted = tracker.when(
    () => tracker.listenerAttachedRoutes === routes + 1,
    phaseTimeoutMs,
    () => `${what}: listener attachedRoutes stayed ${tracker.listenerAttachedRoutes}, never ${routes + 1}`,
  );
  const created = performance.now();
  await creates.create(names.routesPath, names.route(index, simulated, served !== undefined));
  const ready = served?.until(host, path, { before: NOT_SERVED_STATUS, after: READY_STATUS }, phaseTimeoutMs);
  const [acceptedAt, countedAt, readyAt] = await Promise.all([accepted, counted, ready]);

  const uncounted = tracker.when(
    () => tracker.listenerAttachedRoutes === routes,
    phaseTimeoutMs,
    () => `${what}: after deleting ${name}, listener attachedRoutes stayed ${tracker.listenerAttachedRoutes}, never back to ${routes}`,
  );
  const deleted = performance.now();
  await withRetry(`delete HTTPRoute ${name}`, () => http.delete(`${names.routesPath}/${name}`));
  const gone = served?.until(host, path, { before: READY_STATUS, after: NOT_SERVED_STATUS }, phaseTimeoutMs);
  const [uncountedAt, goneAt] = await Promise.all([uncounted, gone]);

  const since = (at: number | undefined, start: number): Measured<number> => {
    if (at !== undefined) return at - start;
    return isNotMeasured(probe) ? probe : notMeasured('the probe gave no answer');
  };
  return {
    index: sampleIndex,
    route: name,
    createSentAt: created,
    deleteSentAt: deleted,
    acceptedMs: acceptedAt - created,
    attachedMs: countedAt - created,
    setupMs: Math.max(acceptedAt, countedAt) - created,
    routeReadyMs: since(readyAt, created),
    teardownMs: uncountedAt - deleted,
    routeGoneMs: since(goneAt, deleted),
  };
}
