// Orchestrates one Attached Routes run: simulated cluster, Gateway, baseline routes in batches, then incremental
// route samples timed from watch events on a monotonic clock. Cleanup deletes by the run's label only.
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { KubeHttp } from '../kube/http.js';
import type { ClusterDescription } from '../cluster/provider.js';
import { onInterrupt } from '../cluster/process/processes.js';
import { createOwned, withRetry, type OwnedObject } from '../kube/retry.js';
import { ConfigError } from '../env.js';
import { createGatewayAndWait } from './gatewayReady.js';
import { ApiServerRequestMeter } from '../measure/apiServerRequests.js';
import { AttachmentTracker, type Gateway, type HTTPRoute } from '../measure/attachment.js';
import { ControllerUsageMeter } from '../measure/controllerUsage.js';
import { HttpProbe } from '../measure/httpProbe.js';
import { deleteLeftovers, findLeftovers, type Leftover } from '../run/ownership.js';
import { RUN_LABEL, runLabels } from '../run/runId.js';
import type { AttachedRoutesConfig, PhaseResult, Sample, TestResults } from './types.js';
import { vclusterSizing } from './types.js';
import { SERVICE_PORT, VClusterSimulator, serviceName, type SimulatedCluster } from './simulator.js';
import { CollectionWatch } from '../kube/watch.js';

export const GATEWAY_NAME = 'test-gateway';
export const LISTENER_NAME = 'http';
const GATEWAY_API = '/apis/gateway.networking.k8s.io/v1';
/** What the data plane answers for a probed route once it serves it (its RequestRedirect filter). */
const READY_STATUS = 302;

/** The namespace of a run's Gateway and routes. */
export function appNamespaceOf(runId: string): string {
  return `${runId}-app`;
}

export interface LoadTestDependencies {
  readonly cluster: ClusterDescription;
  readonly http: KubeHttp;
  readonly progress: (line: string) => void;
}

export class LoadTestManager {
  readonly appNamespace: string;
  readonly simNamespace: string;
  private readonly tracker: AttachmentTracker;
  private readonly watches: CollectionWatch<HTTPRoute | Gateway>[] = [];
  private readonly controllerMeter: ControllerUsageMeter | undefined;
  private readonly apiServerMeter: ApiServerRequestMeter;
  private readonly phases: PhaseResult[] = [];
  private readonly removeInterruptHandler: () => void;
  private readonly inFlight = new Set<Promise<void>>();
  private interrupted = false;

  constructor(
    private readonly deps: LoadTestDependencies,
    readonly config: AttachedRoutesConfig,
    readonly runId: string,
    readonly testName: string,
  ) {
    this.appNamespace = appNamespaceOf(runId);
    this.simNamespace = `${runId}-sim`;
    this.tracker = new AttachmentTracker({ namespace: this.appNamespace, name: GATEWAY_NAME, listener: LISTENER_NAME });
    this.controllerMeter = deps.cluster.controllerMetricsUrl ? new ControllerUsageMeter(deps.cluster.controllerMetricsUrl) : undefined;
    this.apiServerMeter = new ApiServerRequestMeter(deps.http);
    // Ctrl-C or a CI timeout during a run still deletes what the run created. Without waiting for namespaces to go,
    // and with one retry only: on the local provider the API server is being stopped at the same moment. Creates
    // stop first, and those in flight are let finish, so that nothing lands in a namespace being deleted (which
    // would hold up its termination).
    this.removeInterruptHandler = onInterrupt(async () => {
      this.interrupted = true;
      await Promise.allSettled([...this.inFlight]);
      await this.deleteRunObjects(1);
    });
  }

  /** Route names: `<gateway>-route-<i>` as in the Go harness; incremental routes continue the numbering. */
  routeName(index: number): string {
    return `${GATEWAY_NAME}-route-${index}`;
  }

  async run(): Promise<TestResults> {
    const startedAt = new Date();
    const wallStart = performance.now();
    const { http, progress } = this.deps;
    const { config } = this;
    await this.preflight();

    // 1-2. Simulated cluster and infrastructure.
    await this.createNamespace(this.simNamespace);
    await this.createNamespace(this.appNamespace);
    const sizing = vclusterSizing(config.routes, `${this.runId}-vcluster`);
    const simulator = new VClusterSimulator(http, this.runId, {
      concurrency: config.concurrency,
      // Only where no kubelet runs: on kind or K3s fake Nodes would disturb the node's networking.
      fakeNodes: this.deps.cluster.provider === 'local',
      progress,
    });
    const simulated = await simulator.create(sizing, this.simNamespace);
    await this.createReferenceGrant();
    await this.startWatches();

    // 3. Gateway, ready when the controller accepts and programs it.
    const gateways = `${GATEWAY_API}/namespaces/${this.appNamespace}/gateways`;
    const gateway = await createGatewayAndWait(() => this.createOwned(gateways, this.gateway()), {
      tracker: this.tracker,
      http,
      path: `${gateways}/${GATEWAY_NAME}`,
      timeoutMs: config.phaseTimeoutMs,
      describeTimeout: () =>
        `Gateway ${this.appNamespace}/${GATEWAY_NAME} (class ${config.gatewayClassName}) never became Accepted and Programmed: conditions ${JSON.stringify(this.tracker.gatewayConditions)}`,
      progress,
    });
    progress(`[gateway] ${this.appNamespace}/${GATEWAY_NAME} Accepted and Programmed after ${gateway.readyMs.toFixed(0)} ms${gateway.statusNudges ? ` (${gateway.statusNudges} nudge(s))` : ''}`);

    // 4-6. Baseline routes in batches, then every one of them attached.
    await this.beginPhases();
    const baseline = await this.createBaseline(simulated);
    this.phases.push(await this.nextPhase('baseline'));

    // 7-11. Incremental samples.
    const samples: Sample[] = [];
    const probe = this.deps.cluster.dataPlaneUrl ? new HttpProbe(this.deps.cluster.dataPlaneUrl) : undefined;
    try {
      for (let i = 0; i < config.samples; i++) {
        const sample = await this.measureIncrementalRoute(i, simulated, probe);
        samples.push(sample);
        progress(
          `[sample ${i + 1}/${config.samples}] setup ${sample.setupMs.toFixed(1)} ms (accepted ${sample.acceptedMs.toFixed(1)}, attachedRoutes ${sample.attachedMs.toFixed(1)}), teardown ${sample.teardownMs.toFixed(1)} ms`,
        );
      }
    } finally {
      await probe?.close();
    }
    this.phases.push(await this.nextPhase('incremental'));
    this.controllerMeter?.stop();

    return {
      runId: this.runId,
      testName: this.testName,
      config,
      cluster: {
        provider: this.deps.cluster.provider,
        server: this.deps.cluster.server,
        controller: this.deps.cluster.controller && `${this.deps.cluster.controller.name} ${this.deps.cluster.controller.version}`,
        kubernetesVersion: (await http.get<{ gitVersion: string }>('/version')).gitVersion,
      },
      gateway,
      simulatedCluster: { ...sizing, services: simulated.serviceNames.length, endpointSlices: simulated.endpointSlices, nodes: simulated.nodes },
      baseline,
      samples,
      phases: this.phases,
      routeReadyNotMeasuredReason: probe ? undefined : `no data plane: ${this.deps.cluster.dataPlaneAbsentReason ?? 'none known'}`,
      startedAt: startedAt.toISOString(),
      wallMs: performance.now() - wallStart,
    };
  }

  private createOwned(collection: string, object: OwnedObject): Promise<void> {
    if (this.interrupted) return Promise.reject(new Error(`interrupted: ${object.metadata.name} not created`));
    const request = createOwned(this.deps.http, collection, object, this.runId);
    this.inFlight.add(request);
    request.then(
      () => this.inFlight.delete(request),
      () => this.inFlight.delete(request),
    );
    return request;
  }

  /** Checks that cost nothing to undo, before the run creates anything. */
  private async preflight(): Promise<void> {
    const { http } = this.deps;
    try {
      const gatewayClass = await http.get<Gateway>(`${GATEWAY_API}/gatewayclasses/${this.config.gatewayClassName}`);
      const accepted = gatewayClass.status?.conditions?.find((c) => c.type === 'Accepted');
      if (accepted?.status !== 'True') {
        throw new ConfigError(`GatewayClass ${this.config.gatewayClassName} is not Accepted by its controller (${JSON.stringify(accepted ?? 'no Accepted condition')}); is the controller running?`);
      }
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        const classes = await http.get<{ items: Gateway[] }>(`${GATEWAY_API}/gatewayclasses`).catch(() => ({ items: [] }));
        throw new ConfigError(
          `GatewayClass ${JSON.stringify(this.config.gatewayClassName)} does not exist (GATEWAY_CLASS); existing classes: ${classes.items.map((c) => c.metadata?.name).join(', ') || 'none'}`,
        );
      }
      throw error;
    }
  }

  private async createNamespace(name: string): Promise<void> {
    await this.createOwned('/api/v1/namespaces', { metadata: { name, labels: runLabels(this.runId) } });
  }

  private async createReferenceGrant(): Promise<void> {
    await this.createOwned(`/apis/gateway.networking.k8s.io/v1beta1/namespaces/${this.simNamespace}/referencegrants`, {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'routes-to-simulated-services', labels: runLabels(this.runId) },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: this.appNamespace }],
        to: [{ group: '', kind: 'Service' }],
      },
    });
  }

  private gateway() {
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY_NAME, labels: runLabels(this.runId) },
      spec: {
        gatewayClassName: this.config.gatewayClassName,
        listeners: [{ name: LISTENER_NAME, port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
      },
    };
  }

  private routeHost(index: number): string {
    return `${index}-route.example.com`;
  }

  private routePath(index: number): string {
    return `/test-route-${index}`;
  }

  /**
   * A route to a simulated Service. The simulated Services have no pods, so a data plane would answer 503 for them:
   * a route to be probed (`answers`) instead carries a RequestRedirect filter, which the proxy answers itself.
   */
  private route(index: number, simulated: SimulatedCluster, answers = false) {
    const backend = { backendRefs: [{ name: serviceName(index % simulated.serviceNames.length), namespace: this.simNamespace, port: SERVICE_PORT }] };
    const redirect = { filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: 'ready.example.com', statusCode: READY_STATUS } }] };
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: this.routeName(index), labels: runLabels(this.runId) },
      spec: {
        parentRefs: [{ name: GATEWAY_NAME, sectionName: LISTENER_NAME }],
        hostnames: [this.routeHost(index)],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: this.routePath(index) } }], ...(answers ? redirect : backend) }],
      },
    };
  }

  private async startWatches(): Promise<void> {
    const { http } = this.deps;
    const selector = `${RUN_LABEL}=${this.runId}`;
    const routes = new CollectionWatch<HTTPRoute>(http, `${GATEWAY_API}/namespaces/${this.appNamespace}/httproutes`, selector, this.tracker.onRouteEvent);
    const gateways = new CollectionWatch<Gateway>(http, `${GATEWAY_API}/namespaces/${this.appNamespace}/gateways`, selector, this.tracker.onGatewayEvent);
    this.watches.push(routes as CollectionWatch<HTTPRoute | Gateway>, gateways as CollectionWatch<HTTPRoute | Gateway>);
    await Promise.all([routes.start(), gateways.start()]);
  }

  private async createBaseline(simulated: SimulatedCluster): Promise<TestResults['baseline']> {
    const { progress } = this.deps;
    const { routes, batchSize, concurrency, gracePeriodMs, phaseTimeoutMs } = this.config;
    const collection = `${GATEWAY_API}/namespaces/${this.appNamespace}/httproutes`;
    const limit = pLimit(concurrency);
    const allAttached = this.tracker.when(
      () => this.tracker.attachedCount === routes && this.tracker.listenerAttachedRoutes === routes,
      phaseTimeoutMs,
      () => `baseline: after ${phaseTimeoutMs} ms, ${this.tracker.attachedCount} of ${routes} routes are Accepted+ResolvedRefs; ${this.tracker.describeUnattached(this.baselineNames())}`,
    );
    const started = performance.now();
    const batches = Math.ceil(routes / batchSize);
    for (let batch = 0; batch < batches; batch++) {
      const first = batch * batchSize;
      const indexes = Array.from({ length: Math.min(batchSize, routes - first) }, (_, i) => first + i);
      await Promise.all(indexes.map((i) => limit(() => this.createOwned(collection, this.route(i, simulated)))));
      progress(
        `[baseline] batch ${batch + 1}/${batches}: ${first + indexes.length}/${routes} created, ${this.tracker.attachedCount} attached, listener attachedRoutes=${this.tracker.listenerAttachedRoutes}, ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      if (batch < batches - 1 && gracePeriodMs > 0) await sleep(gracePeriodMs);
    }
    const createMs = performance.now() - started;
    const attachedAt = await allAttached.catch(async (error: Error) => {
      throw new Error(`${error.message}. ${await this.crossCheck()}`);
    });
    const attachMs = attachedAt - started;
    progress(`[baseline] all ${routes} routes Accepted+ResolvedRefs and attachedRoutes=${routes}: created in ${(createMs / 1000).toFixed(1)} s, attached after ${(attachMs / 1000).toFixed(1)} s`);
    return { createMs, attachMs };
  }

  /** Attachment as a fresh list of the run's routes and a read of its Gateway show it, independent of the watches. */
  async attachmentPerApiServer(): Promise<{ attached: number; listenerAttachedRoutes: number }> {
    const { http } = this.deps;
    const selector = encodeURIComponent(`${RUN_LABEL}=${this.runId}`);
    const [routes, gateway] = await Promise.all([
      http.get<{ items: HTTPRoute[] }>(`${GATEWAY_API}/namespaces/${this.appNamespace}/httproutes?labelSelector=${selector}`),
      http.get<Gateway>(`${GATEWAY_API}/namespaces/${this.appNamespace}/gateways/${GATEWAY_NAME}`),
    ]);
    const fresh = new AttachmentTracker({ namespace: this.appNamespace, name: GATEWAY_NAME, listener: LISTENER_NAME });
    for (const object of routes.items) fresh.onRouteEvent({ type: 'ADDED', object, at: performance.now() });
    fresh.onGatewayEvent({ type: 'ADDED', object: gateway, at: performance.now() });
    return { attached: fresh.attachedCount, listenerAttachedRoutes: fresh.listenerAttachedRoutes };
  }

  /** After a timeout: does the API server agree with the watches? Tells a silent controller from a missed event. */
  private async crossCheck(): Promise<string> {
    try {
      const { attached } = await this.attachmentPerApiServer();
      return attached === this.tracker.attachedCount
        ? `A fresh list from the API server agrees: ${attached} routes attached, so the controller has not written the rest`
        : `A fresh list from the API server shows ${attached} routes attached, the watches ${this.tracker.attachedCount}: the watches missed updates`;
    } catch (error) {
      return `The API server could not be asked to cross-check (${(error as Error).message})`;
    }
  }

  private baselineNames(): string[] {
    return Array.from({ length: this.config.routes }, (_, i) => this.routeName(i));
  }

  private async measureIncrementalRoute(sampleIndex: number, simulated: SimulatedCluster, probe: HttpProbe | undefined): Promise<Sample> {
    const { http } = this.deps;
    const { routes, phaseTimeoutMs } = this.config;
    const index = routes + sampleIndex;
    const name = this.routeName(index);
    const collection = `${GATEWAY_API}/namespaces/${this.appNamespace}/httproutes`;
    const route = this.route(index, simulated, probe !== undefined);
    const host = this.routeHost(index);
    const path = this.routePath(index);

    // Waiters are registered before the request so that no event can slip between request and wait.
    const accepted = this.tracker.when(() => this.tracker.isAttached(name), phaseTimeoutMs, () => `sample ${sampleIndex + 1}: route ${name} never became Accepted+ResolvedRefs: ${this.tracker.route(name)?.problem ?? 'not seen'}`);
    const counted = this.tracker.when(() => this.tracker.listenerAttachedRoutes === routes + 1, phaseTimeoutMs, () => `sample ${sampleIndex + 1}: listener attachedRoutes stayed ${this.tracker.listenerAttachedRoutes}, never ${routes + 1}`);
    const created = performance.now();
    await this.createOwned(collection, route);
    const ready = probe?.until(host, path, READY_STATUS, 404, phaseTimeoutMs);
    const [acceptedAt, countedAt, readyAt] = await Promise.all([accepted, counted, ready]);

    const uncounted = this.tracker.when(() => this.tracker.listenerAttachedRoutes === routes, phaseTimeoutMs, () => `sample ${sampleIndex + 1}: after deleting ${name}, listener attachedRoutes stayed ${this.tracker.listenerAttachedRoutes}, never back to ${routes}`);
    const deleted = performance.now();
    await withRetry(`delete HTTPRoute ${name}`, () => http.delete(`${collection}/${name}`));
    const gone = probe?.until(host, path, 404, READY_STATUS, phaseTimeoutMs);
    const [uncountedAt, goneAt] = await Promise.all([uncounted, gone]);

    return {
      index: sampleIndex,
      route: name,
      createSentAt: created,
      deleteSentAt: deleted,
      acceptedMs: acceptedAt - created,
      attachedMs: countedAt - created,
      setupMs: Math.max(acceptedAt, countedAt) - created,
      routeReadyMs: readyAt === undefined ? null : readyAt - created,
      teardownMs: uncountedAt - deleted,
      routeGoneMs: goneAt === undefined ? null : goneAt - deleted,
    };
  }

  private writesAtPhaseStart = { gateway: 0, routes: 0 };
  private phaseStartedAt = 0;

  private async beginPhases(): Promise<void> {
    this.writesAtPhaseStart = { gateway: this.tracker.gatewayStatusWrites, routes: this.tracker.routeStatusWrites };
    this.phaseStartedAt = performance.now();
    await Promise.all([this.controllerMeter?.begin(), this.apiServerMeter.begin()]);
  }

  /** Ends a phase and starts the next at the same moment, so that no write or request falls between phases. */
  private async nextPhase(name: string): Promise<PhaseResult> {
    const writes = { gateway: this.tracker.gatewayStatusWrites, routes: this.tracker.routeStatusWrites };
    const endedAt = performance.now();
    const [controller, apiServerRequests] = await Promise.all([this.controllerMeter?.next(), this.apiServerMeter.next()]);
    const result: PhaseResult = {
      name,
      durationMs: endedAt - this.phaseStartedAt,
      writes: { gateway: writes.gateway - this.writesAtPhaseStart.gateway, routes: writes.routes - this.writesAtPhaseStart.routes },
      controller,
      apiServerRequests,
    };
    this.writesAtPhaseStart = writes;
    this.phaseStartedAt = endedAt;
    return result;
  }

  /** Deletes everything this run created, by its label, and waits until it is gone. Safe to call twice. */
  async cleanup(): Promise<void> {
    this.removeInterruptHandler();
    this.controllerMeter?.stop();
    this.tracker.dispose();
    for (const watch of this.watches) watch.stop();
    const leftovers = await this.deleteRunObjects();
    await this.waitForNamespacesGone(leftovers.filter((l) => l.kind === 'Namespace').map((l) => l.name));
  }

  /** Deletes the run's top-level objects (namespaces, nodes, classes), found by its label. */
  private async deleteRunObjects(retries?: number): Promise<Leftover[]> {
    const leftovers = await findLeftovers(this.deps.http, this.runId, retries);
    await deleteLeftovers(this.deps.http, leftovers, retries);
    return leftovers;
  }

  private async waitForNamespacesGone(names: string[]): Promise<void> {
    const { http } = this.deps;
    const remaining = new Set(names);
    if (remaining.size === 0) return;
    const selector = `${RUN_LABEL}=${this.runId}`;
    await new Promise<void>((resolve, reject) => {
      const finishIfDone = () => {
        if (remaining.size > 0) return;
        clearTimeout(timer);
        watch.stop();
        resolve();
      };
      const timer = setTimeout(() => {
        watch.stop();
        reject(new Error(`namespaces still terminating after 5 min: ${[...remaining].join(', ')}`));
      }, 5 * 60_000);
      const watch = new CollectionWatch(http, '/api/v1/namespaces', selector, (event) => {
        if (event.type === 'DELETED') remaining.delete(event.object.metadata?.name ?? '');
        finishIfDone();
      });
      // The initial list shows the namespaces still present; those already gone never appear in it.
      watch.start().then(
        () => {
          const present = new Set([...watch.objects().values()].map((ns) => ns.metadata?.name ?? ''));
          for (const name of [...remaining]) if (!present.has(name)) remaining.delete(name);
          finishIfDone();
        },
        (error: unknown) => {
          clearTimeout(timer);
          watch.stop();
          reject(error);
        },
      );
    });
  }

  /** Objects with this run's label still in the cluster, by kind (for the test's final check). */
  async leftovers(): Promise<Record<string, number>> {
    const { http } = this.deps;
    const selector = encodeURIComponent(`${RUN_LABEL}=${this.runId}`);
    const count = async (path: string) => (await http.get<{ items: unknown[] }>(`${path}?labelSelector=${selector}`)).items.length;
    const collections: Record<string, string> = {
      namespaces: '/api/v1/namespaces',
      nodes: '/api/v1/nodes',
      services: '/api/v1/services',
      endpointslices: '/apis/discovery.k8s.io/v1/endpointslices',
      httproutes: `${GATEWAY_API}/httproutes`,
      gateways: `${GATEWAY_API}/gateways`,
      referencegrants: '/apis/gateway.networking.k8s.io/v1beta1/referencegrants',
    };
    const found = await Promise.all(Object.entries(collections).map(async ([kind, path]) => [kind, await count(path)] as const));
    return Object.fromEntries(found.filter(([, n]) => n > 0));
  }
}
