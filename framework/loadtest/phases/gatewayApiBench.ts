// The gateway-api-bench workload: its attached-routes test reproduced (tests/attachedroutes/attachedroutes.go in
// howardjohn/gateway-api-bench, with pilot-load's cluster simulation). N apps are created one after another, each a
// Service and an HTTPRoute sent in parallel (the Service as pilot-load's Apply sends it, a GET and a create; the route
// by server-side apply); from the first Gateway event that shows N, the apps are deleted one by one in reverse (each
// app's two deletes in parallel) until the Gateway shows 0. Its three figures follow its own definitions
// (measure/gatewayApiBenchFigures.ts).
import { FIELD_MANAGER } from '../../kube/userAgent.js';
import type { GatewayApiBenchRecorder } from '../../measure/gatewayApiBenchFigures.js';
import { isNotMeasured, type Measured, type NotMeasured } from '../../measure/notMeasured.js';
import type { XdsObserver } from '../../xds/adsObserver.js';
import { holdsHttpRoutes } from '../../xds/routeConfigs.js';
import type { GatewayApiBenchApps } from '../gatewayApiBenchApps.js';
import type { BaselineObserver } from './baseline.js';
import type { RunParts } from './parts.js';

export const APPS_TEARDOWN_METHOD = "app by app in reverse, each app's Service and HTTPRoute deleted in parallel, from the Gateway event showing N";

/** Progress every this many apps (creation and deletion print one line each time). */
const PROGRESS_EVERY = 100;
/** How often the waits print where they stand (they only print; the waits end on watch events). */
const WAIT_PROGRESS_MS = 5000;

export interface GatewayApiBenchResult {
  /** First app's create sent -> last app's objects answered. */
  readonly createMs: number;
  /** First app's create sent -> the Gateway event showing N. */
  readonly countedMs: number;
  /** First app's create sent -> the first xDS push holding every app's route, if it came before the deletes began. */
  readonly xdsAllPushedMs: Measured<number>;
  /** The Gateway event showing N -> the last app's deletes answered. */
  readonly deleteMs: number;
  /** The Gateway event showing N -> the Gateway event showing 0. */
  readonly emptiedMs: number;
}

export async function runGatewayApiBench(
  parts: Pick<RunParts, 'http' | 'tracker' | 'creates' | 'progress' | 'config'>,
  apps: GatewayApiBenchApps,
  recorder: GatewayApiBenchRecorder,
  xds: XdsObserver | NotMeasured,
  observer: BaselineObserver,
): Promise<GatewayApiBenchResult> {
  const { http, tracker, creates, progress } = parts;
  const { routes: count, phaseTimeoutMs } = parts.config;
  // Registered before any create, so that no event can slip between a request and its wait: its time limit covers
  // the creating and the counting, and its message says so.
  const counted = tracker.when(
    () => tracker.listenerAttachedRoutes === count,
    phaseTimeoutMs,
    () => `gateway-api-bench workload: ${phaseTimeoutMs} ms after the first create, ${tracker.describeListener()}, never ${count}`,
  );
  let pushedAt: number | undefined;
  if (!isNotMeasured(xds)) {
    xds
      .when(holdsHttpRoutes(apps.namespace, count), phaseTimeoutMs, () => 'no push held every app')
      .then(
        (at) => {
          pushedAt = at;
        },
        () => undefined, // not measured: said below
      );
  }
  const started = performance.now();
  recorder.started(started);
  observer.start(started);
  for (let i = 0; i < count; i++) {
    await Promise.all([createService(parts, apps, i), creates.apply(`${apps.routesPath}/${apps.name(i)}`, apps.route(i), FIELD_MANAGER)]);
    observer.onCreated(performance.now());
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === count) {
      progress(`[gateway-api-bench] ${i + 1}/${count} apps created, ${tracker.describeListener()}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  const allCreated = performance.now();
  recorder.allCreated(allCreated);
  const waiting = setInterval(
    () =>
      progress(
        `[gateway-api-bench] waiting: ${tracker.describeListener()}, ${count} apps created ${((performance.now() - allCreated) / 1000).toFixed(0)} s ago`,
      ),
    WAIT_PROGRESS_MS,
  );
  waiting.unref();
  const countedAt = await counted.finally(() => clearInterval(waiting));
  // The deletes start at once, as gateway-api-bench's start when its informer shows N.
  const emptied = tracker.when(
    () => tracker.listenerAttachedRoutes === 0,
    phaseTimeoutMs,
    () => `gateway-api-bench workload: after ${phaseTimeoutMs} ms of deleting, ${tracker.describeListener()}, never 0`,
  );
  const xdsAllPushedMs: Measured<number> = isNotMeasured(xds)
    ? xds
    : pushedAt === undefined
      ? { notMeasured: `no xDS push held all ${count} routes before the Gateway showed ${count} and the deletes began` }
      : pushedAt - started;
  progress(
    `[gateway-api-bench] attachedRoutes=${count} ${((countedAt - allCreated) / 1000).toFixed(1)} s after the last app was created; deleting the apps one by one in reverse`,
  );
  for (let i = count - 1; i >= 0; i--) {
    await Promise.all([http.delete(`${apps.servicesPath}/${apps.name(i)}`), http.delete(`${apps.routesPath}/${apps.name(i)}`)]);
    const deleted = count - i;
    if (deleted % PROGRESS_EVERY === 0 || i === 0) {
      progress(`[gateway-api-bench] ${deleted}/${count} apps deleted, ${tracker.describeListener()}, ${((performance.now() - countedAt) / 1000).toFixed(1)} s`);
    }
  }
  const deletedAt = performance.now();
  const emptiedAt = await emptied;
  progress(
    `[gateway-api-bench] attachedRoutes=0 ${((emptiedAt - countedAt) / 1000).toFixed(1)} s after it showed ${count} (deletes answered after ${((deletedAt - countedAt) / 1000).toFixed(1)} s)`,
  );
  return {
    createMs: allCreated - started,
    countedMs: countedAt - started,
    xdsAllPushedMs,
    deleteMs: deletedAt - countedAt,
    emptiedMs: emptiedAt - countedAt,
  };
}

/** The Service as pilot-load's Apply sends it: a GET (404 in the run's fresh namespace), then the create. */
async function createService(parts: Pick<RunParts, 'http' | 'creates'>, apps: GatewayApiBenchApps, index: number): Promise<void> {
  await parts.http.get(`${apps.servicesPath}/${apps.name(index)}`).then(
    () => {
      throw new Error(`Service ${apps.namespace}/${apps.name(index)} exists already in the run's own namespace`);
    },
    (error: { status?: number }) => {
      if (error.status !== 404) throw error;
    },
  );
  await parts.creates.create(apps.servicesPath, apps.service(index));
}
