// Waiting until named objects reach a state, from a list followed by a watch (no polling).

import type { KubeHttp } from './http.js';
import type { KubeObject } from './object.js';
import { CollectionWatch } from './watch.js';

/**
 * Resolves once every object named in `names` at `collectionPath` (e.g. /apis/x/v1/namespaces/ns/things)
 * satisfies `ready`. Rejects after `timeoutMs`, naming the objects still not ready.
 */
export async function waitForObjects(options: {
  http: KubeHttp;
  collectionPath: string;
  names: readonly string[];
  ready: (object: KubeObject) => boolean;
  timeoutMs: number;
  what: string;
}): Promise<void> {
  const pending = new Set(options.names);
  const seen = new Set<string>();
  let watch: CollectionWatch<KubeObject> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const missing = [...pending].map((name) => `${name}${seen.has(name) ? '' : ' (not found)'}`);
        reject(new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}: ${missing.join(', ')}`));
      }, options.timeoutMs);
      watch = new CollectionWatch<KubeObject>(options.http, options.collectionPath, undefined, (event) => {
        const name = event.object.metadata?.name ?? '';
        if (!pending.has(name) || event.type === 'DELETED') return;
        seen.add(name);
        if (options.ready(event.object)) pending.delete(name);
        if (pending.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
      watch.start().catch((error: unknown) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } finally {
    watch?.stop();
  }
}

/**
 * Resolves once none of `names` remains at `collectionPath` (among objects matching `selector`): those the first
 * list does not show are gone already, the rest when their DELETED event arrives. Rejects after `timeoutMs`.
 */
export async function waitForObjectsGone(options: {
  http: KubeHttp;
  collectionPath: string;
  selector?: string;
  names: readonly string[];
  timeoutMs: number;
  what: string;
}): Promise<void> {
  const remaining = new Set(options.names);
  if (remaining.size === 0) return;
  let watch: CollectionWatch<KubeObject> | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const finishIfDone = () => remaining.size === 0 && resolve();
      timer = setTimeout(() => reject(new Error(`${options.what} after ${options.timeoutMs / 1000} s: ${[...remaining].join(', ')}`)), options.timeoutMs);
      const current = new CollectionWatch<KubeObject>(options.http, options.collectionPath, options.selector, (event) => {
        if (event.type === 'DELETED') remaining.delete(event.object.metadata?.name ?? '');
        finishIfDone();
      });
      watch = current;
      current.start().then(() => {
        const present = new Set([...current.objects().values()].map((object) => object.metadata?.name ?? ''));
        for (const name of [...remaining]) if (!present.has(name)) remaining.delete(name);
        finishIfDone();
      }, reject);
    });
  } finally {
    clearTimeout(timer);
    watch?.stop();
  }
}
