// Route attachment as the watches see it: each route's conditions for the Gateway, the listener's attachedRoutes,
// and the status writes behind them. Waits resolve with the arrival time of the event that satisfied them.
//
// A route counts as attached only by a status entry that is for our Gateway (the whole parentRef, with the Gateway
// API defaults), written by the GatewayClass's controller, with conditions for the route's current generation. The
// Gateway's readiness and its listener's attachedRoutes count only while its conditions are for its current
// generation: a status written for an older spec says nothing about the current one.

import { allTrue, conditionOf } from '../gatewayApi/conditions.js';
import { GATEWAY_API_GROUP } from '../gatewayApi/paths.js';
import type { Condition, Gateway, HTTPRoute, ParentReference } from '../gatewayApi/types.js';
import type { WatchEvent } from '../kube/watch.js';
import { ConditionWaits } from './conditionWaits.js';

/** The Gateway and listener a run's routes attach to, and (once preflight has read it) its class's controller. */
export interface AttachmentTarget {
  readonly namespace: string;
  readonly name: string;
  /** The listener, which is also the routes' parentRef sectionName unless `sectionName` says otherwise. */
  readonly listener: string;
  /** The routes' parentRef sectionName when it is not the listener's name; null when they name the Gateway alone. */
  readonly sectionName?: string | null;
  readonly controllerName?: string;
}

interface RouteState {
  accepted: boolean;
  resolvedRefs: boolean;
  /** The first reason the route is not attached, for failure messages. */
  problem?: string;
  status: string;
}

/** Whether a status entry's parentRef names the target Gateway and listener, defaults applied. */
function isTargetParent(ref: ParentReference, routeNamespace: string | undefined, target: AttachmentTarget): boolean {
  return (
    (ref.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP &&
    (ref.kind ?? 'Gateway') === 'Gateway' &&
    (ref.namespace ?? routeNamespace) === target.namespace &&
    ref.name === target.name &&
    (ref.sectionName ?? null) === (target.sectionName === undefined ? target.listener : target.sectionName) &&
    ref.port === undefined
  );
}

export class AttachmentTracker {
  private readonly routes = new Map<string, RouteState>();
  private readonly waits = new ConditionWaits();
  private readonly observers = new Set<(at: number) => void>();
  private gatewayStatus = '';
  private lastEventAt = 0;
  /**
   * attachedRoutes of the watched listener, as last written by the controller; undefined while the Gateway's
   * conditions are not for its current generation (or it has none).
   */
  listenerAttachedRoutes: number | undefined;
  gatewayConditions: Condition[] = [];
  /** metadata.generation of the Gateway as last seen. */
  gatewayGeneration: number | undefined;
  /** Routes with Accepted=True and ResolvedRefs=True for the Gateway. */
  attachedCount = 0;
  /** Status changes observed (a relist after a reconnect reports a net change once). */
  gatewayStatusWrites = 0;
  /** Every watch event of the Gateway, a change of its status or not (gateway-api-bench counts its informer's events). */
  gatewayEvents = 0;
  routeStatusWrites = 0;

  private gateway: AttachmentTarget;

  constructor(gateway: AttachmentTarget) {
    this.gateway = gateway;
  }

  /** The GatewayClass's spec.controllerName (read at preflight): only its status entries count. */
  expectController(controllerName: string): void {
    this.gateway = { ...this.gateway, controllerName };
  }

  get controllerName(): string | undefined {
    return this.gateway.controllerName;
  }

  onRouteEvent = (event: WatchEvent<HTTPRoute>): void => {
    const name = event.object.metadata?.name ?? '';
    if (this.isAttached(name)) this.attachedCount--;
    if (event.type === 'DELETED') this.routes.delete(name);
    else {
      const status = JSON.stringify(event.object.status?.parents ?? []);
      const previous = this.routes.get(name);
      if (previous && previous.status !== status) this.routeStatusWrites++;
      if (!previous && status !== '[]') this.routeStatusWrites++;
      this.routes.set(name, this.routeState(event.object, status));
      if (this.isAttached(name)) this.attachedCount++;
    }
    this.lastEventAt = event.at;
    this.check(event.at);
  };

  onGatewayEvent = (event: WatchEvent<Gateway>): void => {
    if (event.object.metadata?.name !== this.gateway.name) return;
    this.gatewayEvents++;
    const status = JSON.stringify(event.object.status ?? {});
    if (status !== this.gatewayStatus && (this.gatewayStatus !== '' || status !== '{}')) this.gatewayStatusWrites++;
    this.gatewayStatus = status;
    this.gatewayConditions = event.object.status?.conditions ?? [];
    this.gatewayGeneration = event.object.metadata?.generation;
    const listener = event.object.status?.listeners?.find((l) => l.name === this.gateway.listener);
    this.listenerAttachedRoutes = this.gatewayStatusCurrent ? (listener?.attachedRoutes ?? 0) : undefined;
    this.lastEventAt = event.at;
    this.check(event.at);
  };

  private routeState(route: HTTPRoute, status: string): RouteState {
    const namespace = route.metadata?.namespace;
    const generation = route.metadata?.generation;
    const expected = this.gateway.controllerName;
    // Another controller may write for the same parentRef: prefer the entry of ours.
    const forGateway = (route.status?.parents ?? []).filter((p) => isTargetParent(p.parentRef, namespace, this.gateway));
    const parent = forGateway.find((p) => p.controllerName === expected) ?? forGateway[0];
    const condition = (type: string) => conditionOf(parent?.conditions, type);
    const current = (c: Condition | undefined) => c !== undefined && generation !== undefined && c.observedGeneration === generation;
    const byController = parent !== undefined && expected !== undefined && parent.controllerName === expected;
    const valid = (c: Condition | undefined) => byController && current(c) && c?.status === 'True';
    const accepted = valid(condition('Accepted'));
    const resolvedRefs = valid(condition('ResolvedRefs'));
    const failing = [condition('Accepted'), condition('ResolvedRefs')].find((c) => c && c.status !== 'True');
    const missing = ['Accepted', 'ResolvedRefs'].find((type) => !condition(type));
    const stale = [condition('Accepted'), condition('ResolvedRefs')].find((c) => c && !current(c));
    const problem = !parent
      ? 'no status for the Gateway yet'
      : expected === undefined
        ? "the GatewayClass's controller is not known (preflight has not run)"
        : !byController
          ? `status for the Gateway written by ${JSON.stringify(parent.controllerName)}, not the GatewayClass's controller ${JSON.stringify(expected)}`
          : failing
            ? `${failing.type}=${failing.status} (${failing.reason}: ${failing.message})`
            : missing
              ? `no ${missing} condition for the Gateway`
              : stale && `${stale.type} is for generation ${stale.observedGeneration}, the route is at generation ${generation}`;
    return { accepted, resolvedRefs, problem, status };
  }

  private check(at: number): void {
    for (const observer of this.observers) observer(at);
    this.waits.check(at);
  }

  /**
   * Resolves with the arrival time of the event that made `condition` true (or now, if it already is).
   * Register it before the action it measures.
   */
  when(condition: () => boolean, timeoutMs: number, describeTimeout: () => string): Promise<number> {
    return this.waits.add(condition, timeoutMs, describeTimeout);
  }

  /** Re-evaluates pending waits against the current state (after an outside change, such as a patch returning). */
  recheck(): void {
    this.check(this.lastEventAt);
  }

  /** Calls `observer` with the arrival time of every route or Gateway event; returns the function that stops it. */
  observe(observer: (at: number) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Drops pending waits (their runs are over): they never resolve; their unref'd timers still reject, unobserved. */
  dispose(): void {
    this.waits.clear();
    this.observers.clear();
  }

  /** The Gateway's Accepted and Programmed conditions are both for its current generation. */
  get gatewayStatusCurrent(): boolean {
    const current = (type: string) => {
      const c = conditionOf(this.gatewayConditions, type);
      return c !== undefined && this.gatewayGeneration !== undefined && c.observedGeneration === this.gatewayGeneration;
    };
    return current('Accepted') && current('Programmed');
  }

  /** The Gateway is Accepted and Programmed by its controller, for its current generation. */
  get gatewayReady(): boolean {
    return this.gatewayStatusCurrent && allTrue(this.gatewayConditions, 'Accepted', 'Programmed');
  }

  /** The listener's count for messages, or why there is none. */
  describeListener(): string {
    const count = this.listenerAttachedRoutes;
    return count === undefined
      ? `listener ${this.gateway.listener} attachedRoutes unknown (no Gateway conditions for generation ${this.gatewayGeneration ?? '?'})`
      : `listener ${this.gateway.listener} attachedRoutes=${count}`;
  }

  route(name: string): Readonly<RouteState> | undefined {
    return this.routes.get(name);
  }

  isAttached(name: string): boolean {
    const state = this.routes.get(name);
    return Boolean(state?.accepted && state.resolvedRefs);
  }

  /** Why some of `names` are not attached: counts by problem, with a few route names each. */
  describeUnattached(names: readonly string[]): string {
    const byProblem = new Map<string, string[]>();
    for (const name of names) {
      if (this.isAttached(name)) continue;
      const problem = this.routes.get(name)?.problem ?? 'route not seen by the watch';
      byProblem.set(problem, [...(byProblem.get(problem) ?? []), name]);
    }
    const lines = [...byProblem].map(([problem, routes]) => `${routes.length} route(s): ${problem} (e.g. ${routes.slice(0, 3).join(', ')})`);
    return `${this.describeListener()}; ${lines.join('; ') || 'every route attached'}`;
  }
}
