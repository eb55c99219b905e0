// Phase 12: all N baseline routes deleted at once, as gateway-api-bench tears down, timed to the listener's
// attachedRoutes = 0 (measure/benchFigures.ts). One deletecollection request by the run's label: it selects the
// run's routes and nothing else. The run's cleanup still deletes everything by label afterwards.
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import { withRetry } from '../../kube/retry.js';
import type { BenchFiguresRecorder } from '../../measure/benchFigures.js';
import type { RunParts } from './parts.js';

export const TEARDOWN_METHOD = 'one deletecollection of the run-labelled HTTPRoutes';

/** How often the wait for attachedRoutes = 0 prints where it stands (it only prints; the wait is event-driven). */
const WAIT_PROGRESS_MS = 5000;

/** Resolves with the arrival time of the Gateway event that showed attachedRoutes = 0. */
export async function deleteBaselineAtOnce(
  parts: Pick<RunParts, 'http' | 'tracker' | 'routes' | 'run' | 'config' | 'progress'>,
  recorder: BenchFiguresRecorder,
) {
  const { http, tracker, routes, run, progress } = parts;
  const { routes: count, phaseTimeoutMs } = parts.config;
  if (tracker.listenerAttachedRoutes !== count) {
    throw new Error(`teardown: expected the listener to count the ${count} baseline routes before deleting them; ${tracker.describeListener()}`);
  }
  // Registered before the request, so that no event can slip between request and wait.
  const gone = tracker.when(
    () => tracker.listenerAttachedRoutes === 0,
    phaseTimeoutMs,
    () => `teardown: after ${phaseTimeoutMs} ms, ${tracker.describeListener()}, never 0 after deleting all ${count} routes`,
  );
  const sent = performance.now();
  recorder.teardownStarted(sent, TEARDOWN_METHOD);
  progress(`[teardown] deleting all ${count} baseline routes at once (${TEARDOWN_METHOD})`);
  // One per route namespace (a deletecollection is per namespace), all at once. A server that closes the connection
  // (a deletecollection past its request timeout on a loaded machine) is asked again: the retry deletes what is left,
  // and the figure still ends at the Gateway event showing 0.
  await Promise.all(
    routes.namespaces().map((namespace) => {
      let attempts = 0;
      return withRetry(`teardown: delete the baseline routes in ${namespace}`, () => {
        if (attempts++ > 0) progress(`[teardown] the deletecollection in ${namespace} was cut off; asking again (attempt ${attempts})`);
        return http.delete(gatewayApiPaths.httpRoutes(namespace), `?labelSelector=${encodeURIComponent(run.selector)}`);
      });
    }),
  );
  const answeredMs = performance.now() - sent;
  const waiting = setInterval(() => {
    progress(`[teardown] waiting: ${tracker.describeListener()}, ${((performance.now() - sent) / 1000).toFixed(0)} s`);
  }, WAIT_PROGRESS_MS);
  waiting.unref();
  const goneAt = await gone.finally(() => clearInterval(waiting));
  progress(`[teardown] delete answered after ${(answeredMs / 1000).toFixed(1)} s; attachedRoutes=0 after ${((goneAt - sent) / 1000).toFixed(1)} s`);
  return { goneAt, answeredMs };
}
