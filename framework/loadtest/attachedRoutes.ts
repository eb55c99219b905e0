// One Attached Routes run, phase by phase as the methodology lists them: simulation, Gateway, baseline, samples,
// teardown. Each phase is a short function in phases/; this class holds what they share (the run context, the
// watches' tracker, the measurements around the baseline and sample phases) and assembles the results.
import type { Progress } from '../cluster/build/progress.js';
import type { ClusterDescription } from '../cluster/provider.js';
import { controllerOf } from '../controllers/index.js';
import type { Gateway, HTTPRoute } from '../gatewayApi/types.js';
import type { KubeHttp } from '../kube/http.js';
import { CollectionWatch } from '../kube/watch.js';
import { ApiServerRequestMeter } from '../measure/apiServerRequests.js';
import { AttachmentTracker } from '../measure/attachment.js';
import { type ControllerUsage, ControllerUsageMeter } from '../measure/controllerUsage.js';
import { HttpProbe } from '../measure/httpProbe.js';
import { type PhaseMeasurement, Unmeasurable } from '../measure/measurement.js';
import { notMeasured } from '../measure/notMeasured.js';
import { PhaseRunner } from '../measure/phaseRunner.js';
import { StatusWritesMeasurement } from '../measure/statusWrites.js';
import { RunContext } from '../run/context.js';
import { RunCreates } from '../run/creates.js';
import { countRunObjects, deleteRun } from '../run/ownership.js';
import type { AttachedRoutesConfig } from './config.js';
import { attachBaseline, attachmentPerApiServer } from './phases/baseline.js';
import { createGateway } from './phases/gateway.js';
import type { RunParts } from './phases/parts.js';
import { preflightGatewayClass } from './phases/preflight.js';
import { measureSamples } from './phases/samples.js';
import { simulateCluster } from './phases/simulation.js';
import type { BaselineResult, PhaseResult, Sample, TestResults } from './results.js';
import { GATEWAY_NAME, LISTENER_NAME, RunRoutes } from './routes.js';
import type { SimulatedCluster } from './simulator.js';

export interface LoadTestDependencies {
  readonly cluster: ClusterDescription;
  readonly http: KubeHttp;
  readonly progress: Progress;
}

export class LoadTestManager {
  readonly context: RunContext;
  private readonly parts: RunParts;
  private readonly tracker: AttachmentTracker;
  private readonly watches: CollectionWatch<HTTPRoute | Gateway>[] = [];
  private readonly phases;
  private readonly phaseResults: PhaseResult[] = [];
  private readonly startedAt = new Date();
  private readonly wallStart = performance.now();
  private simulated: SimulatedCluster | undefined;
  private gateway: TestResults['gateway'] | undefined;
  private baseline: BaselineResult | undefined;
  private samples: Sample[] = [];

  constructor(
    private readonly deps: LoadTestDependencies,
    readonly config: AttachedRoutesConfig,
    runId: string,
    readonly testName: string,
  ) {
    this.context = new RunContext(runId);
    this.tracker = new AttachmentTracker({ namespace: this.context.appNamespace, name: GATEWAY_NAME, listener: LISTENER_NAME });
    const routes = new RunRoutes(this.context, config.gatewayClassName);
    const creates = new RunCreates(deps.http, this.context);
    this.parts = { http: deps.http, progress: deps.progress, config, run: this.context, creates, tracker: this.tracker, routes };
    const { controllerMetricsUrl } = deps.cluster;
    const controller: PhaseMeasurement<ControllerUsage> = controllerMetricsUrl
      ? new ControllerUsageMeter(controllerMetricsUrl)
      : new Unmeasurable('no controller metrics endpoint known (LOADTEST_CONTROLLER_METRICS_URL)');
    this.phases = new PhaseRunner({ writes: new StatusWritesMeasurement(this.tracker), controller, apiServerRequests: new ApiServerRequestMeter(deps.http) });
  }

  get runId(): string {
    return this.context.runId;
  }

  get appNamespace(): string {
    return this.context.appNamespace;
  }

  /** Every phase in order; the suite spells the same list out phase by phase. */
  async run(): Promise<TestResults> {
    await this.preflight();
    await this.simulation();
    await this.gatewayPhase();
    await this.baselinePhase();
    await this.samplesPhase();
    return this.results();
  }

  /** Checks that cost nothing to undo, before the run creates anything. */
  async preflight(): Promise<void> {
    await preflightGatewayClass(this.deps.http, this.config.gatewayClassName);
  }

  /** 1-2. The simulated cluster; then the watches on the run's routes and Gateway. */
  async simulation(): Promise<void> {
    this.simulated = await simulateCluster(this.parts, this.deps.cluster.capabilities.canRunFakeNodes);
    await this.startWatches();
  }

  /** 3. The Gateway, Accepted and Programmed (nudged if the controller has a known bug that needs it). */
  async gatewayPhase(): Promise<void> {
    this.gateway = await createGateway(this.parts, controllerOf(this.deps.cluster).gatewayStatusNudge);
  }

  /** 4-6. Baseline routes in batches, every one attached; measured as the phase "baseline". */
  async baselinePhase(): Promise<void> {
    await this.phases.start();
    this.baseline = await attachBaseline(this.parts, this.need(this.simulated, 'simulation'));
    this.phaseResults.push(await this.phases.next('baseline'));
  }

  /** 7-11. Incremental samples; measured as the phase "incremental". */
  async samplesPhase(): Promise<void> {
    const { dataPlaneUrl, dataPlaneAbsentReason } = this.deps.cluster;
    const probe = dataPlaneUrl ? new HttpProbe(dataPlaneUrl) : notMeasured(`no data plane: ${dataPlaneAbsentReason ?? 'none known'}`);
    try {
      this.samples = await measureSamples(this.parts, this.need(this.simulated, 'simulation'), probe);
    } finally {
      if (probe instanceof HttpProbe) await probe.close();
    }
    this.phaseResults.push(await this.phases.next('incremental'));
    this.phases.stop();
  }

  async results(): Promise<TestResults> {
    const { cluster, http } = this.deps;
    const simulated = this.need(this.simulated, 'simulation');
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
      simulatedCluster: { ...simulated.config, services: simulated.serviceNames.length, endpointSlices: simulated.endpointSlices, nodes: simulated.nodes },
      baseline: this.need(this.baseline, 'baseline'),
      samples: this.samples,
      phases: this.phaseResults,
      startedAt: this.startedAt.toISOString(),
      wallMs: performance.now() - this.wallStart,
    };
  }

  /** Attachment per a fresh list from the API server, independent of the watches. */
  attachmentPerApiServer(): Promise<{ attached: number; listenerAttachedRoutes: number }> {
    return attachmentPerApiServer(this.parts);
  }

  /** Teardown: deletes everything this run created, by its label, and waits until it is gone. Safe to call twice. */
  async cleanup(): Promise<void> {
    this.parts.creates.close();
    this.phases.stop();
    this.tracker.dispose();
    for (const watch of this.watches) watch.stop();
    await deleteRun(this.deps.http, this.context.runId);
  }

  /** Objects with this run's label still in the cluster, counted by kind. */
  remainingObjects(): Promise<Record<string, number>> {
    return countRunObjects(this.deps.http, this.context.runId);
  }

  private async startWatches(): Promise<void> {
    const { http } = this.deps;
    const { routes } = this.parts;
    const routeWatch = new CollectionWatch<HTTPRoute>(http, routes.routesPath, this.context.selector, this.tracker.onRouteEvent);
    const gatewayWatch = new CollectionWatch<Gateway>(http, routes.gatewaysPath, this.context.selector, this.tracker.onGatewayEvent);
    this.watches.push(routeWatch as CollectionWatch<HTTPRoute | Gateway>, gatewayWatch as CollectionWatch<HTTPRoute | Gateway>);
    await Promise.all([routeWatch.start(), gatewayWatch.start()]);
  }

  private need<T>(value: T | undefined, phase: string): T {
    if (value === undefined) throw new Error(`the ${phase} phase has not run`);
    return value;
  }
}
