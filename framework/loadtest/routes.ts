// The run's Gateways and routes by name, as in the Go harness: `<gateway>-route-<i>`, incremental routes continuing
// the numbering, each with its own hostname and path. With a topology (topology.ts) the routes spread over several
// Gateways, listeners and namespaces; the first Gateway is the one whose proxy the xDS observer plays, so the sample
// routes and the routes churn changes go to all attach to it.
import { type GatewayListener, gateway, gatewayListener, httpRoute } from '../gatewayApi/builders.js';
import { GATEWAY_API_GROUP, gatewayApiPaths } from '../gatewayApi/paths.js';
import type { ListenerRef } from '../measure/attachment.js';
import type { RunContext } from '../run/context.js';
import { RUN_LABEL } from '../run/labels.js';
import { SERVICE_PORT, type SimulatedCluster, serviceName } from './simulator.js';
import { gatewayName, listenerSpec, placement, SINGLE_GATEWAY, type Topology } from './topology.js';

export const GATEWAY_NAME = 'test-gateway';
export const LISTENER_NAME = 'http';
/** What the data plane answers for a probed route once it serves it (its RequestRedirect filter). */
export const READY_STATUS = 302;
/**
 * The baseline route that no sample or change touches: it carries the redirect rule too, so that a data plane answers
 * it itself (302) and it can be probed throughout the samples and the churn (zero downtime).
 */
export const STABLE_ROUTE_INDEX = 0;

/** The one Secret of every ListenerSet's HTTPS listener (gateway-api-bench shares one per namespace too). */
export const LISTENER_SET_SECRET = 'listener-sets-tls';
/** The listener every ListenerSet of the run has. */
export const LISTENER_SET_LISTENER = 'https';

/** The Secret holding the certificate of HTTPS listener `listener` of Gateway `gateway`. */
export function certificateSecretName(gateway: string, listener: string): string {
  return `${gateway}-${listener}-tls`;
}

export class RunRoutes {
  readonly gatewayPath: string;
  readonly gatewaysPath: string;
  /** The routes of the first route namespace (the run's app namespace). */
  readonly routesPath: string;
  /** Where every route of the run is watched and listed: its namespace, or all namespaces with K > 1. */
  readonly routesWatchPath: string;

  constructor(
    private readonly run: RunContext,
    private readonly gatewayClassName: string,
    readonly topology: Topology = SINGLE_GATEWAY,
    /** Same: the run's routes live beside the Gateway; All: in another namespace (the gateway-api-bench workload's apps). */
    private readonly allowedFrom: 'Same' | 'All' = 'Same',
  ) {
    this.gatewaysPath = gatewayApiPaths.gateways(run.appNamespace);
    this.gatewayPath = gatewayApiPaths.gateway(run.appNamespace, GATEWAY_NAME);
    this.routesPath = gatewayApiPaths.httpRoutes(run.appNamespace);
    this.routesWatchPath = topology.routeNamespaces > 1 ? gatewayApiPaths.httpRoutes() : this.routesPath;
  }

  /** The namespaces routes live in: the app namespace first, then `<app>-<k>`. */
  namespaces(): string[] {
    return Array.from({ length: this.topology.routeNamespaces }, (_, k) => (k === 0 ? this.run.appNamespace : `${this.run.appNamespace}-${k}`));
  }

  gatewayNames(): string[] {
    return Array.from({ length: this.topology.gateways }, (_, g) => gatewayName(GATEWAY_NAME, g));
  }

  /** The run's ListenerSets (all on the first Gateway), none without LOADTEST_LISTENER_SETS. */
  listenerSetNames(): string[] {
    return Array.from({ length: this.topology.listenerSets ?? 0 }, (_, s) => `listener-set-${s}`);
  }

  /** Every Gateway (or ListenerSet) listener the run's routes attach to. */
  listenerRefs(): ListenerRef[] {
    const sets = this.listenerSetNames();
    if (sets.length > 0) return sets.map((name) => ({ gateway: name, listener: LISTENER_SET_LISTENER, kind: 'ListenerSet' }));
    return this.gatewayNames().flatMap((gatewayName) =>
      Array.from({ length: this.topology.listeners }, (_, l) => ({ gateway: gatewayName, listener: listenerSpec(this.topology, l).name })),
    );
  }

  /** The HTTPS listeners of every Gateway (not the ListenerSets', which share LISTENER_SET_SECRET), with the Secret of each. */
  httpsListeners(): { gateway: string; listener: string; secret: string }[] {
    const gatewayListeners = this.gatewayNames().flatMap((gateway) =>
      Array.from({ length: this.topology.listeners }, (_, l) => ({ gateway, listener: listenerSpec(this.topology, l).name })),
    );
    return gatewayListeners
      .filter(({ listener }) => listener.startsWith('https'))
      .map(({ gateway, listener }) => ({ gateway, listener, secret: certificateSecretName(gateway, listener) }));
  }

  /** Gateway `g` of the run (the first is the methodology's test-gateway). */
  gateway(g = 0) {
    const name = gatewayName(GATEWAY_NAME, g);
    const { routeNamespaces } = this.topology;
    // Routes in other namespaces of this run only: a selector on the run's label, which all its namespaces carry.
    const allowedRoutes: GatewayListener['allowedRoutes'] =
      routeNamespaces > 1 ? { from: 'Selector', matchLabels: { [RUN_LABEL]: this.run.runId } } : { from: this.allowedFrom };
    const listeners = Array.from({ length: this.topology.listeners }, (_, l): GatewayListener => {
      const spec = listenerSpec(this.topology, l);
      return { ...spec, allowedRoutes, ...(spec.protocol === 'HTTPS' ? { certificateSecret: certificateSecretName(name, spec.name) } : {}) };
    });
    const object = gateway({ name, labels: this.run.labels, gatewayClassName: this.gatewayClassName, listener: LISTENER_NAME, listeners });
    if (g > 0 || this.listenerSetNames().length === 0) return object;
    // The first Gateway takes the run's ListenerSets, which live beside it (a Gateway admits none unless it says so).
    return { ...object, spec: { ...object.spec, allowedListeners: { namespaces: { from: 'Same' } } } };
  }

  /**
   * ListenerSet `s` on the first Gateway: one HTTPS listener on 443 for the hosts `*.listener-set-<s>.example.com`,
   * with the shared certificate, as gateway-api-bench's ListenerSet test makes them (one per app, its own hostname).
   */
  listenerSet(s: number) {
    const name = this.listenerSetNames()[s] as string;
    const allowedRoutes: GatewayListener['allowedRoutes'] =
      this.topology.routeNamespaces > 1 ? { from: 'Selector', matchLabels: { [RUN_LABEL]: this.run.runId } } : { from: 'Same' };
    return {
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'ListenerSet',
      metadata: { name, labels: { ...this.run.labels } },
      spec: {
        parentRef: { group: GATEWAY_API_GROUP, kind: 'Gateway', name: GATEWAY_NAME },
        listeners: [
          {
            ...gatewayListener({ name: LISTENER_SET_LISTENER, port: 443, protocol: 'HTTPS', allowedRoutes, certificateSecret: LISTENER_SET_SECRET }),
            hostname: `*.${name}.example.com`,
          },
        ],
      },
    };
  }

  name(index: number): string {
    return `${GATEWAY_NAME}-route-${index}`;
  }

  host(index: number): string {
    const sets = this.listenerSetNames();
    // Under its ListenerSet's listener hostname, which a route's hostname must match to attach.
    return sets.length > 0 ? `${index}-route.${sets[index % sets.length]}.example.com` : `${index}-route.example.com`;
  }

  path(index: number): string {
    return `/test-route-${index}`;
  }

  /** The path of a sample route's second rule, the one a data plane answers itself (see route()). */
  readyPath(index: number): string {
    return `${this.path(index)}-ready`;
  }

  /** The namespace of route `index`. */
  namespaceOf(index: number): string {
    return this.namespaces()[placement(this.topology, index).namespace] as string;
  }

  /** The collection route `index` is created in. */
  routesPathOf(index: number): string {
    return gatewayApiPaths.httpRoutes(this.namespaceOf(index));
  }

  /** The object path of route `index`. */
  routePath(index: number): string {
    return gatewayApiPaths.httpRoute(this.namespaceOf(index), this.name(index));
  }

  /**
   * The Gateway and listener route `index` attaches to. Sample routes (`probed`) all go to the first Gateway, whose
   * proxy the xDS observer plays, over its listeners in turn.
   */
  parentOf(index: number, probed = false): { gateway: string; listener: string; kind?: 'ListenerSet' } {
    const sets = this.listenerSetNames();
    if (sets.length > 0) return { gateway: sets[index % sets.length] as string, listener: LISTENER_SET_LISTENER, kind: 'ListenerSet' };
    const { gateways, listeners } = this.topology;
    const at = placement(this.topology, index);
    const g = probed ? 0 : at.gateway;
    const l = probed ? index % listeners : at.listener;
    return { gateway: gatewayName(GATEWAY_NAME, gateways > 1 ? g : 0), listener: listenerSpec(this.topology, l).name };
  }

  /**
   * A route to a simulated Service. A sample route (`probed`) keeps that rule, so that it costs the controller what a
   * baseline route costs, and adds a second rule with its own path and a RequestRedirect, which a proxy answers
   * itself: the simulated Services have no pods, so the backend rule would only ever answer 503. Route readiness (HTTP
   * or xDS) is measured on that second rule.
   */
  route(index: number, simulated: SimulatedCluster, probed = false) {
    const backend = { name: serviceName(index % simulated.serviceNames.length), namespace: this.run.simNamespace, port: SERVICE_PORT };
    const rules = [{ pathPrefix: this.path(index), backend }];
    // The parentRef names the app namespace only when the route lives elsewhere (the Gateway API default is its own).
    const namespace = this.namespaceOf(index) === this.run.appNamespace ? undefined : this.run.appNamespace;
    return httpRoute({
      name: this.name(index),
      labels: this.run.labels,
      parent: { ...this.parentOf(index, probed), ...(namespace ? { namespace } : {}) },
      hostname: this.host(index),
      rules: probed ? [...rules, { pathPrefix: this.readyPath(index), redirectStatus: READY_STATUS }] : rules,
    });
  }

  /** The stable route's host and the path of its redirect rule (STABLE_ROUTE_INDEX). */
  stableRoute(): { name: string; host: string; path: string } {
    return { name: this.name(STABLE_ROUTE_INDEX), host: this.host(STABLE_ROUTE_INDEX), path: this.readyPath(STABLE_ROUTE_INDEX) };
  }

  /** The names of the first `count` routes (the baseline). */
  names(count: number): string[] {
    return Array.from({ length: count }, (_, i) => this.name(i));
  }

  /** Baseline routes among the first `count` that attach to the first Gateway (what its proxy's pushes hold). */
  observedCount(count: number): number {
    return Math.ceil(count / this.observedStride());
  }

  /** Every how many routes one attaches to the first Gateway (ListenerSets are all on it). */
  private observedStride(): number {
    return this.listenerSetNames().length > 0 ? 1 : this.topology.gateways;
  }

  /**
   * The k-th baseline route (k >= 0) of the first Gateway after the stable route 0, cycling over the `count` of the
   * baseline: the routes a change must reach the observed proxy with.
   */
  observedRoute(k: number, count: number): number {
    return this.observedStride() * (1 + (k % (this.observedCount(count) - 1)));
  }

  /** The first index from `from` on whose route attaches to the first Gateway. */
  nextObservedIndex(from: number): number {
    const stride = this.observedStride();
    return Math.ceil(from / stride) * stride;
  }
}
