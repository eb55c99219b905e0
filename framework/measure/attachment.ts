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
  /** The run's main Gateway: the one whose readiness and conditions the single-Gateway getters report. */
  readonly name: string;
  /** The listener, which is also the routes' parentRef sectionName. */
  readonly listener: string;
  readonly controllerName?: string;
  /**
   * Every Gateway listener the run's routes attach to (a topology of several Gateways and listeners, all in
   * `namespace`); by default the one above. A route counts as attached to whichever of them its status names, and
   * listenerAttachedRoutes is their sum.
   */
  readonly listeners?: readonly ListenerRef[];
  /** Gateways whose readiness is tracked beside those of `listeners` (with ListenerSets, the Gateways they attach to). */
  readonly gateways?: readonly string[];
}

export interface ListenerRef {
  /** The Gateway's name, or a ListenerSet's (with `kind`): both carry listeners with attachedRoutes in their status. */
  readonly gateway: string;
  readonly listener: string;
  readonly kind?: 'Gateway' | 'ListenerSet';
}

/** What the watch last saw of one Gateway. */
interface GatewayState {
  status: string;
  conditions: Condition[];
  generation: number | undefined;
  attachedRoutes: ReadonlyMap<string, number>;
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
    (ref.namespace ?? routeNamespace) === target.namespace &&
    targetListeners(target).some((l) => (ref.kind ?? 'Gateway') === (l.kind ?? 'Gateway') && l.gateway === ref.name && l.listener === ref.sectionName) &&
    ref.port === undefined
  );
}

function targetListeners(target: AttachmentTarget): readonly ListenerRef[] {
  return target.listeners ?? [{ gateway: target.name, listener: target.listener }];
}

/** Whether a Gateway's Accepted and Programmed conditions are both for its current generation. */
function statusCurrent(state: GatewayState | undefined): boolean {
  const current = (type: string) => {
    const c = conditionOf(state?.conditions, type);
    return c !== undefined && state?.generation !== undefined && c.observedGeneration === state.generation;
  };
  return current('Accepted') && current('Programmed');
}

export class AttachmentTracker {
  private readonly routes = new Map<string, RouteState>();
  private readonly waits = new ConditionWaits();
  private readonly observers = new Set<(at: number) => void>();
  private readonly gateways = new Map<string, GatewayState>();
  private lastEventAt = 0;
  /**
   * attachedRoutes of the watched listener (the sum over the target's listeners), as last written by the controller;
   * undefined while a Gateway's conditions are not for its current generation (or it has none).
   */
  listenerAttachedRoutes: number | undefined;
  /** Routes with Accepted=True and ResolvedRefs=True for the Gateway. */
  attachedCount = 0;
  /** Status changes observed (a relist after a reconnect reports a net change once). */
  gatewayStatusWrites = 0;
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
    const name = event.object.metadata?.name ?? '';
    const tracked = name === this.gateway.name || this.gateway.gateways?.includes(name) || targetListeners(this.gateway).some((l) => l.gateway === name);
    if (!tracked) return;
    const status = JSON.stringify(event.object.status ?? {});
    const previous = this.gateways.get(name)?.status ?? '';
    if (status !== previous && (previous !== '' || status !== '{}')) this.gatewayStatusWrites++;
    this.gateways.set(name, {
      status,
      conditions: event.object.status?.conditions ?? [],
      generation: event.object.metadata?.generation,
      attachedRoutes: new Map((event.object.status?.listeners ?? []).map((l) => [l.name, l.attachedRoutes])),
    });
    this.listenerAttachedRoutes = this.sumOfListeners();
    this.lastEventAt = event.at;
    this.check(event.at);
  };

  /** attachedRoutes summed over the target's listeners, or undefined while a Gateway's status is not current. */
  private sumOfListeners(): number | undefined {
    let sum = 0;
    for (const { gateway, listener } of targetListeners(this.gateway)) {
      const state = this.gateways.get(gateway);
      if (!statusCurrent(state)) return undefined;
      sum += state?.attachedRoutes.get(listener) ?? 0;
    }
    return sum;
  }

  /** The conditions of Gateway `name` (the main one by default) as last seen. */
  conditionsOf(name = this.gateway.name): Condition[] {
    return this.gateways.get(name)?.conditions ?? [];
  }

  /** metadata.generation of Gateway `name` (the main one by default) as last seen. */
  generationOf(name = this.gateway.name): number | undefined {
    return this.gateways.get(name)?.generation;
  }

  /** Gateway `name` is Accepted and Programmed by its controller, for its current generation. */
  isGatewayReady(name = this.gateway.name): boolean {
    const state = this.gateways.get(name);
    return statusCurrent(state) && allTrue(state?.conditions, 'Accepted', 'Programmed');
  }

  /** The main Gateway's conditions as last seen. */
  get gatewayConditions(): Condition[] {
    return this.conditionsOf();
  }

  /** metadata.generation of the main Gateway as last seen. */
  get gatewayGeneration(): number | undefined {
    return this.generationOf();
  }

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

  /** The main Gateway's Accepted and Programmed conditions are both for its current generation. */
  get gatewayStatusCurrent(): boolean {
    return statusCurrent(this.gateways.get(this.gateway.name));
  }

  /** The main Gateway is Accepted and Programmed by its controller, for its current generation. */
  get gatewayReady(): boolean {
    return this.isGatewayReady();
  }

  /** The listener's count for messages (the sum over the target's listeners), or why there is none. */
  describeListener(): string {
    const listeners = targetListeners(this.gateway);
    const gateways = [...new Set(listeners.map((l) => l.gateway))];
    const parents = listeners.some((l) => l.kind === 'ListenerSet') ? 'ListenerSets' : 'Gateways';
    const what = listeners.length === 1 ? `listener ${this.gateway.listener}` : `${listeners.length} listeners of ${gateways.length} ${parents}`;
    const count = this.listenerAttachedRoutes;
    if (count !== undefined) return `${what} attachedRoutes=${count}`;
    if (listeners.length === 1) return `${what} attachedRoutes unknown (no Gateway conditions for generation ${this.gatewayGeneration ?? '?'})`;
    const stale = gateways.filter((name) => !statusCurrent(this.gateways.get(name)));
    return `${what} attachedRoutes unknown (no conditions for the current generation of ${stale.map((name) => `${name} (${this.generationOf(name) ?? '?'})`).join(', ')})`;
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
