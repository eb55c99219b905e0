// How fast a tool created and deleted its apps, as a watch on the apps' HTTPRoutes sees it: the first and last
// ADDED, the first and last DELETED. The same instrument for both tools of the cross-check (gateway-api-bench's
// namespace `mesh`, the harness's `<run>-apps`), so that a difference in teardown can be told apart: a slower client
// deleting, or a slower controller counting. It only reads; a watch on a namespace that does not exist yet sees its
// objects once it does.
import type { HTTPRoute } from '../gatewayApi/types.js';
import type { KubeHttp } from '../kube/http.js';
import { CollectionWatch } from '../kube/watch.js';

export interface AppPace {
  /** First route added -> last route added, as the watch saw them. */
  readonly createdMs: number;
  /** First route deleted -> last route deleted. */
  readonly deletedMs: number;
  readonly added: number;
  readonly deleted: number;
}

export class AppPaceWatch {
  private readonly watch: CollectionWatch<HTTPRoute>;
  private added: number[] = [];
  private deleted: number[] = [];

  constructor(http: KubeHttp, routesPath: string) {
    this.watch = new CollectionWatch<HTTPRoute>(http, routesPath, undefined, (event) => {
      if (event.type === 'ADDED') this.added.push(event.at);
      if (event.type === 'DELETED') this.deleted.push(event.at);
    });
  }

  start(): Promise<void> {
    return this.watch.start();
  }

  /** Stops watching and says what it saw; undefined if it saw no route both added and deleted. */
  stop(): AppPace | undefined {
    this.watch.stop();
    const span = (times: readonly number[]) => (times.length ? Math.max(...times) - Math.min(...times) : Number.NaN);
    if (this.added.length === 0 || this.deleted.length === 0) return undefined;
    return { createdMs: span(this.added), deletedMs: span(this.deleted), added: this.added.length, deleted: this.deleted.length };
  }
}
