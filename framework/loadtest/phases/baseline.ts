// Phases 4-6: the baseline routes in batches with the grace period between them, then every one of them attached
// (Accepted+ResolvedRefs, and the listener's attachedRoutes = N), timed from the first create request.
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import type { Gateway, HTTPRoute } from '../../gatewayApi/types.js';
import { AttachmentTracker } from '../../measure/attachment.js';
import type { BaselineResult } from '../results.js';
import { GATEWAY_NAME, LISTENER_NAME } from '../routes.js';
import type { SimulatedCluster } from '../simulator.js';
import type { RunParts } from './parts.js';

export async function attachBaseline(parts: RunParts, simulated: SimulatedCluster): Promise<BaselineResult> {
  const { tracker, routes: names, creates, progress } = parts;
  const { routes, batchSize, concurrency, gracePeriodMs, phaseTimeoutMs } = parts.config;
  const limit = pLimit(concurrency);
  const allAttached = tracker.when(
    () => tracker.attachedCount === routes && tracker.listenerAttachedRoutes === routes,
    phaseTimeoutMs,
    () =>
      `baseline: after ${phaseTimeoutMs} ms, ${tracker.attachedCount} of ${routes} routes are Accepted+ResolvedRefs; ${tracker.describeUnattached(names.names(routes))}`,
  );
  const started = performance.now();
  const batches = Math.ceil(routes / batchSize);
  for (let batch = 0; batch < batches; batch++) {
    const first = batch * batchSize;
    const indexes = Array.from({ length: Math.min(batchSize, routes - first) }, (_, i) => first + i);
    await Promise.all(indexes.map((i) => limit(() => creates.create(names.routesPath, names.route(i, simulated)))));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    progress(
      `[baseline] batch ${batch + 1}/${batches}: ${first + indexes.length}/${routes} created, ${tracker.attachedCount} attached, listener attachedRoutes=${tracker.listenerAttachedRoutes}, ${seconds} s`,
    );
    if (batch < batches - 1 && gracePeriodMs > 0) await sleep(gracePeriodMs);
  }
  const createMs = performance.now() - started;
  const attachedAt = await allAttached.catch(async (error: Error) => {
    throw new Error(`${error.message}. ${await crossCheck(parts)}`);
  });
  const attachMs = attachedAt - started;
  progress(
    `[baseline] all ${routes} routes Accepted+ResolvedRefs and attachedRoutes=${routes}: created in ${(createMs / 1000).toFixed(1)} s, attached after ${(attachMs / 1000).toFixed(1)} s`,
  );
  return { createMs, attachMs };
}

/** Attachment as a fresh list of the run's routes and a read of its Gateway show it, independent of the watches. */
export async function attachmentPerApiServer(parts: Pick<RunParts, 'http' | 'run'>): Promise<{ attached: number; listenerAttachedRoutes: number }> {
  const { http, run } = parts;
  const [routes, gateway] = await Promise.all([
    http.get<{ items: HTTPRoute[] }>(`${gatewayApiPaths.httpRoutes(run.appNamespace)}?labelSelector=${encodeURIComponent(run.selector)}`),
    http.get<Gateway>(gatewayApiPaths.gateway(run.appNamespace, GATEWAY_NAME)),
  ]);
  const fresh = new AttachmentTracker({ namespace: run.appNamespace, name: GATEWAY_NAME, listener: LISTENER_NAME });
  for (const object of routes.items) fresh.onRouteEvent({ type: 'ADDED', object, at: performance.now() });
  fresh.onGatewayEvent({ type: 'ADDED', object: gateway, at: performance.now() });
  return { attached: fresh.attachedCount, listenerAttachedRoutes: fresh.listenerAttachedRoutes };
}

/** After a timeout: does the API server agree with the watches? Tells a silent controller from a missed event. */
async function crossCheck(parts: RunParts): Promise<string> {
  try {
    const { attached } = await attachmentPerApiServer(parts);
    return attached === parts.tracker.attachedCount
      ? `A fresh list from the API server agrees: ${attached} routes attached, so the controller has not written the rest`
      : `A fresh list from the API server shows ${attached} routes attached, the watches ${parts.tracker.attachedCount}: the watches missed updates`;
  } catch (error) {
    return `The API server could not be asked to cross-check (${(error as Error).message})`;
  }
}
