// What gateway-api-bench's program leaves behind when it fails or is stopped before its own cleanup: its namespace
// `mesh` and the fake Node its pilot-load simulation registers (labelled pilot-load.istio.io/node=fake, with a Lease of
// the same name). The cross-check started the program, so it removes these, but only what the program made: `mesh`
// was checked absent before the program started, and Nodes that carried the label before it started are left alone.
import type { KubeHttp } from '../kube/http.js';
import type { KubeObject } from '../kube/object.js';
import { waitForObjectsGone } from '../kube/wait.js';
import { PEER_NAMESPACE } from './peerProgram.js';

/** pilot-load's label on the Nodes it simulates (sims/cluster/node.go). */
export const PEER_NODE_SELECTOR = 'pilot-load.istio.io/node=fake';

/** The names of the Nodes pilot-load simulates, now. */
export async function peerNodeNames(http: KubeHttp): Promise<Set<string>> {
  const list = await http.get<{ items: KubeObject[] }>(`/api/v1/nodes?labelSelector=${encodeURIComponent(PEER_NODE_SELECTOR)}`);
  return new Set(list.items.flatMap((node) => (node.metadata?.name ? [node.metadata.name] : [])));
}

/** Removes the program's namespace and the Nodes (and Leases) it added since `nodesBefore`; returns what it removed. */
export async function removePeerLeftovers(http: KubeHttp, nodesBefore: ReadonlySet<string>, timeoutMs: number): Promise<string[]> {
  const removed: string[] = [];
  const namespacePath = `/api/v1/namespaces/${PEER_NAMESPACE}`;
  const namespace = await http.find<KubeObject>(namespacePath);
  if (namespace) {
    await http.delete(namespacePath);
    removed.push(`namespace ${PEER_NAMESPACE}`);
  }
  for (const name of await peerNodeNames(http)) {
    if (nodesBefore.has(name)) continue;
    await http.delete(`/api/v1/nodes/${name}`);
    await http.delete(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`);
    removed.push(`Node ${name}`);
  }
  // The next round checks that `mesh` is absent: wait until its deletion has finished.
  if (namespace) {
    await waitForObjectsGone({
      http,
      collectionPath: '/api/v1/namespaces',
      names: [PEER_NAMESPACE],
      timeoutMs,
      what: `namespace ${PEER_NAMESPACE} to be gone`,
    });
  }
  return removed;
}
