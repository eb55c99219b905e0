// Objects that runs of this tool left behind (a crashed run cannot clean up): found by the tool's label only.
import { KubeApiError, type KubeHttp } from '../kube/http.js';
import { withRetry } from '../kube/retry.js';
import { RUN_LABEL, TOOL_LABEL, TOOL_NAME } from './runId.js';

export interface Leftover {
  readonly kind: string;
  readonly name: string;
  readonly run: string;
  readonly path: string;
}

// Namespaced objects of a run live in the run's namespaces and go with them; these are the run's top-level objects.
const TOP_LEVEL = [
  { kind: 'Namespace', collection: '/api/v1/namespaces' },
  { kind: 'Node', collection: '/api/v1/nodes' },
  { kind: 'GatewayClass', collection: '/apis/gateway.networking.k8s.io/v1/gatewayclasses' },
] as const;

/** Objects labelled as this tool's, with a run label; `run` narrows it to one run. */
export async function findLeftovers(http: KubeHttp, run?: string, retries?: number): Promise<Leftover[]> {
  const selector = encodeURIComponent(run ? `${TOOL_LABEL}=${TOOL_NAME},${RUN_LABEL}=${run}` : `${TOOL_LABEL}=${TOOL_NAME},${RUN_LABEL}`);
  const found: Leftover[] = [];
  for (const { kind, collection } of TOP_LEVEL) {
    const list = await withRetry(`list ${kind}s`, async () => {
      try {
        return await http.get<{ items: { metadata: { name: string; labels: Record<string, string> } }[] }>(`${collection}?labelSelector=${selector}`);
      } catch (error) {
        // Only a cluster without the Gateway API has no GatewayClasses to list; any other error must not look like "nothing left".
        if (error instanceof KubeApiError && error.status === 404) return { items: [] };
        throw error;
      }
    }, retries);
    for (const item of list.items) {
      found.push({ kind, name: item.metadata.name, run: item.metadata.labels[RUN_LABEL] ?? '', path: `${collection}/${item.metadata.name}` });
    }
  }
  return found;
}

export async function deleteLeftovers(http: KubeHttp, leftovers: readonly Leftover[], retries?: number): Promise<void> {
  await Promise.all(leftovers.map((leftover) => withRetry(`delete ${leftover.kind} ${leftover.name}`, () => http.delete(leftover.path), retries)));
}
