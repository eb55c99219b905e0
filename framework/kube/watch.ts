// List-then-watch of one collection that survives dropped connections: it resumes from the last resourceVersion
// and relists after 410 Gone, so that consumers see every state change once (or its net effect after a relist).
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeApiError, type KubeHttp } from './http.js';
import type { KubeObject } from './object.js';
import { withRetry } from './retry.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends KubeObject> {
  readonly type: WatchEventType;
  readonly object: T;
  /** performance.now() when the event reached this process. */
  readonly at: number;
}

interface ListBody<T> {
  metadata: { resourceVersion: string };
  items: T[];
}

export class CollectionWatch<T extends KubeObject> {
  // Only each object's identity is kept: whole objects (managedFields included) of 5,000 routes add up.
  private readonly known = new Map<string, T>();
  private resourceVersion = '';
  private abort: AbortController | undefined;
  /** Aborted by stop(): ends a pending back-off as well as the open stream. */
  private readonly stopping = new AbortController();
  private stopped = false;
  private failuresInARow = 0;

  constructor(
    private readonly http: KubeHttp,
    /** Collection path, e.g. /apis/gateway.networking.k8s.io/v1/namespaces/x/httproutes */
    private readonly path: string,
    private readonly labelSelector: string | undefined,
    private readonly onEvent: (event: WatchEvent<T>) => void,
  ) {}

  async start(): Promise<void> {
    // A fresh API server answers 429 "storage is (re)initializing" until its watch cache is ready: retried.
    await withRetry(`list ${this.path}`, () => this.relist());
    await this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.stopping.abort();
  }

  private query(): string {
    return this.labelSelector ? `?labelSelector=${encodeURIComponent(this.labelSelector)}` : '';
  }

  /** Lists the collection and reports the difference to what was known as events. */
  private async relist(): Promise<void> {
    const list = await this.http.get<ListBody<T>>(`${this.path}${this.query()}`);
    if (this.stopped) return;
    const at = performance.now();
    const present = new Set<string>();
    for (const object of list.items) {
      const key = keyOf(object);
      present.add(key);
      const previous = this.known.get(key);
      if (previous?.metadata?.resourceVersion === object.metadata?.resourceVersion) continue;
      this.known.set(key, identity(object));
      this.onEvent({ type: previous ? 'MODIFIED' : 'ADDED', object, at });
    }
    for (const [key, object] of this.known) {
      if (present.has(key)) continue;
      this.known.delete(key);
      this.onEvent({ type: 'DELETED', object, at });
    }
    this.resourceVersion = list.metadata.resourceVersion;
  }

  /** Opens the watch from the last resourceVersion; resolves once the API server has answered. */
  private async connect(): Promise<void> {
    if (this.stopped) return;
    const abort = new AbortController();
    this.abort = abort;
    let gone = false;
    const query = new URLSearchParams({ watch: 'true', allowWatchBookmarks: 'true', resourceVersion: this.resourceVersion });
    if (this.labelSelector) query.set('labelSelector', this.labelSelector);
    const onEvent = (event: unknown, at: number) => {
      if (this.stopped) return;
      const { type, object } = event as { type: string; object: T & { code?: number } };
      if (type === 'ERROR') {
        gone = object.code === 410;
        return;
      }
      this.failuresInARow = 0;
      if (object.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
      if (type === 'BOOKMARK') return;
      const key = keyOf(object);
      if (type === 'DELETED') this.known.delete(key);
      else this.known.set(key, identity(object));
      this.onEvent({ type: type as WatchEventType, object, at });
    };
    let stream: { done: Promise<void> };
    try {
      stream = await this.http.watch(`${this.path}?${query}`, onEvent, abort.signal);
    } catch (error) {
      if (this.stopped) return; // stop() aborted the request
      if (!(error instanceof KubeApiError && error.status === 410)) throw error;
      void this.restart(true); // 410 Gone on opening: the resourceVersion is too old; relist
      return;
    }
    // The stream ended (closed, or failed): resume from the last resourceVersion, or relist after 410.
    void stream.done
      .catch(() => undefined)
      .then(() => {
        if (!this.stopped) void this.restart(gone);
      });
  }

  private async restart(gone: boolean): Promise<void> {
    // Back off while connections keep failing (the API server may be restarting); reset once events flow again.
    try {
      await sleep(Math.min(2_000, 50 * 2 ** this.failuresInARow++), undefined, { signal: this.stopping.signal });
    } catch {
      return; // stopped
    }
    try {
      if (gone) await this.relist();
      await this.connect();
    } catch (error) {
      // A closed client is final: whoever closed it is done with this watch.
      const code = (error as { code?: string }).code;
      if (!this.stopped && code !== 'UND_ERR_CLOSED' && code !== 'UND_ERR_DESTROYED') void this.restart(true);
    }
  }

  /** The objects currently known (their identity only), by namespace/name. */
  objects(): ReadonlyMap<string, T> {
    return this.known;
  }
}

export function keyOf(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** What a relist needs to tell changed and deleted objects apart. */
function identity<T extends KubeObject>(object: T): T {
  const { name, namespace, resourceVersion, labels } = object.metadata ?? {};
  return { apiVersion: object.apiVersion, kind: object.kind, metadata: { name, namespace, resourceVersion, labels } } as T;
}
