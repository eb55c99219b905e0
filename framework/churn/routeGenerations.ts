// The generation a route's status was written for, as the watch sees it: a change to a route's spec (its path, its
// backend) bumps metadata.generation, and the controller's status write for that spec carries the new generation
// as the conditions' observedGeneration. AttachmentTracker answers "is it attached now"; this answers "has the
// controller written a status for generation G yet", which a spec change needs.
import { allTrue } from '../gatewayApi/conditions.js';
import type { HTTPRoute } from '../gatewayApi/types.js';
import type { KubeHttp } from '../kube/http.js';
import { CollectionWatch, type WatchEvent } from '../kube/watch.js';
import { ConditionWaits } from '../measure/conditionWaits.js';

interface Written {
  /** The lowest observedGeneration among the controller's Accepted and ResolvedRefs conditions for the Gateway. */
  readonly generation: number;
  readonly attached: boolean;
}

export class RouteGenerations {
  private readonly written = new Map<string, Written>();
  private readonly waits = new ConditionWaits();
  private readonly watch: CollectionWatch<HTTPRoute>;

  constructor(
    http: KubeHttp,
    routesPath: string,
    selector: string,
    /** The run's Gateways: a status entry for any of them is the route's. */
    private readonly gateways: ReadonlySet<string>,
    private readonly controllerName: string,
  ) {
    this.watch = new CollectionWatch<HTTPRoute>(http, routesPath, selector, this.onEvent);
  }

  start(): Promise<void> {
    return this.watch.start();
  }

  stop(): void {
    this.watch.stop();
    this.waits.clear();
  }

  /**
   * Resolves with the arrival of the status write that says `route` is Accepted and ResolvedRefs for generation
   * `generation` or later. Register it before the request that makes that generation.
   */
  attachedAt(route: string, generation: number, timeoutMs: number): Promise<number> {
    return this.waits.add(
      () => {
        const written = this.written.get(route);
        return written !== undefined && written.generation >= generation && written.attached;
      },
      timeoutMs,
      () =>
        `HTTPRoute ${route}: no status for generation ${generation} within ${timeoutMs} ms (last written: ${JSON.stringify(this.written.get(route) ?? 'none')})`,
    );
  }

  private onEvent = (event: WatchEvent<HTTPRoute>): void => {
    const name = event.object.metadata?.name ?? '';
    if (event.type === 'DELETED') this.written.delete(name);
    else {
      const parent = event.object.status?.parents?.find((p) => this.gateways.has(p.parentRef.name) && p.controllerName === this.controllerName);
      const conditions = (parent?.conditions ?? []).filter((c) => c.type === 'Accepted' || c.type === 'ResolvedRefs');
      const generation = conditions.length === 2 ? Math.min(...conditions.map((c) => c.observedGeneration ?? 0)) : 0;
      this.written.set(name, { generation, attached: allTrue(conditions, 'Accepted', 'ResolvedRefs') });
    }
    this.waits.check(event.at);
  };
}
