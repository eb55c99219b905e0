// The run's objects of one collection as a watch last saw them, with waits on their state: what the newer Churn kinds
// judge convergence by (a Gateway's listener programmed for a generation, a TrafficPolicy attached). Each wait resolves
// with the arrival time of the watch event that satisfied it.
import type { KubeHttp } from '../kube/http.js';
import type { KubeObject } from '../kube/object.js';
import { CollectionWatch, type WatchEvent } from '../kube/watch.js';
import { ConditionWaits } from '../measure/conditionWaits.js';

export class ObjectWatch<T extends KubeObject> {
  private readonly objects = new Map<string, T>();
  private readonly waits = new ConditionWaits();
  private readonly watch: CollectionWatch<T>;

  constructor(http: KubeHttp, collection: string, selector: string) {
    this.watch = new CollectionWatch<T>(http, collection, selector, this.onEvent);
  }

  start(): Promise<void> {
    return this.watch.start();
  }

  stop(): void {
    this.watch.stop();
    this.waits.clear();
  }

  get(name: string): T | undefined {
    return this.objects.get(name);
  }

  /** Resolves when `condition` holds for the object `name` (undefined once it is gone). Register before the request. */
  when(name: string, condition: (object: T | undefined) => boolean, timeoutMs: number, describeTimeout: () => string): Promise<number> {
    return this.waits.add(() => condition(this.objects.get(name)), timeoutMs, describeTimeout);
  }

  private onEvent = (event: WatchEvent<T>): void => {
    const name = event.object.metadata?.name ?? '';
    if (event.type === 'DELETED') this.objects.delete(name);
    else this.objects.set(name, event.object);
    this.waits.check(event.at);
  };
}
