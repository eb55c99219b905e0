// Phases 4-6: the baseline routes in batches with the grace period between them, then every one of them attached
// (Accepted+ResolvedRefs, and the listener's attachedRoutes = N), timed from the first create request.
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import type { Gateway, GatewayClass, HTTPRoute } from '../../gatewayApi/types.js';
import { type AttachmentPerList, attachmentPerList, compareWithList } from '../../measure/attachmentPerList.js';
import { WaitTimeoutError } from '../../measure/conditionWaits.js';
import { isNotMeasured, type NotMeasured } from '../../measure/notMeasured.js';
import type { XdsObserver } from '../../xds/adsObserver.js';
import { holdsHttpRoutes, httpRoutesIn } from '../../xds/routeConfigs.js';
import type { BaselineResult } from '../results.js';
import { STABLE_ROUTE_INDEX } from '../routes.js';
import type { SimulatedCluster } from '../simulator.js';
import type { RunParts } from './parts.js';

/** Told when the first create request goes out and when each create is answered (the attachment curve). */
export interface BaselineObserver {
  start(origin: number): void;
  onCreated(at: number): void;
}

/** How often the final wait for attachment prints where it stands (it only prints; the wait is event-driven). */
const WAIT_PROGRESS_MS = 5000;

export async function attachBaseline(
  parts: RunParts,
  simulated: SimulatedCluster,
  xds: XdsObserver | NotMeasured,
  observer?: BaselineObserver,
  /** Routes 0 .. from-1 are attached already (a capacity ladder's previous step): only the rest are created. */
  from = 0,
): Promise<BaselineResult> {
  const { tracker, routes: names, progress } = parts;
  const { routes, phaseTimeoutMs } = parts.config;
  const allAttached = tracker.when(
    () => tracker.attachedCount === routes && tracker.listenerAttachedRoutes === routes,
    phaseTimeoutMs,
    () =>
      `baseline: after ${phaseTimeoutMs} ms, ${tracker.attachedCount} of ${routes} routes are Accepted+ResolvedRefs; ${tracker.describeUnattached(names.names(routes))}`,
  );
  // The proxy's view: the first push whose route configurations hold all N routes (registered before any create).
  const allPushed = isNotMeasured(xds)
    ? undefined
    : xds.when(
        holdsHttpRoutes(names.namespaces(), names.observedCount(routes)),
        phaseTimeoutMs,
        () =>
          `baseline: after ${phaseTimeoutMs} ms, no xDS push to ${xds.identity} held all ${names.observedCount(routes)} routes of its Gateway (the last held ${names.namespaces().reduce((sum, ns) => sum + httpRoutesIn(xds.routeConfigs(), ns).size, 0)})`,
      );
  const { started, createMs } = await createBaselineRoutes(parts, simulated, observer, from);
  const waiting = setInterval(() => {
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    progress(`[baseline] waiting: ${tracker.attachedCount} attached / ${routes} created, ${tracker.describeListener()}, ${seconds} s`);
  }, WAIT_PROGRESS_MS);
  waiting.unref();
  const attachedAt = await allAttached
    .catch(async (error: Error) => {
      const message = `${error.message}. ${await crossCheck(parts)}`;
      throw error instanceof WaitTimeoutError ? new WaitTimeoutError(message) : new Error(message);
    })
    .finally(() => clearInterval(waiting));
  const attachMs = attachedAt - started;
  progress(
    `[baseline] all ${routes} routes Accepted+ResolvedRefs and attachedRoutes=${routes}: created in ${(createMs / 1000).toFixed(1)} s, attached after ${(attachMs / 1000).toFixed(1)} s`,
  );
  const xdsAllPushedMs = isNotMeasured(xds) ? xds : ((await allPushed) ?? Number.NaN) - started;
  if (!isNotMeasured(xdsAllPushedMs))
    progress(`[baseline] all ${routes} routes in the xDS pushed to the Gateway's proxy after ${(xdsAllPushedMs / 1000).toFixed(1)} s`);
  return { createMs, attachMs, xdsAllPushedMs };
}

/**
 * The baseline's creates: the first N routes in batches, `concurrency` requests at a time, with the grace period
 * between batches (routes `from` .. N-1). Exported so that the bench measures this very code. `started` is when the first
 * create went out.
 */
export async function createBaselineRoutes(
  parts: Pick<RunParts, 'tracker' | 'routes' | 'creates' | 'progress' | 'config'>,
  simulated: SimulatedCluster,
  observer?: BaselineObserver,
  from = 0,
): Promise<{ started: number; createMs: number }> {
  const { tracker, routes: names, creates, progress } = parts;
  const { routes, batchSize, concurrency, gracePeriodMs } = parts.config;
  const limit = pLimit(concurrency);
  const started = performance.now();
  observer?.start(started);
  const batches = Math.ceil((routes - from) / batchSize);
  for (let batch = 0; batch < batches; batch++) {
    const first = from + batch * batchSize;
    const indexes = Array.from({ length: Math.min(batchSize, routes - first) }, (_, i) => first + i);
    await Promise.all(
      indexes.map((i) =>
        limit(() =>
          creates.create(names.routesPathOf(i), names.route(i, simulated, i === STABLE_ROUTE_INDEX)).then(() => observer?.onCreated(performance.now())),
        ),
      ),
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    progress(
      `[baseline] batch ${batch + 1}/${batches}: ${first + indexes.length}/${routes} created, ${tracker.attachedCount} attached, ${tracker.describeListener()}, ${seconds} s`,
    );
    if (batch < batches - 1 && gracePeriodMs > 0) await sleep(gracePeriodMs);
  }
  return { started, createMs: performance.now() - started };
}

/**
 * Attachment as a fresh list of the run's routes, a read of its Gateway and of its GatewayClass show it, read by
 * code of its own (measure/attachmentPerList.ts), independent of the watches and of the tracker.
 */
export async function attachmentPerApiServer(parts: Pick<RunParts, 'http' | 'run' | 'config' | 'routes'>): Promise<AttachmentPerList> {
  const { http, run, config, routes: names } = parts;
  const [routes, gatewayClass, ...gateways] = await Promise.all([
    http.get<{ items: HTTPRoute[] }>(`${names.routesWatchPath}?labelSelector=${encodeURIComponent(run.selector)}`),
    http.get<GatewayClass>(gatewayApiPaths.gatewayClass(config.gatewayClassName)),
    ...names.gatewayNames().map((name) => http.get<Gateway>(gatewayApiPaths.gateway(run.appNamespace, name))),
    ...names.listenerSetNames().map((name) => http.get<Gateway>(`${gatewayApiPaths.listenerSets(run.appNamespace)}/${name}`)),
  ]);
  const controllerName = gatewayClass.spec?.controllerName ?? '';
  // Per listener of every Gateway, summed: each route names one listener, so none counts twice.
  let attached = 0;
  let listenerAttachedRoutes: number | undefined = 0;
  for (const { gateway, listener, kind } of names.listenerRefs()) {
    const object = gateways.find((g) => g.metadata?.name === gateway) as Gateway;
    const one = attachmentPerList(routes.items, object, { namespace: run.appNamespace, gateway, listener, controllerName, ...(kind ? { kind } : {}) });
    attached += one.attached;
    listenerAttachedRoutes =
      one.listenerAttachedRoutes === undefined || listenerAttachedRoutes === undefined ? undefined : listenerAttachedRoutes + one.listenerAttachedRoutes;
  }
  return { attached, listenerAttachedRoutes };
}

/** After a timeout: does the API server agree with the watches? Tells a silent controller from a missed event. */
async function crossCheck(parts: RunParts): Promise<string> {
  try {
    const { tracker } = parts;
    return compareWithList({ attached: tracker.attachedCount, listenerAttachedRoutes: tracker.listenerAttachedRoutes }, await attachmentPerApiServer(parts));
  } catch (error) {
    return `The API server could not be asked to cross-check (${(error as Error).message})`;
  }
}
