// Route attachment as the watches see it: each route's conditions for the Gateway, the listener's attachedRoutes,
// and the status writes behind them. Waits resolve with the arrival time of the event that satisfied them.
import { allTrue, conditionOf } from '../gatewayApi/conditions.js';
import type { Condition, Gateway, HTTPRoute } from '../gatewayApi/types.js';
import type { WatchEvent } from '../kube/watch.js';

interface RouteState {
  accepted: boolean;
  resolvedRefs: boolean;
  /** The first condition that is not True, for failure messages. */
  problem?: string;
  status: string;
}

interface Waiter {
  condition: () => boolean;
  resolve: (at: number) => void;
}

export class AttachmentTracker {
  private readonly routes = new Map<string, RouteState>();
  private readonly waiters = new Set<Waiter>();
  private readonly observers = new Set<(at: number) => void>();
  private gatewayStatus = '';
  /** attachedRoutes of the watched listener, as last written by the controller. */
  listenerAttachedRoutes = 0;
  gatewayConditions: Condition[] = [];
  /** Routes with Accepted=True and ResolvedRefs=True for the Gateway. */
  attachedCount = 0;
  /** Status changes observed (a relist after a reconnect reports a net change once). */
  gatewayStatusWrites = 0;
  routeStatusWrites = 0;

  constructor(private readonly gateway: { namespace: string; name: string; listener: string }) {}

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
    this.check(event.at);
  };

  onGatewayEvent = (event: WatchEvent<Gateway>): void => {
    if (event.object.metadata?.name !== this.gateway.name) return;
    const status = JSON.stringify(event.object.status ?? {});
    if (status !== this.gatewayStatus && (this.gatewayStatus !== '' || status !== '{}')) this.gatewayStatusWrites++;
    this.gatewayStatus = status;
    this.gatewayConditions = event.object.status?.conditions ?? [];
    const listener = event.object.status?.listeners?.find((l) => l.name === this.gateway.listener);
    this.listenerAttachedRoutes = listener?.attachedRoutes ?? 0;
    this.check(event.at);
  };

  private routeState(route: HTTPRoute, status: string): RouteState {
    const namespace = route.metadata?.namespace;
    const parent = route.status?.parents?.find(
      (p) => p.parentRef.name === this.gateway.name && (p.parentRef.namespace ?? namespace) === this.gateway.namespace,
    );
    const condition = (type: string) => conditionOf(parent?.conditions, type);
    const accepted = condition('Accepted')?.status === 'True';
    const resolvedRefs = condition('ResolvedRefs')?.status === 'True';
    const failing = [condition('Accepted'), condition('ResolvedRefs')].find((c) => c && c.status !== 'True');
    const missing = ['Accepted', 'ResolvedRefs'].find((type) => !condition(type));
    const problem = !parent
      ? 'no status for the Gateway yet'
      : failing
        ? `${failing.type}=${failing.status} (${failing.reason}: ${failing.message})`
        : missing && `no ${missing} condition for the Gateway`;
    return { accepted, resolvedRefs, problem, status };
  }

  private check(at: number): void {
    for (const observer of this.observers) observer(at);
    for (const waiter of this.waiters) {
      if (waiter.condition()) {
        this.waiters.delete(waiter);
        waiter.resolve(at);
      }
    }
  }

  /**
   * Resolves with the arrival time of the event that made `condition` true (or now, if it already is).
   * Register it before the action it measures.
   */
  when(condition: () => boolean, timeoutMs: number, describeTimeout: () => string): Promise<number> {
    if (condition()) return Promise.resolve(performance.now());
    const promise = new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        condition,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(describeTimeout()));
      }, timeoutMs);
      // An abandoned wait (its run already failed) must not keep the process alive.
      timer.unref();
      this.waiters.add(waiter);
    });
    // A caller that gave up on the wait (its test already failed) must not cause an unhandled rejection.
    promise.catch(() => {});
    return promise;
  }

  /** Calls `observer` with the arrival time of every route or Gateway event; returns the function that stops it. */
  observe(observer: (at: number) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Drops pending waits (their runs are over): they never resolve; their unref'd timers still reject, unobserved. */
  dispose(): void {
    this.waiters.clear();
    this.observers.clear();
  }

  /** The Gateway is Accepted and Programmed by its controller. */
  get gatewayReady(): boolean {
    return allTrue(this.gatewayConditions, 'Accepted', 'Programmed');
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
    return `listener ${this.gateway.listener} attachedRoutes=${this.listenerAttachedRoutes}; ${lines.join('; ') || 'every route attached'}`;
  }
}
