// One Attached Routes run, phase by phase as the methodology lists them: simulation, Gateway, baseline, samples,
// teardown of the baseline at once, cleanup; or, with the gateway-api-bench workload (loadtest/workload.ts), the
// Gateway and that test's apps created and deleted (phases/gatewayApiBench.ts). Each phase is a short function in phases/; this class holds what they share (the run context, the
// watches' tracker, the measurements around the baseline and sample phases) and assembles the results.
import type { Progress } from '../cluster/build/progress.js';
import type { ClusterDescription } from '../cluster/provider.js';
import { controllerOf } from '../controllers/index.js';
import { EnvoyConfigMeter } from '../envoy/admin.js';
import type { GatewayEnvoy } from '../envoy/proxy.js';
import { gatewayApiPaths } from '../gatewayApi/paths.js';
import type { Gateway, HTTPRoute } from '../gatewayApi/types.js';
import type { KubeHttp } from '../kube/http.js';
import { CollectionWatch } from '../kube/watch.js';
import { ApiServerLoadMeter } from '../measure/apiServerLoad.js';
import { ApiServerRequestMeter } from '../measure/apiServerRequests.js';
import { AttachmentTracker } from '../measure/attachment.js';
import { AttachmentCurve } from '../measure/attachmentCurve.js';
import type { AttachmentPerList } from '../measure/attachmentPerList.js';
import { type AttachmentStall, longestAttachmentStall, STALL_THRESHOLD_MS } from '../measure/attachmentStall.js';
import { BenchFiguresRecorder } from '../measure/benchFigures.js';
import { type ControllerUsage, ControllerUsageMeter } from '../measure/controllerUsage.js';
import type { EnvoyConfigUpdates } from '../measure/envoyConfig.js';
import { GatewayApiBenchRecorder } from '../measure/gatewayApiBenchFigures.js';
import { HttpProbe } from '../measure/httpProbe.js';
import { type PhaseMeasurement, Unmeasurable } from '../measure/measurement.js';
import { isNotMeasured, type Measured, type NotMeasured, notMeasured } from '../measure/notMeasured.js';
import { OtherRunsMeasurement } from '../measure/otherRuns.js';
import { PhaseRunner } from '../measure/phaseRunner.js';
import { type ProcessUsage, ProcessUsageMeter } from '../measure/processUsage.js';
import { HttpRouteReadiness, type RouteReadiness, XdsRouteReadiness } from '../measure/routeReadiness.js';
import { ControllerActivity, describeSettle, feedControllerActivity, readSettleOptions, type SettleOptions } from '../measure/settle.js';
import { describeStableProbe, type StableProbeFigures, StableRouteProbe } from '../measure/stableProbe.js';
import { StatusWritesMeasurement } from '../measure/statusWrites.js';
import { XdsPushesMeasurement } from '../measure/xdsPushes.js';
import type { AttachmentPoint } from '../report/charts.js';
import { RunContext } from '../run/context.js';
import { RunCreates } from '../run/creates.js';
import { countRunObjects, deleteRun } from '../run/ownership.js';
import type { XdsObserver } from '../xds/adsObserver.js';
import type { XdsCounters } from '../xds/counters.js';
import type { AttachedRoutesConfig } from './config.js';
import { GatewayApiBenchApps } from './gatewayApiBenchApps.js';
import { attachBaseline, attachmentPerApiServer } from './phases/baseline.js';
import { startDataPlane } from './phases/dataPlane.js';
import { createGateway } from './phases/gateway.js';
import { APPS_TEARDOWN_METHOD, runGatewayApiBench } from './phases/gatewayApiBench.js';
import type { RunParts } from './phases/parts.js';
import { preflightGatewayClass } from './phases/preflight.js';
import { measureSamples } from './phases/samples.js';
import { growSimulatedCluster, simulateCluster } from './phases/simulation.js';
import { deleteBaselineAtOnce } from './phases/teardown.js';
import { connectXdsObserver } from './phases/xdsObserver.js';
import type { BaselineResult, PhaseResult, Sample, TestResults } from './results.js';
import { GATEWAY_NAME, LISTENER_NAME, READY_STATUS, RunRoutes } from './routes.js';
import { readProbeIntervalMs } from './settings.js';
import type { SimulatedCluster } from './simulator.js';

export interface LoadTestDependencies {
  readonly cluster: ClusterDescription;
  readonly http: KubeHttp;
  readonly progress: Progress;
  /** How a phase's edge waits for the controller to go quiet (default: LOADTEST_SETTLE_MS / LOADTEST_SETTLE_MAX_MS). */
  readonly settle?: SettleOptions;
  /** Between the starts of two HTTP probe requests (default: LOADTEST_PROBE_INTERVAL_MS, 5 ms). */
  readonly probeIntervalMs?: number;
}

export class LoadTestManager {
  readonly context: RunContext;
  private parts: RunParts;
  private readonly tracker: AttachmentTracker;
  private readonly watches: CollectionWatch<HTTPRoute | Gateway>[] = [];
  private readonly controllerUsage: PhaseMeasurement<ControllerUsage>;
  private phases: ReturnType<LoadTestManager['phaseRunner']> | undefined;
  private stopActivity: (() => void) | undefined;
  /** A proxy of the run's Gateway as the controller's xDS server sees it, once the Gateway is ready. */
  private xds: XdsObserver | NotMeasured = notMeasured('the Gateway phase has not run');
  /** The Gateway's Envoy, when the run started one (embedded default). */
  private envoy: GatewayEnvoy | NotMeasured = notMeasured('the Gateway phase has not run');
  /** The stable route probed through the data plane during the samples (zero downtime). */
  private stableProbe: Measured<StableProbeFigures> = notMeasured('the samples phase has not run');
  private routeReadiness: RouteReadiness | NotMeasured = notMeasured('the samples phase has not run');
  private readonly phaseResults: PhaseResult[] = [];
  private readonly startedAt = new Date();
  private readonly wallStart = performance.now();
  private simulated: SimulatedCluster | undefined;
  private gateway: TestResults['gateway'] | undefined;
  private baseline: BaselineResult | undefined;
  /** Routes of the baseline attached so far (a capacity ladder raises it step by step). */
  private baselineRoutes = 0;
  private samples: Sample[] = [];
  private curve: AttachmentCurve | undefined;
  /** Setup, teardown and writes, from the baseline's creates to the teardown's delete (the batched workload). */
  private readonly bench: BenchFiguresRecorder;
  /** The gateway-api-bench workload: its apps, and its three figures by its own definitions. */
  private readonly apps: GatewayApiBenchApps | undefined;
  private readonly appsBench: GatewayApiBenchRecorder | undefined;

  constructor(
    private readonly deps: LoadTestDependencies,
    config: AttachedRoutesConfig,
    runId: string,
    readonly testName: string,
  ) {
    this.context = new RunContext(runId);
    const gatewayApiBench = config.workload === 'gateway-api-bench';
    // gateway-api-bench's routes name the Gateway alone, from a namespace of their own.
    const routes = new RunRoutes(this.context, config.gatewayClassName, config.topology, gatewayApiBench ? 'All' : 'Same');
    this.tracker = new AttachmentTracker({
      namespace: this.context.appNamespace,
      name: GATEWAY_NAME,
      listener: LISTENER_NAME,
      listeners: routes.listenerRefs(),
      gateways: routes.gatewayNames(),
      ...(gatewayApiBench ? { sectionName: null } : {}),
    });
    const creates = new RunCreates(deps.http, this.context);
    this.parts = { http: deps.http, progress: deps.progress, config, run: this.context, creates, tracker: this.tracker, routes };
    this.bench = new BenchFiguresRecorder(config.routes, () => ({
      attachedRoutes: this.tracker.listenerAttachedRoutes,
      statusWrites: this.tracker.gatewayStatusWrites,
    }));
    if (gatewayApiBench) {
      this.apps = new GatewayApiBenchApps(this.context, { namespace: this.context.appNamespace, name: GATEWAY_NAME });
      this.appsBench = new GatewayApiBenchRecorder(
        config.routes,
        () => ({ attachedRoutes: this.tracker.listenerAttachedRoutes, gatewayEvents: this.tracker.gatewayEvents }),
        APPS_TEARDOWN_METHOD,
      );
    }
    const { controllerMetricsUrl } = deps.cluster;
    this.controllerUsage = controllerMetricsUrl
      ? new ControllerUsageMeter(controllerMetricsUrl)
      : new Unmeasurable('no controller metrics endpoint known (LOADTEST_CONTROLLER_METRICS_URL)');
  }

  /**
   * Every per-phase figure; built once the xDS observer is connected (or known not to be). Each phase ends when the
   * controller has gone quiet after its work: no status write, no xDS push for the settle time.
   */
  private phaseRunner() {
    const { cluster, http } = this.deps;
    const activity = new ControllerActivity(this.deps.settle ?? readSettleOptions(process.env));
    this.stopActivity = feedControllerActivity(activity, this.tracker, isNotMeasured(this.xds) ? undefined : this.xds);
    // The kernel's own count for a controller this run started here (a pid on another machine means nothing).
    const pid = cluster.provider === 'local' ? cluster.controller?.pid : undefined;
    return new PhaseRunner(
      {
        writes: new StatusWritesMeasurement(this.tracker),
        controller: this.controllerUsage,
        controllerProcess:
          pid === undefined
            ? new Unmeasurable<ProcessUsage>(`the controller process is not one this run started on this machine (provider ${cluster.provider})`)
            : new ProcessUsageMeter(pid),
        apiServerRequests: new ApiServerRequestMeter(http),
        apiServerLoad: new ApiServerLoadMeter(http),
        // This process: what the harness itself cost, so that a figure can be told from the harness's own load.
        harness: new ProcessUsageMeter(process.pid),
        xds: isNotMeasured(this.xds) ? new Unmeasurable<XdsCounters>(this.xds.notMeasured) : new XdsPushesMeasurement(this.xds),
        otherRuns: new OtherRunsMeasurement(http, this.context.runId),
        // The Gateway's Envoy: its CPU and peak memory from the kernel, its configuration updates from its admin stats.
        envoyProcess: isNotMeasured(this.envoy) ? new Unmeasurable<ProcessUsage>(this.envoy.notMeasured) : new ProcessUsageMeter(this.envoy.pid, 'Envoy'),
        envoyConfig: isNotMeasured(this.envoy)
          ? new Unmeasurable<EnvoyConfigUpdates>(this.envoy.notMeasured)
          : new EnvoyConfigMeter(this.envoy.admin, this.envoy.pid),
      },
      activity,
    );
  }

  /** The run's configuration (a capacity ladder's current step, after raiseBaseline). */
  get config(): AttachedRoutesConfig {
    return this.parts.config;
  }

  get runId(): string {
    return this.context.runId;
  }

  get appNamespace(): string {
    return this.context.appNamespace;
  }

  /** The watches' view of the run's routes and Gateway, for suites that continue a run (ControllerRestart). */
  get attachment(): AttachmentTracker {
    return this.tracker;
  }

  /** Every phase in order; the suite spells the same list out phase by phase. */
  async run(): Promise<TestResults> {
    await this.preflight();
    await this.simulation();
    await this.gatewayPhase();
    if (this.apps) {
      await this.gatewayApiBenchPhase();
      return this.results();
    }
    await this.baselinePhase();
    await this.samplesPhase();
    await this.teardownPhase();
    return this.results();
  }

  /** Checks that cost nothing to undo, before the run creates anything. */
  async preflight(): Promise<void> {
    const { controllerName } = await preflightGatewayClass(this.deps.http, this.config.gatewayClassName);
    // Only status entries written by the class's controller count as attachment.
    this.tracker.expectController(controllerName);
  }

  /**
   * 1-2. The simulated cluster; then the watches on the run's routes and Gateway. The gateway-api-bench workload
   * simulates no cluster (its apps bring their own Services): the Gateway's namespace and the apps' instead.
   */
  async simulation(): Promise<void> {
    if (this.apps) {
      const { creates, run } = this.parts;
      for (const name of [run.appNamespace, this.apps.namespace]) await creates.create('/api/v1/namespaces', { metadata: { name, labels: { ...run.labels } } });
    } else {
      this.simulated = await simulateCluster(this.parts, this.deps.cluster.capabilities);
    }
    await this.startWatches();
  }

  /** 3. The Gateway, Accepted and Programmed (nudged if the controller has a known bug that needs it). */
  async gatewayPhase(): Promise<void> {
    this.gateway = await createGateway(this.parts, controllerOf(this.deps.cluster));
    const { cluster, progress } = this.deps;
    // The Gateway's Envoy and the harness's observer connect side by side (each waits out the first-answer delay).
    const [envoy, xds] = await Promise.allSettled([
      startDataPlane(cluster, this.config.gatewayClassName, this.context.appNamespace, progress, this.config.phaseTimeoutMs),
      connectXdsObserver(cluster, this.config.gatewayClassName, this.context.appNamespace, progress, this.config.phaseTimeoutMs),
    ]);
    if (xds.status === 'fulfilled') this.xds = xds.value;
    if (envoy.status === 'fulfilled') this.envoy = envoy.value;
    if (envoy.status === 'rejected') throw envoy.reason;
    if (xds.status === 'rejected') throw xds.reason;
  }

  /** The Gateway's Envoy, when the run started one (tests stop it to see the probe fail). */
  get dataPlane(): GatewayEnvoy | NotMeasured {
    return this.envoy;
  }

  /**
   * Starts probing the stable route through the data plane (its own connection) until stop(): zero downtime by real
   * traffic, for the samples and for suites that change the baseline (Churn). Not measured without a data plane.
   */
  probeStableRoute(): { stop(): Promise<Measured<StableProbeFigures>> } {
    const probe = this.httpProbe();
    if (!probe) {
      const reason = isNotMeasured(this.envoy) ? this.envoy.notMeasured : 'no data plane known';
      return { stop: async () => notMeasured(`no data plane to probe (${reason})`) };
    }
    const stable = new StableRouteProbe(probe, this.parts.routes.stableRoute());
    stable.start();
    return {
      stop: async () => {
        const figures = await stable.stop();
        await probe.close();
        return figures;
      },
    };
  }

  /** Where route readiness goes by HTTP: a data plane the cluster names (existing cluster, Traefik), else the run's Envoy. */
  private httpProbe(): HttpProbe | undefined {
    const { dataPlaneUrl } = this.deps.cluster;
    const intervalMs = this.deps.probeIntervalMs ?? readProbeIntervalMs(process.env);
    if (dataPlaneUrl) return new HttpProbe(dataPlaneUrl, { intervalMs });
    const envoy = this.envoy;
    if (isNotMeasured(envoy)) return undefined;
    return new HttpProbe(envoy.dataPlaneUrl, { intervalMs, describeDataPlane: () => envoy.describe() });
  }

  /**
   * A capacity ladder's next step: the configuration of a larger route count, and the simulated cluster grown to the
   * methodology's size for it. The next baselinePhase() then creates only the routes the baseline lacks.
   */
  async raiseBaseline(config: AttachedRoutesConfig): Promise<void> {
    if (config.routes <= this.baselineRoutes) throw new Error(`raiseBaseline: ${config.routes} routes is not above the ${this.baselineRoutes} attached`);
    this.parts = { ...this.parts, config };
    this.simulated = await growSimulatedCluster(this.parts, this.need(this.simulated, 'simulation'), this.deps.cluster.capabilities);
  }

  /**
   * 4-6. Baseline routes in batches, every one attached; measured as the phase `name`. After raiseBaseline(), only the
   * routes beyond the previous baseline are created, and the phases go on back to back.
   */
  async baselinePhase(name = 'baseline'): Promise<void> {
    if (!this.phases) {
      this.phases = this.phaseRunner();
      await this.phases.start();
    }
    const curve = new AttachmentCurve(
      () => this.tracker.attachedCount,
      () => this.tracker.listenerAttachedRoutes,
    );
    const stopRecording = this.tracker.observe((at) => curve.record(at));
    // Until the teardown phase (or cleanup) is over: the bench's figures span the baseline and the teardown.
    this.tracker.observe((at) => this.bench.onEvent(at));
    const observer = {
      start: (origin: number) => {
        curve.start(origin);
        this.bench.setupStarted(origin);
      },
      onCreated: (at: number) => {
        curve.onCreated(at);
        this.bench.lastCreated(at);
      },
    };
    try {
      const baseline = await attachBaseline(this.parts, this.need(this.simulated, 'simulation'), this.xds, observer, this.baselineRoutes);
      this.baseline = { ...baseline, longestStall: longestAttachmentStall(curve.points) };
      this.baselineRoutes = this.parts.config.routes;
    } finally {
      stopRecording();
    }
    this.curve = curve;
    this.reportStall(this.baseline.longestStall);
    await this.endPhase(this.phases, name);
  }

  /**
   * The gateway-api-bench workload after the Gateway: its apps created one by one and, from the Gateway event showing
   * N, deleted one by one in reverse; measured as one phase, "gateway-api-bench" (there is no quiet moment between).
   */
  async gatewayApiBenchPhase(): Promise<void> {
    const apps = this.need(this.apps, 'gateway-api-bench workload');
    const recorder = this.need(this.appsBench, 'gateway-api-bench workload');
    this.phases = this.phaseRunner();
    await this.phases.start();
    const curve = new AttachmentCurve(
      () => this.tracker.attachedCount,
      () => this.tracker.listenerAttachedRoutes,
    );
    // The curve (and the stall) covers the creation until the Gateway shows N, where the deletes begin.
    const stopRecording = this.tracker.observe((at) => {
      if (recorder.reachedAt === undefined || at <= recorder.reachedAt) curve.record(at);
    });
    this.tracker.observe((at) => recorder.onEvent(at));
    try {
      const result = await runGatewayApiBench(this.parts, apps, recorder, this.xds, curve);
      this.baseline = {
        createMs: result.createMs,
        attachMs: notMeasured(
          "the gateway-api-bench workload deletes its apps at the first Gateway event showing N, without waiting for every route's own status",
        ),
        xdsAllPushedMs: result.xdsAllPushedMs,
        longestStall: longestAttachmentStall(curve.points),
      };
    } finally {
      stopRecording();
    }
    this.curve = curve;
    this.reportStall(this.baseline.longestStall);
    const figures = recorder.figures();
    if (!isNotMeasured(figures)) {
      this.deps.progress(
        `[gateway-api-bench] its figures: add-all ${(figures.setupMs / 1000).toFixed(1)} s, remove-all ${(figures.teardownMs / 1000).toFixed(1)} s, writes ${figures.writes} (${figures.setupWrites} + ${figures.teardownWrites})`,
      );
    }
    await this.endPhase(this.phases, 'gateway-api-bench');
    this.phases.stop();
    this.stopActivity?.();
  }

  /**
   * 7-11. Incremental samples; measured as the phase `name`. The phase measurements stop after it unless
   * `keepMeasuring` (a capacity ladder's next step follows).
   */
  async samplesPhase(name = 'incremental', keepMeasuring = false): Promise<void> {
    const { dataPlaneAbsentReason } = this.deps.cluster;
    const phases = this.need(this.phases, 'baseline');
    // Real HTTP where a data plane is known; otherwise the push a connected proxy receives.
    const probe = this.httpProbe();
    const xdsReadiness = isNotMeasured(this.xds) ? undefined : new XdsRouteReadiness(this.xds);
    const noDataPlane = isNotMeasured(this.envoy) ? this.envoy.notMeasured : (dataPlaneAbsentReason ?? 'none known');
    this.routeReadiness = probe
      ? new HttpRouteReadiness(probe, READY_STATUS)
      : (xdsReadiness ?? notMeasured(`no data plane (${noDataPlane}) and no xDS observer (${(this.xds as NotMeasured).notMeasured})`));
    // Zero downtime: the stable route, through the same data plane, on a connection of its own, throughout the samples.
    const stable = this.probeStableRoute();
    try {
      this.samples = await measureSamples(this.parts, this.need(this.simulated, 'simulation'), this.routeReadiness, probe ? xdsReadiness : undefined);
    } finally {
      await probe?.close();
      this.stableProbe = await stable.stop();
      if (!isNotMeasured(this.stableProbe)) this.deps.progress(`[samples] stable route through the data plane: ${describeStableProbe(this.stableProbe)}`);
    }
    await this.endPhase(phases, name);
    if (!keepMeasuring) this.stopMeasuring();
  }

  /** The last baseline phase's result, its samples, and every phase measured so far (a capacity ladder's steps). */
  get measured(): { readonly baseline: BaselineResult | undefined; readonly samples: readonly Sample[]; readonly phases: readonly PhaseResult[] } {
    return { baseline: this.baseline, samples: this.samples, phases: this.phaseResults };
  }

  /** What a suite built on this run's baseline (Churn) works with: the run's parts, its simulated cluster, its xDS proxy. */
  get baselineParts(): { readonly parts: RunParts; readonly simulated: SimulatedCluster; readonly xds: XdsObserver | NotMeasured } {
    return { parts: this.parts, simulated: this.need(this.simulated, 'simulation'), xds: this.xds };
  }

  /**
   * For suites that measure phases of their own after the baseline (instead of the samples): runs `work`, then ends
   * the phase `name` when the controller has gone quiet, back to back with the previous phase.
   */
  async measuredPhase(name: string, work: () => Promise<void>): Promise<PhaseResult> {
    const phases = this.need(this.phases, 'baseline');
    await work();
    await this.endPhase(phases, name);
    return this.phaseResults[this.phaseResults.length - 1] as PhaseResult;
  }

  /** Stops the phase measurements (the samples phase does this itself). */
  stopMeasuring(): void {
    this.phases?.stop();
    this.stopActivity?.();
  }

  /**
   * 12. All N baseline routes deleted at once, timed to attachedRoutes = 0: gateway-api-bench's teardown. After the
   * samples, before cleanup (which still deletes everything by label).
   */
  async teardownPhase(): Promise<void> {
    this.need(this.baseline, 'baseline');
    await deleteBaselineAtOnce(this.parts, this.bench);
    const figures = this.bench.figures();
    if (!isNotMeasured(figures)) {
      this.deps.progress(
        `[teardown] batched workload figures (not gateway-api-bench's: docs/gateway-api-bench.md): setup ${(figures.setupMs / 1000).toFixed(1)} s, teardown ${(figures.teardownMs / 1000).toFixed(1)} s, ${figures.writes} Gateway status writes (${figures.setupWrites} + ${figures.teardownWrites})`,
      );
    }
  }

  /** Says how long the longest attachment stall was, and calls it one above the threshold. */
  private reportStall(stall: Measured<AttachmentStall> | undefined): void {
    if (!stall || isNotMeasured(stall)) return;
    const long = stall.ms > STALL_THRESHOLD_MS;
    this.deps.progress(
      `[baseline] longest attachment stall: ${(stall.ms / 1000).toFixed(1)} s at attachedRoutes=${stall.attachedRoutes} with ${stall.created} created${long ? ` (STALLED: over ${STALL_THRESHOLD_MS / 1000} s)` : ''}`,
    );
  }

  /** Ends a phase once the controller has gone quiet after its work, and says how long that took. */
  private async endPhase(phases: NonNullable<LoadTestManager['phases']>, name: string): Promise<void> {
    this.deps.progress(`[${name}] work done; the phase ends when the controller has gone quiet`);
    const phase = await phases.next(name);
    this.phaseResults.push(phase);
    if (phase.settle) this.deps.progress(`[${name}] phase end: ${describeSettle(phase.settle)}`);
  }

  async results(): Promise<TestResults> {
    const { cluster, http } = this.deps;
    const simulated = this.simulated;
    return {
      runId: this.context.runId,
      testName: this.testName,
      config: this.config,
      cluster: {
        provider: cluster.provider,
        server: cluster.server,
        controller: cluster.controller && `${cluster.controller.name} ${cluster.controller.version}`,
        kubernetesVersion: (await http.get<{ gitVersion: string }>('/version')).gitVersion,
      },
      gateway: this.need(this.gateway, 'gateway'),
      simulatedCluster: simulated
        ? { ...simulated.config, services: simulated.serviceNames.length, endpointSlices: simulated.endpointSlices, nodes: simulated.nodes }
        : notMeasured('the gateway-api-bench workload simulates no cluster: its apps bring their own Services'),
      baseline: this.need(this.baseline, 'baseline'),
      routeReadyMethod: isNotMeasured(this.routeReadiness) ? null : this.routeReadiness.method,
      dataPlane: this.dataPlaneDescription(),
      stableRoute: this.stableProbe,
      bench: this.appsBench ? this.appsBench.figures() : this.bench.figures(),
      samples: this.samples,
      phases: this.phaseResults,
      startedAt: this.startedAt.toISOString(),
      wallMs: performance.now() - this.wallStart,
    };
  }

  /** Which data plane served the HTTP probes, or why none did. */
  private dataPlaneDescription(): TestResults['dataPlane'] {
    const { cluster } = this.deps;
    if (cluster.dataPlaneUrl) return { kind: 'given', url: cluster.dataPlaneUrl };
    if (isNotMeasured(this.envoy)) return this.envoy;
    return { kind: 'envoy', url: this.envoy.dataPlaneUrl, version: cluster.envoy?.version ?? '?', pid: this.envoy.pid, readyMs: this.envoy.readyMs };
  }

  /** The baseline's routes created and attached over time, from its events (undefined before the baseline ran). */
  get attachmentTimeline(): readonly AttachmentPoint[] | undefined {
    return this.curve?.points;
  }

  /** Attachment per a fresh list from the API server, independent of the watches. */
  attachmentPerApiServer(): Promise<AttachmentPerList> {
    return attachmentPerApiServer(this.parts);
  }

  /** Teardown: deletes everything this run created, by its label, and waits until it is gone. Safe to call twice. */
  async cleanup(): Promise<void> {
    try {
      this.parts.creates.close();
      this.phases?.stop();
      this.stopActivity?.();
      if (!isNotMeasured(this.xds)) this.xds.stop();
      if (!isNotMeasured(this.envoy)) await this.envoy.stop();
      this.tracker.dispose();
      for (const watch of this.watches) watch.stop();
    } finally {
      // An instrument that failed to stop must not leave the run's objects in the cluster.
      await deleteRun(this.deps.http, this.context.runId);
    }
  }

  /** Objects with this run's label still in the cluster, counted by kind. */
  remainingObjects(): Promise<Record<string, number>> {
    // The controller's route policy (Churn's policy changes) is counted too, where the cluster serves it.
    const policy = controllerOf(this.deps.cluster).routePolicy;
    return countRunObjects(this.deps.http, this.context.runId, policy ? { [policy.kind]: policy.collectionPath() } : {});
  }

  private async startWatches(): Promise<void> {
    const { http } = this.deps;
    const { routes } = this.parts;
    const routesPath = this.apps?.routesPath ?? routes.routesWatchPath;
    const routeWatch = new CollectionWatch<HTTPRoute>(http, routesPath, this.context.selector, this.tracker.onRouteEvent);
    const gatewayWatch = new CollectionWatch<Gateway>(http, routes.gatewaysPath, this.context.selector, this.tracker.onGatewayEvent);
    this.watches.push(routeWatch as CollectionWatch<HTTPRoute | Gateway>, gatewayWatch as CollectionWatch<HTTPRoute | Gateway>);
    // ListenerSets report their listeners' attachedRoutes in a status of the Gateway's shape: the tracker reads both.
    if (routes.listenerSetNames().length > 0) {
      const setWatch = new CollectionWatch<Gateway>(
        http,
        gatewayApiPaths.listenerSets(this.context.appNamespace),
        this.context.selector,
        this.tracker.onGatewayEvent,
      );
      this.watches.push(setWatch as CollectionWatch<HTTPRoute | Gateway>);
    }
    await Promise.all(this.watches.map((watch) => watch.start()));
  }

  private need<T>(value: T | undefined, phase: string): T {
    if (value === undefined) throw new Error(`the ${phase} phase has not run`);
    return value;
  }
}
