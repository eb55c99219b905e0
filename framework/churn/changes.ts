// Each kind of change: the request, and the waits (registered before it) for the status write and the xDS push that
// reflect it. A change resolves once both arrived; the stream then sends the next one.
import { httpRoute } from '../gatewayApi/builders.js';
import { withRetry } from '../kube/retry.js';
import type { RunParts } from '../loadtest/phases/parts.js';
import { SERVICE_PORT, type SimulatedCluster, serviceName } from '../loadtest/simulator.js';
import { isNotMeasured, type Measured, type NotMeasured, notMeasured } from '../measure/notMeasured.js';
import type { XdsObserver } from '../xds/adsObserver.js';
import { routeConfigHas } from '../xds/routeConfigs.js';
import type { ChurnConfig } from './config.js';
import type { ChangeKind } from './results.js';
import type { RouteGenerations } from './routeGenerations.js';
import { churnAddress, clusterIsFor, endpointsHold, routeGoesTo } from './xdsChecks.js';

/** A baseline route as the churn last left it. */
interface RouteState {
  path: string;
  service: number;
  generation: number;
}

/** A measurement still pending when the change is done (only waits a controller need not satisfy). */
type Pending = Promise<Measured<number>>;

export interface AppliedChange {
  readonly kind: ChangeKind;
  readonly object: string;
  readonly sentAt: number;
  readonly statusMs: Measured<number>;
  readonly xdsMs: Measured<number> | Pending;
}

export class ChurnChanges {
  private readonly routeStates = new Map<number, RouteState>();
  private addedRoute: number | undefined;
  private nextRoute: number;
  private unroutedService: { name: string; pushed: Pending } | undefined;
  private serial = 0;
  /** The change whose request was sent last, until it converged. */
  inFlight: string | null = null;

  constructor(
    private readonly parts: RunParts,
    private readonly simulated: SimulatedCluster,
    private readonly xds: XdsObserver | NotMeasured,
    private readonly generations: RouteGenerations,
    private readonly config: ChurnConfig,
  ) {
    this.nextRoute = parts.routes.nextObservedIndex(parts.config.routes);
  }

  /** The path prefix baseline route `index` has now (a path change of an earlier phase may have moved it). */
  pathOf(index: number): string {
    return this.routeStates.get(index)?.path ?? this.parts.routes.path(index);
  }

  /** Baseline route 0 is the stable one: no change touches it. */
  stableRoute() {
    const { routes } = this.parts;
    return { name: routes.name(0), host: routes.host(0), path: routes.path(0) };
  }

  /** Adds a route (even k) or deletes the one added before (odd k): the route count stays N between pairs. */
  addOrDeleteRoute(): Promise<AppliedChange> {
    return this.addedRoute === undefined ? this.addRoute() : this.deleteRoute(this.addedRoute);
  }

  private async addRoute(): Promise<AppliedChange> {
    const { routes, tracker, creates } = this.parts;
    const index = this.nextRoute;
    // Only routes of the observed (first) Gateway reach the pushes the run sees.
    this.nextRoute = routes.nextObservedIndex(index + 1);
    const name = routes.name(index);
    const total = this.parts.config.routes + 1;
    const status = tracker.when(
      () => tracker.isAttached(name) && tracker.listenerAttachedRoutes === total,
      this.config.changeTimeoutMs,
      () => `added route ${name}: not attached and counted (${total}) within ${this.config.changeTimeoutMs} ms: ${tracker.describeUnattached([name])}`,
    );
    const pushed = this.whenRoutes(routeConfigHas(routes.host(index), routes.path(index)), `added route ${name} never in an RDS push`);
    this.addedRoute = index;
    return this.send('routeAdd', `HTTPRoute ${name}`, () => creates.create(routes.routesPathOf(index), routes.route(index, this.simulated)), status, pushed);
  }

  private async deleteRoute(index: number): Promise<AppliedChange> {
    const { routes, tracker, http } = this.parts;
    const name = routes.name(index);
    const total = this.parts.config.routes;
    const status = tracker.when(
      () => tracker.listenerAttachedRoutes === total,
      this.config.changeTimeoutMs,
      () => `deleted route ${name}: ${tracker.describeListener()}, never back to ${total}`,
    );
    const has = routeConfigHas(routes.host(index), routes.path(index));
    const pushed = this.whenRoutes((configs) => !has(configs), `deleted route ${name} still in every RDS push`);
    this.addedRoute = undefined;
    return this.send(
      'routeDelete',
      `HTTPRoute ${name}`,
      () => withRetry(`delete HTTPRoute ${name}`, () => http.delete(routes.routePath(index))),
      status,
      pushed,
    );
  }

  /** The k-th baseline route a spec change goes to: those of the observed Gateway but route 0 (the stable route), in turn. */
  private routeFor(k: number): { index: number; state: RouteState } {
    const { routes } = this.parts;
    const index = routes.observedRoute(k, this.parts.config.routes);
    const services = this.simulated.serviceNames.length;
    const state = this.routeStates.get(index) ?? { path: routes.path(index), service: index % services, generation: 1 };
    this.routeStates.set(index, state);
    return { index, state };
  }

  /** Moves a baseline route to a path it never had. */
  changePath(k: number): Promise<AppliedChange> {
    const { index, state } = this.routeFor(k);
    const { routes } = this.parts;
    const host = routes.host(index);
    const oldPath = state.path;
    const newPath = `${routes.path(index)}-churn-${++this.serial}`;
    const hasNew = routeConfigHas(host, newPath);
    const hasOld = routeConfigHas(host, oldPath);
    const pushed = this.whenRoutes((c) => hasNew(c) && !hasOld(c), `route ${routes.name(index)}: path ${newPath} instead of ${oldPath} never pushed`);
    return this.patchRoute('routePath', index, state, { ...state, path: newPath }, pushed);
  }

  /** Points a baseline route at the next simulated Service. */
  changeBackend(k: number): Promise<AppliedChange> {
    const { index, state } = this.routeFor(k);
    const { routes, run } = this.parts;
    const service = (state.service + 1) % this.simulated.serviceNames.length;
    const pushed = this.whenRoutes(
      routeGoesTo(routes.host(index), state.path, run.simNamespace, serviceName(service)),
      `route ${routes.name(index)}: never pushed with the cluster of ${serviceName(service)}`,
    );
    return this.patchRoute('routeBackend', index, state, { ...state, service }, pushed);
  }

  private patchRoute(kind: ChangeKind, index: number, state: RouteState, next: RouteState, pushed: Promise<number> | NotMeasured): Promise<AppliedChange> {
    const { routes, http, run } = this.parts;
    const name = routes.name(index);
    const generation = state.generation + 1;
    const status = this.generations.attachedAt(name, generation, this.config.changeTimeoutMs);
    const backend = { name: serviceName(next.service), namespace: run.simNamespace, port: SERVICE_PORT };
    const { rules } = httpRoute({ name, labels: run.labels, parent: routes.parentOf(index), rules: [{ pathPrefix: next.path, backend }] }).spec;
    return this.send(
      kind,
      `HTTPRoute ${name}`,
      async () => {
        // Not retried: a retry after a lost answer would bump the generation twice.
        const patched = await http.mergePatch<{ metadata: { generation: number } }>(routes.routePath(index), { spec: { rules } });
        if (patched.metadata.generation !== generation) {
          throw new Error(`HTTPRoute ${name}: generation ${patched.metadata.generation} after the patch, expected ${generation}: something else changed it`);
        }
        this.routeStates.set(index, { ...next, generation });
      },
      status,
      pushed,
    );
  }

  /** Moves one endpoint of a simulated Service to an address it never had. */
  moveEndpoint(k: number): Promise<AppliedChange> {
    const { http, run } = this.parts;
    // The Service of a route of the observed Gateway: only its clusters' endpoints reach the pushes the run sees.
    const service = serviceName(this.parts.routes.observedRoute(k, this.parts.config.routes) % this.simulated.serviceNames.length);
    const slice = `${service}-sim`;
    const address = churnAddress(this.serial++);
    const pushed = this.xdsWait((xds) =>
      xds.whenHolds(
        () => endpointsHold(xds.clusterLoadAssignments(), address),
        this.config.changeTimeoutMs,
        () => `endpoint ${address} of ${service} never in an EDS push`,
      ),
    );
    const path = `/apis/discovery.k8s.io/v1/namespaces/${run.simNamespace}/endpointslices/${slice}`;
    const patch = [{ op: 'replace', path: '/endpoints/0/addresses/0', value: address }];
    return this.send(
      'endpointSlice',
      `EndpointSlice ${slice}`,
      () => withRetry(`patch EndpointSlice ${slice}`, () => http.request('PATCH', path, patch, 'application/json-patch+json')),
      notMeasured('an EndpointSlice has no status for the controller to write'),
      pushed,
    );
  }

  /**
   * Adds a Service nobody routes to (even k) or deletes it (odd k). A controller need not push anything for it: its
   * push (a CDS push naming or no longer naming its cluster) is awaited for irrelevantWaitMs, in the background.
   */
  async addOrDeleteUnroutedService(): Promise<AppliedChange> {
    const { http, run, creates } = this.parts;
    const collection = `/api/v1/namespaces/${run.simNamespace}/services`;
    const noStatus = notMeasured('a Service has no status for the controller to write');
    const wait = this.config.irrelevantWaitMs;
    const inCds = (xds: XdsObserver, name: string) => xds.clusterNames().some((c) => clusterIsFor(c, run.simNamespace, name));
    const added = this.unroutedService;
    if (added === undefined) {
      const name = `churn-unrouted-${++this.serial}`;
      const pushed = this.optional(
        (xds) =>
          xds.whenHolds(
            () => inCds(xds, name),
            wait,
            () => '',
          ),
        `no CDS push named its cluster within ${wait} ms (a Service no route uses need not reach xDS)`,
      );
      this.unroutedService = { name, pushed };
      const service = {
        metadata: { name, labels: { ...run.labels } },
        spec: { type: 'ClusterIP', ports: [{ name: 'http', port: SERVICE_PORT, targetPort: 8080, protocol: 'TCP' }] },
      };
      return this.send('irrelevantServiceAdd', `Service ${name}`, () => creates.create(collection, service), noStatus, pushed, true);
    }
    this.unroutedService = undefined;
    // Only a cluster that was pushed can be pushed away: the add's wait ends first (at most irrelevantWaitMs).
    const pushed = isNotMeasured(await added.pushed)
      ? this.optional(() => Promise.reject(new Error('never pushed')), 'its cluster was never in a CDS push, so no push could drop it')
      : this.optional(
          (xds) =>
            xds.whenHolds(
              () => !inCds(xds, added.name),
              wait,
              () => '',
            ),
          `no CDS push dropped its cluster within ${wait} ms`,
        );
    return this.send(
      'irrelevantServiceDelete',
      `Service ${added.name}`,
      () => withRetry(`delete Service ${added.name}`, () => http.delete(`${collection}/${added.name}`)),
      noStatus,
      pushed,
      true,
    );
  }

  /**
   * Sends the request, then waits for the status and the push (every kind of change goes through here, GatewayChanges
   * too); an optional push (one a controller need not make) is
   * left pending, to be collected at the phase's end.
   */
  async send(
    kind: ChangeKind,
    object: string,
    request: () => Promise<unknown>,
    status: Promise<number> | NotMeasured,
    pushed: Promise<Measured<number>> | NotMeasured,
    optional = false,
  ): Promise<AppliedChange> {
    this.inFlight = `${kind} ${object}`;
    const sentAt = performance.now();
    await request();
    const since = (at: Measured<number>, what: string): Measured<number> => {
      if (isNotMeasured(at)) return at;
      // A change seen before its own request was sent would be a harness error, not a fast controller.
      if (at - sentAt <= 0) throw new Error(`${kind} ${object}: ${what} at ${(at - sentAt).toFixed(3)} ms, before the request: harness error`);
      return at - sentAt;
    };
    const statusMs = isNotMeasured(status) ? status : since(await status, 'status');
    const xdsMs = isNotMeasured(pushed) ? pushed : optional ? pushed.then((at) => since(at, 'xDS push')) : since(await pushed, 'xDS push');
    this.inFlight = null;
    return { kind, object, sentAt, statusMs, xdsMs };
  }

  /** An xDS wait whose timeout means "the controller did not push for this", not a failure. */
  private optional(wait: (xds: XdsObserver) => Promise<number>, absent: string): Pending {
    const xds = this.xds;
    const pending: Pending = isNotMeasured(xds)
      ? Promise.resolve(xds)
      : wait(xds).then(
          (at) => at,
          (error: Error) => (xds.failure ? notMeasured(`the xDS stream broke: ${error.message}`) : notMeasured(absent)),
        );
    return pending;
  }

  xdsWait(wait: (xds: XdsObserver) => Promise<number>): Promise<number> | NotMeasured {
    return isNotMeasured(this.xds) ? this.xds : wait(this.xds);
  }

  private whenRoutes(predicate: Parameters<XdsObserver['when']>[0], timeoutMessage: string): Promise<number> | NotMeasured {
    return this.xdsWait((xds) => xds.when(predicate, this.config.changeTimeoutMs, () => `${timeoutMessage} within ${this.config.changeTimeoutMs} ms`));
  }
}
