// Waiting until objects reach a state, from a list followed by a watch (no polling).
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { KubeHttp } from './kubeHttp.js';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; uid?: string; generation?: number };
  status?: unknown;
}

interface ObjectList {
  metadata?: { resourceVersion?: string };
  items?: KubeObject[];
}

/**
 * Resolves once every object named in `names` at `collectionPath` (e.g. /apis/x/v1/namespaces/ns/things)
 * satisfies `ready`. Rejects after `timeoutMs` with `describe` of the objects still not ready.
 */
export async function waitForObjects(options: {
  kubeConfig: KubeConfig;
  http: KubeHttp;
  collectionPath: string;
  names: readonly string[];
  ready: (object: KubeObject) => boolean;
  timeoutMs: number;
  what: string;
}): Promise<void> {
  const pending = new Set(options.names);
  const seen = new Map<string, KubeObject>();
  const consider = (object: KubeObject) => {
    const name = object.metadata?.name;
    if (!name || !pending.has(name)) return;
    seen.set(name, object);
    if (options.ready(object)) pending.delete(name);
  };
  const list = await options.http.get<ObjectList>(options.collectionPath);
  list.items?.forEach(consider);
  if (pending.size === 0) return;

  let abort: AbortController | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const missing = [...pending].map((name) => `${name}${seen.has(name) ? '' : ' (not found)'}`);
        reject(new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}: ${missing.join(', ')}`));
      }, options.timeoutMs);
      new Watch(options.kubeConfig)
        .watch(
          options.collectionPath,
          { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
          (phase, object: KubeObject) => {
            if (phase === 'ADDED' || phase === 'MODIFIED') consider(object);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
          (error: unknown) => {
            if (pending.size === 0) return;
            clearTimeout(timer);
            reject(new Error(`watch of ${options.collectionPath} ended while waiting for ${options.what}: ${String(error ?? 'closed')}`));
          },
        )
        .then((controller) => (abort = controller), reject);
    });
  } finally {
    abort?.abort();
  }
}
