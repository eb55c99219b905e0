// What a run owns, by its labels only: creating with ownership checks, finding, counting and deleting a run's
// objects (or, for the cleanup command, what crashed runs left), and waiting until its namespaces are gone.
import { gatewayApiPaths } from '../gatewayApi/paths.js';
import { KubeApiError, type KubeHttp } from '../kube/http.js';
import { withRetry } from '../kube/retry.js';
import { waitForObjectsGone } from '../kube/wait.js';
import { RUN_LABEL, runSelector } from './labels.js';

export interface OwnedObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

/**
 * Creates an object with retries. A retried create that finds the object already there (its first attempt
 * reached the API server but the answer was lost) succeeds if the object carries this run's label.
 * `create` is the request itself (replaceable to test that path).
 */
export async function createOwned(
  http: KubeHttp,
  collection: string,
  object: OwnedObject,
  runId: string,
  create: () => Promise<unknown> = () => http.create(collection, object),
): Promise<void> {
  let attempts = 0;
  await withRetry(`create ${object.kind ?? 'object'} ${object.metadata.name}`, async () => {
    try {
      attempts++;
      await create();
    } catch (error) {
      if (!(attempts > 1 && error instanceof KubeApiError && error.status === 409)) throw error;
      const existing = await http.get<{ metadata: { labels?: Record<string, string> } }>(`${collection}/${object.metadata.name}`);
      if (existing.metadata.labels?.[RUN_LABEL] !== runId) throw error;
    }
  });
}

/** A top-level object of a run (namespaced objects live in the run's namespaces and go with them). */
export interface RunObject {
  readonly kind: string;
  readonly name: string;
  readonly run: string;
  readonly path: string;
}

const TOP_LEVEL = [
  { kind: 'Namespace', collection: '/api/v1/namespaces' },
  { kind: 'Node', collection: '/api/v1/nodes' },
  { kind: 'GatewayClass', collection: gatewayApiPaths.gatewayClasses },
] as const;

/** Top-level objects labelled as this tool's, of one run or (without `runId`) of every run. */
export async function findRunObjects(http: KubeHttp, runId?: string, retries?: number): Promise<RunObject[]> {
  const selector = encodeURIComponent(runSelector(runId));
  const found: RunObject[] = [];
  for (const { kind, collection } of TOP_LEVEL) {
    const list = await withRetry(
      `list ${kind}s`,
      async () => {
        try {
          return await http.get<{ items: { metadata: { name: string; labels: Record<string, string> } }[] }>(`${collection}?labelSelector=${selector}`);
        } catch (error) {
          // Only a cluster without the Gateway API has no GatewayClasses to list; any other error must not look like "nothing left".
          if (error instanceof KubeApiError && error.status === 404) return { items: [] };
          throw error;
        }
      },
      retries,
    );
    for (const item of list.items) {
      found.push({ kind, name: item.metadata.name, run: item.metadata.labels[RUN_LABEL] ?? '', path: `${collection}/${item.metadata.name}` });
    }
  }
  return found;
}

export async function deleteRunObjects(http: KubeHttp, objects: readonly RunObject[], retries?: number): Promise<void> {
  await Promise.all(objects.map((object) => withRetry(`delete ${object.kind} ${object.name}`, () => http.delete(object.path), retries)));
}

/** Every kind a run creates, namespaced ones included, for the final "nothing left" check. */
const COUNTED = {
  namespaces: '/api/v1/namespaces',
  nodes: '/api/v1/nodes',
  services: '/api/v1/services',
  endpointslices: '/apis/discovery.k8s.io/v1/endpointslices',
  secrets: '/api/v1/secrets',
  deployments: '/apis/apps/v1/deployments',
  pods: '/api/v1/pods',
  httproutes: gatewayApiPaths.httpRoutes(),
  gateways: gatewayApiPaths.gateways(),
  referencegrants: gatewayApiPaths.referenceGrants(),
  listenersets: gatewayApiPaths.listenerSets(),
} as const;

/**
 * Objects with the run's label still in the cluster, counted by kind (kinds with none are left out). `optional`: kinds
 * of a CRD the cluster may not serve (the controller's route policy), by name and collection path; a 404 counts none.
 */
export async function countRunObjects(http: KubeHttp, runId: string, optional: Readonly<Record<string, string>> = {}): Promise<Record<string, number>> {
  const selector = encodeURIComponent(runSelector(runId));
  const optionalPaths = new Set(Object.values(optional));
  const count = async (path: string) => {
    try {
      return (await http.get<{ items: unknown[] }>(`${path}?labelSelector=${selector}`)).items.length;
    } catch (error) {
      // Only a kind the cluster does not serve at all (a CRD not installed) has nothing to count.
      if (error instanceof KubeApiError && error.status === 404 && optionalPaths.has(path)) return 0;
      throw error;
    }
  };
  const found = await Promise.all(Object.entries({ ...COUNTED, ...optional }).map(async ([kind, path]) => [kind, await count(path)] as const));
  return Object.fromEntries(found.filter(([, n]) => n > 0));
}

/** Deletes the run's top-level objects and, unless `wait` is false, waits until its namespaces are gone. */
export async function deleteRun(http: KubeHttp, runId: string, options: { retries?: number; wait?: boolean } = {}): Promise<void> {
  const objects = await findRunObjects(http, runId, options.retries);
  // Nodes go once the namespaces are gone: whatever plays their kubelet (KWOK) finishes the pods bound to them, where
  // without their Node the pods would wait for the pod GC's orphan sweep (about a minute after the Node goes).
  const nodes = objects.filter((o) => o.kind === 'Node');
  await deleteRunObjects(
    http,
    objects.filter((o) => o.kind !== 'Node'),
    options.retries,
  );
  if (options.wait === false) {
    await deleteRunObjects(http, nodes, options.retries);
    return;
  }
  const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.name);
  try {
    await waitForObjectsGone({
      http,
      collectionPath: '/api/v1/namespaces',
      selector: runSelector(runId),
      names: namespaces,
      what: 'namespaces still terminating',
      timeoutMs: 5 * 60_000,
    });
  } finally {
    await deleteRunObjects(http, nodes, options.retries);
  }
}
