// ControllerRestart: with the baseline routes of an Attached Routes run attached, the controller is restarted and
// its recovery measured from the restart request, on the monotonic clock:
//   - ready: the new process's readiness endpoint answers 200 (local provider; polled every 50 ms, the only poll
//     here: an endpoint that does not listen yet sends no event), or the Deployment's new generation has rolled out
//     (existing cluster; a watch);
//   - xDS complete: the first push to a proxy of the Gateway that connected after the restart holds all N routes
//     (a fresh observer; connecting is retried every 50 ms while the xDS port does not listen yet);
//   - statuses: a fresh LIST of the routes and the Gateway before and after, compared route by route;
//   - the recovery phase's figures: the new controller's CPU, peak memory and API requests, the API server's
//     requests (its LIST and WATCH burst), status writes, xDS pushes. The phase ends once the controller has gone
//     quiet after both milestones (measure/settle.ts), and no sooner than LOADTEST_RESTART_OBSERVE_MS (10 s) after the
//     restart, so that a status dropped or rewritten a few seconds later is seen too.
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { Progress } from '../cluster/build/progress.js';
import type { ClusterDescription } from '../cluster/provider.js';
import { controllerOf } from '../controllers/index.js';
import type { KubeHttp } from '../kube/http.js';
import type { LoadTestManager } from '../loadtest/attachedRoutes.js';
import type { PhaseResult } from '../loadtest/results.js';
import { GATEWAY_NAME } from '../loadtest/routes.js';
import { ApiServerRequestMeter } from '../measure/apiServerRequests.js';
import type { ControllerUsage } from '../measure/controllerUsage.js';
import { Unmeasurable } from '../measure/measurement.js';
import { isNotMeasured, type Measured, notMeasured } from '../measure/notMeasured.js';
import { OtherRunsMeasurement } from '../measure/otherRuns.js';
import { PhaseRunner } from '../measure/phaseRunner.js';
import type { ProcessUsage } from '../measure/processUsage.js';
import { ControllerActivity, feedControllerActivity, type SettleOptions } from '../measure/settle.js';
import { StatusWritesMeasurement } from '../measure/statusWrites.js';
import { XdsObserver } from '../xds/adsObserver.js';
import type { XdsCounters } from '../xds/counters.js';
import { holdsHttpRoutes } from '../xds/routeConfigs.js';
import { requestControllerRestart } from './controlServer.js';
import { restartDeployment } from './deploymentRestart.js';
import { FreshObserverPushes, RestartedControllerUsage, RestartedProcessUsage } from './recoveryUsage.js';
import type { RestartConfig } from './restartConfig.js';
import { compareStatuses, type StatusChanges, snapshotStatuses } from './statusSnapshot.js';

/** How the controller was restarted. */
export type RestartMethod = 'process' | 'deployment';

export interface RestartFigures {
  readonly method: RestartMethod;
  /** The new process (process) or the rolled-out generation (deployment). */
  readonly pid?: number;
  readonly generation?: number;
  /** Restart request -> the old process gone (process only). */
  readonly stopMs: Measured<number>;
  /** Restart request -> ready (readiness endpoint 200, or the Deployment's new generation available). */
  readonly readyMs: number;
  readonly readyMethod: string;
  /** Restart request -> the first xDS answer to the fresh observer, and -> its first push holding all N routes. */
  readonly xdsFirstAnswerMs: Measured<number>;
  readonly xdsCompleteMs: Measured<number>;
  /** Streams the fresh observer opened until one was answered (the earlier ones failed: not listening, not initialized). */
  readonly xdsConnectAttempts?: number;
  /** Why the earlier streams failed, each reason once. */
  readonly xdsStreamFailures?: readonly string[];
  /** The later of ready and xDS complete (ready alone when xDS is not measured): what the threshold bounds. */
  readonly recoveryMs: number;
  readonly thresholdMs: number;
  /** Routes with a parent status in the LIST before and after the restart. */
  readonly routesWithStatusBefore: number;
  readonly routesWithStatusAfter: number;
  readonly statusChanges: StatusChanges;
}

export interface RestartDependencies {
  readonly cluster: ClusterDescription;
  readonly http: KubeHttp;
  readonly progress: Progress;
  readonly loadTest: LoadTestManager;
  readonly config: RestartConfig;
  readonly settle: SettleOptions;
  /** The restart seam of the process that owns the cluster (local provider); absent on an existing cluster. */
  readonly restartUrl: string | undefined;
}

const POLL_MS = 50;

/** Polls `url` until it answers 200 (a readiness endpoint has no event to wait on); resolves with that moment. */
async function pollReady(url: string, deadline: number): Promise<number> {
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    try {
      const response = await request(url, { headersTimeout: 2_000, bodyTimeout: 2_000 });
      await response.body.dump();
      if (response.statusCode === 200) return performance.now();
      last = `HTTP ${response.statusCode}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(POLL_MS);
  }
  throw new Error(`${url} did not answer 200 before the deadline (last: ${last})`);
}

/**
 * Connects a fresh observer as the Gateway's proxy and resolves with the arrival of its first answer and of its first
 * push that holds all `routes` routes. A stream that fails before its first answer is opened again after 50 ms, as
 * an Envoy reconnects (with a longer back-off): the new process may not listen yet (UNAVAILABLE), and kgateway v2.4.2
 * listens before it is initialized and ends such streams with "UNKNOWN: kgateway not initialized".
 */
async function connectFresh(
  cluster: ClusterDescription,
  namespace: string,
  routes: number,
  deadline: number,
  onObserver: (observer: XdsObserver) => void,
): Promise<{ firstAnswerAt: number; completeAt: number; attempts: number; failures: string[] }> {
  const address = cluster.xdsAddress;
  const metadata = controllerOf(cluster).xdsNodeMetadata?.({ namespace, name: GATEWAY_NAME });
  if (!address || !metadata) throw new Error('no xDS address or node metadata');
  const failures = new Set<string>();
  let lastFailure = 'none';
  for (let attempts = 1; ; attempts++) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) throw new Error(`no xDS answer from ${address} after ${attempts - 1} attempts before the deadline (last: ${lastFailure})`);
    const observer = new XdsObserver({ address, nodeId: `loadtest-restart-observer.${namespace}`, nodeMetadata: metadata, startTimeoutMs: remaining });
    // Registered before the stream opens, so the push that completes it is timed at its arrival.
    const complete = observer.when(holdsHttpRoutes(namespace, routes), remaining, () => `no xDS push held all ${routes} routes after the restart`);
    try {
      await observer.start();
    } catch (error) {
      observer.stop();
      lastFailure = (error as Error).message;
      // The observer's message names the run's node; the reason is in the parentheses after "broke".
      failures.add(/broke \((.*?)\); the observer/.exec(lastFailure)?.[1] ?? lastFailure);
      await sleep(POLL_MS);
      continue;
    }
    onObserver(observer);
    const firstAnswerAt = observer.pushes[0]?.at ?? performance.now();
    return { firstAnswerAt, completeAt: await complete, attempts, failures: [...failures] };
  }
}

function countWithParents(routes: ReadonlyMap<string, string>): number {
  let count = 0;
  for (const status of routes.values()) if (((JSON.parse(status) as { parents?: unknown[] } | null)?.parents?.length ?? 0) > 0) count++;
  return count;
}

/** Restarts the controller under the run's baseline and measures its recovery as the phase "recovery". */
export async function measureRestart(deps: RestartDependencies): Promise<{ figures: RestartFigures; phase: PhaseResult }> {
  const { cluster, http, progress, loadTest, config } = deps;
  const namespace = loadTest.appNamespace;
  const routes = loadTest.config.routes;
  const tracker = loadTest.attachment;
  const local = deps.restartUrl !== undefined;
  if (!local && cluster.provider !== 'existing') {
    throw new Error(
      `ControllerRestart cannot restart the controller on provider ${cluster.provider}: the run did not start it, or its module cannot restart it, and it is not an existing cluster's Deployment`,
    );
  }

  const before = await snapshotStatuses(http, namespace, loadTest.context.selector);
  progress(`[restart] before: ${countWithParents(before.routes)} of ${before.routes.size} routes have a status (fresh LIST)`);

  let pid: number | undefined;
  let observer: XdsObserver | undefined;
  const usage = local && cluster.controllerMetricsUrl ? new RestartedControllerUsage(cluster.controllerMetricsUrl) : undefined;
  const activity = new ControllerActivity(deps.settle);
  const stopWrites = feedControllerActivity(activity, tracker, undefined);
  let stopPushes: (() => void) | undefined;
  const notHere = `the controller is not a process this run started on this machine (provider ${cluster.provider})`;
  const runner = new PhaseRunner(
    {
      writes: new StatusWritesMeasurement(tracker),
      controller:
        usage ??
        new Unmeasurable<ControllerUsage>(local ? 'the controller serves no metrics' : `${notHere}: a metrics address given for the run named the old pod`),
      controllerProcess: local ? new RestartedProcessUsage(() => pid) : new Unmeasurable<ProcessUsage>(notHere),
      apiServerRequests: new ApiServerRequestMeter(http),
      xds: local ? new FreshObserverPushes(() => observer) : new Unmeasurable<XdsCounters>('no xDS address that survives the restart'),
      otherRuns: new OtherRunsMeasurement(http, loadTest.runId),
    },
    activity,
  );
  await runner.start();
  try {
    const started = performance.now();
    const deadline = started + config.timeoutMs;
    let stopMs: Measured<number> = notMeasured('the Deployment was rolled, not a process stopped');
    let readyAt: number;
    let readyMethod: string;
    let generation: number | undefined;
    let xds: Measured<{ firstAnswerAt: number; completeAt: number; attempts: number; failures: string[] }>;
    if (deps.restartUrl !== undefined) {
      progress(`[restart] stopping the controller (pid ${cluster.controller?.pid}) and starting it again`);
      const restarted = await requestControllerRestart(deps.restartUrl);
      if (usage) usage.restarted = true;
      pid = restarted.pid;
      stopMs = restarted.stopMs;
      progress(`[restart] old process gone after ${restarted.stopMs.toFixed(0)} ms; new pid ${pid}`);
      if (!restarted.readyUrl) throw new Error(`${cluster.controller?.name} serves no readiness endpoint to measure ready on`);
      readyMethod = `${restarted.readyUrl} answered 200 (polled every ${POLL_MS} ms)`;
      const [ready, pushed] = await Promise.all([
        pollReady(restarted.readyUrl, deadline),
        cluster.xdsAddress
          ? connectFresh(cluster, namespace, routes, deadline, (fresh) => {
              observer = fresh;
              stopPushes = fresh.onPush((push) => activity.record(push.at));
            })
          : Promise.resolve(notMeasured(`no xDS address: ${cluster.xdsAbsentReason ?? 'none known'}`)),
      ]);
      readyAt = ready;
      xds = pushed;
    } else {
      progress(`[restart] rollout restart of Deployment ${cluster.installNamespace}/${config.deployment}`);
      const rolled = await restartDeployment(http, cluster.installNamespace, config.deployment, config.timeoutMs);
      readyAt = rolled.at;
      generation = rolled.generation;
      readyMethod = `Deployment ${cluster.installNamespace}/${config.deployment} generation ${rolled.generation} rolled out (${rolled.replicas} replica(s) updated and available; watch)`;
      // A port-forward to the controller's xDS port ends with the old pod; an observer would need a new one.
      xds = notMeasured('on an existing cluster the xDS address (a port-forward) ends with the old pod');
    }
    const readyMs = readyAt - started;
    const xdsFirstAnswerMs = isNotMeasured(xds) ? xds : xds.firstAnswerAt - started;
    const xdsCompleteMs = isNotMeasured(xds) ? xds : xds.completeAt - started;
    if (isNotMeasured(xds) || isNotMeasured(xdsFirstAnswerMs) || isNotMeasured(xdsCompleteMs)) {
      progress(`[restart] ready after ${readyMs.toFixed(0)} ms; xDS not measured: ${JSON.stringify(xdsCompleteMs)}`);
    } else {
      const earlier = xds.failures.length ? ` (earlier streams failed: ${xds.failures.join('; ')})` : '';
      progress(
        `[restart] ready after ${readyMs.toFixed(0)} ms; xDS first answer after ${xdsFirstAnswerMs.toFixed(0)} ms on stream ${xds.attempts}${earlier}, all ${routes} routes after ${xdsCompleteMs.toFixed(0)} ms`,
      );
    }
    // Not a poll: a fixed observation window, in which the watches keep counting every status write.
    const observeLeft = started + config.observeMs - performance.now();
    if (observeLeft > 0) {
      progress(`[recovery] observing status writes until ${(config.observeMs / 1000).toFixed(0)} s after the restart (LOADTEST_RESTART_OBSERVE_MS)`);
      await sleep(observeLeft);
    }
    progress('[recovery] work done; the phase ends when the controller has gone quiet');
    const phase = await runner.next('recovery');
    const after = await snapshotStatuses(http, namespace, loadTest.context.selector);
    const statusChanges = compareStatuses(before, after);
    return {
      phase,
      figures: {
        method: local ? 'process' : 'deployment',
        ...(pid !== undefined && { pid }),
        ...(generation !== undefined && { generation }),
        stopMs,
        readyMs,
        readyMethod,
        xdsFirstAnswerMs,
        xdsCompleteMs,
        ...(!isNotMeasured(xds) && { xdsConnectAttempts: xds.attempts, xdsStreamFailures: xds.failures }),
        recoveryMs: Math.max(readyMs, isNotMeasured(xdsCompleteMs) ? 0 : xdsCompleteMs),
        thresholdMs: config.thresholdMs,
        routesWithStatusBefore: countWithParents(before.routes),
        routesWithStatusAfter: countWithParents(after.routes),
        statusChanges,
      },
    };
  } finally {
    stopWrites();
    stopPushes?.();
    runner.stop();
    observer?.stop();
  }
}
