// The cross-check of the gateway-api-bench workload against gateway-api-bench's own program, on one cluster: rounds in
// which the two run one after the other, alternating which goes first (peer-harness, harness-peer, ...), so that
// machine drift falls on both alike. For the program's rounds the run creates the Gateway it needs (the one the
// harness's workload creates: class, listener `http` on port 80, routes from all namespaces), with the run's labels,
// connects the same xDS observer as the harness (the Gateway's proxy), watches the Gateway as an independent count of
// its events, and deletes it all afterwards. The load average is read at each start.
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Progress } from '../cluster/build/progress.js';
import type { ClusterDescription } from '../cluster/provider.js';
import { controllerOf } from '../controllers/index.js';
import { gatewayApiPaths } from '../gatewayApi/paths.js';
import type { Gateway } from '../gatewayApi/types.js';
import type { KubeHttp } from '../kube/http.js';
import { waitForObjectsGone } from '../kube/wait.js';
import { CollectionWatch } from '../kube/watch.js';
import { LoadTestManager } from '../loadtest/attachedRoutes.js';
import type { AttachedRoutesConfig } from '../loadtest/config.js';
import { appsNamespaceOf } from '../loadtest/gatewayApiBenchApps.js';
import { createGateway } from '../loadtest/phases/gateway.js';
import { preflightGatewayClass } from '../loadtest/phases/preflight.js';
import { connectXdsObserver } from '../loadtest/phases/xdsObserver.js';
import { GATEWAY_NAME, LISTENER_NAME, RunRoutes } from '../loadtest/routes.js';
import { SINGLE_GATEWAY } from '../loadtest/topology.js';
import { AttachmentTracker } from '../measure/attachment.js';
import { isNotMeasured } from '../measure/notMeasured.js';
import { describeControllerUnderTest, describeRun, runSettings } from '../report/runDescription.js';
import { writeRunReport } from '../report/writeReport.js';
import { RunContext } from '../run/context.js';
import { RunCreates } from '../run/creates.js';
import { deleteRun } from '../run/ownership.js';
import { newRunId } from '../run/runId.js';
import { type AppPace, AppPaceWatch } from './appPace.js';
import { peerNodeNames, removePeerLeftovers } from './peerLeftovers.js';
import { PEER_NAMESPACE, runPeer } from './peerProgram.js';

export type CrossCheckTool = 'gateway-api-bench' | 'harness';

export interface CrossCheckRun {
  readonly round: number;
  readonly tool: CrossCheckTool;
  readonly startedAt: string;
  /** The machine's 1-minute load average when the run started. */
  readonly loadAtStart: number;
  readonly seconds: number;
  readonly setupMs: number;
  readonly teardownMs: number;
  readonly writes: number;
  /** Clock start -> all apps created (the program's `ready time`; the harness's create time). */
  readonly createMs?: number;
  /** Gateway events this run's own watch saw while the program ran (an independent count beside its writes). */
  readonly watchedGatewayEvents?: number;
  /** First to last app route added, and deleted, as a watch on the apps' namespace saw them (the same for both tools). */
  readonly pace?: AppPace;
  /** The harness's run report, or the program's log. */
  readonly output: string;
  readonly runId: string;
}

export interface CrossCheckOptions {
  readonly peer: string;
  readonly routes: number;
  readonly rounds: number;
  readonly outDir: string;
  /** The harness's configuration (workload gateway-api-bench), whose class and phase timeout the program's rounds use too. */
  readonly config: AttachedRoutesConfig;
}

/** The order of the tools in round r (1-based): the program first in odd rounds, the harness first in even ones. */
export function toolOrder(round: number): readonly CrossCheckTool[] {
  return round % 2 === 1 ? ['gateway-api-bench', 'harness'] : ['harness', 'gateway-api-bench'];
}

export async function runCrossCheck(
  cluster: ClusterDescription,
  http: KubeHttp,
  options: CrossCheckOptions,
  progress: Progress,
  onRun: (run: CrossCheckRun) => void = () => undefined,
): Promise<CrossCheckRun[]> {
  if (options.config.workload !== 'gateway-api-bench') throw new Error('the cross-check runs the harness with the gateway-api-bench workload');
  mkdirSync(options.outDir, { recursive: true });
  const runs: CrossCheckRun[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const tool of toolOrder(round)) {
      const loadAtStart = loadavg()[0] ?? Number.NaN;
      const startedAt = new Date().toISOString();
      const started = performance.now();
      progress(`[crosscheck] round ${round}/${options.rounds}: ${tool}, ${options.routes} apps, load average ${loadAtStart.toFixed(2)}`);
      const measured = tool === 'harness' ? await harnessRun(cluster, http, options, progress) : await peerRun(cluster, http, options, round, progress);
      const run = { round, tool, startedAt, loadAtStart, seconds: (performance.now() - started) / 1000, ...measured };
      progress(
        `[crosscheck] round ${round} ${tool}: setup ${(run.setupMs / 1000).toFixed(2)} s, teardown ${(run.teardownMs / 1000).toFixed(1)} s, writes ${run.writes}${run.createMs === undefined ? '' : `, apps created in ${(run.createMs / 1000).toFixed(1)} s`}`,
      );
      runs.push(run);
      onRun(run);
    }
  }
  return runs;
}

type Measured = Omit<CrossCheckRun, 'round' | 'tool' | 'startedAt' | 'loadAtStart' | 'seconds'>;

/** The harness's gateway-api-bench workload, in this process, with its report written beside the cross-check's. */
async function harnessRun(cluster: ClusterDescription, http: KubeHttp, options: CrossCheckOptions, progress: Progress): Promise<Measured> {
  const runId = newRunId();
  // The Attached Routes Baseline with the gateway-api-bench workload: its report is read as that test's (the registry).
  const loadTest = new LoadTestManager({ cluster, http, progress }, options.config, runId, 'AttachedRoutesBaseline');
  const paceWatch = new AppPaceWatch(http, gatewayApiPaths.httpRoutes(appsNamespaceOf(runId)));
  let pace: AppPace | undefined;
  try {
    await paceWatch.start();
    const results = await loadTest.run();
    pace = paceWatch.stop();
    const bench = results.bench;
    if (!bench || isNotMeasured(bench)) throw new Error(`the harness's gateway-api-bench figures were not measured: ${bench?.notMeasured ?? 'no figures'}`);
    const run = describeRun({
      controller: describeControllerUnderTest(cluster, {}),
      kubernetesVersion: results.cluster.kubernetesVersion,
      settings: runSettings(results.config, cluster),
      controllerVariablePrefixes: [],
    });
    const written = await writeRunReport(results, run, options.outDir, loadTest.attachmentTimeline);
    return {
      setupMs: bench.setupMs,
      teardownMs: bench.teardownMs,
      writes: bench.writes,
      createMs: results.baseline.createMs,
      ...(pace ? { pace } : {}),
      output: written.json,
      runId: results.runId,
    };
  } finally {
    paceWatch.stop();
    await loadTest.cleanup();
  }
}

/** gateway-api-bench's program against a Gateway this run creates (and deletes), with an xDS observer as its proxy. */
async function peerRun(cluster: ClusterDescription, http: KubeHttp, options: CrossCheckOptions, round: number, progress: Progress): Promise<Measured> {
  await expectNamespaceAbsent(http, PEER_NAMESPACE);
  const nodesBefore = await peerNodeNames(http);
  let peerStarted = false;
  let finished = false;
  const context = new RunContext(newRunId());
  const creates = new RunCreates(http, context);
  const tracker = new AttachmentTracker({ namespace: context.appNamespace, name: GATEWAY_NAME, listener: LISTENER_NAME, sectionName: null });
  const routes = new RunRoutes(context, options.config.gatewayClassName, SINGLE_GATEWAY, 'All');
  const watch = new CollectionWatch<Gateway>(http, routes.gatewaysPath, context.selector, tracker.onGatewayEvent);
  const paceWatch = new AppPaceWatch(http, gatewayApiPaths.httpRoutes(PEER_NAMESPACE));
  let xds: Awaited<ReturnType<typeof connectXdsObserver>> | undefined;
  try {
    tracker.expectController((await preflightGatewayClass(http, options.config.gatewayClassName)).controllerName);
    await creates.create('/api/v1/namespaces', { metadata: { name: context.appNamespace, labels: { ...context.labels } } });
    await watch.start();
    const parts = { http, progress, config: options.config, run: context, creates, tracker, routes };
    await createGateway(parts, controllerOf(cluster));
    xds = await connectXdsObserver(cluster, options.config.gatewayClassName, context.appNamespace, progress);
    const gateway = `${context.appNamespace}/${GATEWAY_NAME}`;
    const logPath = join(options.outDir, `round-${round}-gateway-api-bench.log`);
    await paceWatch.start();
    const eventsBefore = tracker.gatewayEvents;
    peerStarted = true;
    const figures = await runPeer({
      binary: options.peer,
      kubeconfig: cluster.kubeconfigPath,
      gateway,
      routes: options.routes,
      logPath,
      timeoutMs: 2 * options.config.phaseTimeoutMs,
    });
    const watchedGatewayEvents = tracker.gatewayEvents - eventsBefore;
    const pace = paceWatch.stop();
    // Its namespace goes away after it exits: the next run must not share the controller with that.
    await waitForObjectsGone({
      http,
      collectionPath: '/api/v1/namespaces',
      names: [PEER_NAMESPACE],
      timeoutMs: options.config.phaseTimeoutMs,
      what: `namespace ${PEER_NAMESPACE} to be gone`,
    });
    finished = true;
    return { ...figures, watchedGatewayEvents, ...(pace ? { pace } : {}), output: logPath, runId: context.runId };
  } finally {
    paceWatch.stop();
    // A program that failed (or was stopped) may not have deleted its apps: what it made goes with the run.
    if (peerStarted && !finished) {
      await removePeerLeftovers(http, nodesBefore, options.config.phaseTimeoutMs).then(
        (removed) => removed.length > 0 && progress(`[crosscheck] gateway-api-bench's program left ${removed.join(', ')}: removed`),
        (error: Error) =>
          progress(`[crosscheck] could not remove what gateway-api-bench's program left (namespace ${PEER_NAMESPACE}, its fake Node): ${error.message}`),
      );
    }
    if (xds && !isNotMeasured(xds)) xds.stop();
    watch.stop();
    tracker.dispose();
    creates.close();
    await deleteRun(http, context.runId);
  }
}

/** The program creates `mesh` and deletes it: one that exists already is someone else's, and would be deleted. */
async function expectNamespaceAbsent(http: KubeHttp, name: string): Promise<void> {
  if ((await http.find(`/api/v1/namespaces/${name}`)) === undefined) return;
  throw new Error(
    `namespace ${name} exists in the cluster: gateway-api-bench's program creates its apps there and deletes it at the end, so it would delete what is in it. Remove it (or use a cluster without it) and run again`,
  );
}
