// The cross-check removes what gateway-api-bench's program leaves when it fails: its namespace `mesh` and the fake Node
// (and Lease) it added, but not a Node with the same label that was there before the program started.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PEER_NODE_SELECTOR, peerNodeNames, removePeerLeftovers } from '../framework/crosscheck/peerLeftovers.js';
import { PEER_NAMESPACE } from '../framework/crosscheck/peerProgram.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';

const { connect } = sharedCluster();
const runId = newRunId();
const [labelKey, labelValue] = PEER_NODE_SELECTOR.split('=') as [string, string];
const earlierNode = `${runId}-earlier`;
const programNode = `${runId}-program`;
const leasePath = (name: string) => `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`;
let http: KubeHttp;

const exists = async (path: string) => (await http.find(path)) !== undefined;

const fakeNode = (name: string) => ({ metadata: { name, labels: { ...runLabels(runId), [labelKey]: labelValue } } });

beforeAll(async () => {
  http = await connect();
});

afterAll(async () => {
  for (const name of [earlierNode, programNode]) {
    await http.delete(`/api/v1/nodes/${name}`);
    await http.delete(leasePath(name));
  }
  await http.close();
});

describe("gateway-api-bench's leftovers", () => {
  test('a failed program run leaves nothing: its namespace, Node and Lease go; an earlier Node with its label stays', async ({ skip }) => {
    if (await exists(`/api/v1/namespaces/${PEER_NAMESPACE}`)) return skip(`namespace ${PEER_NAMESPACE} exists in this cluster and is not this test's`);
    await http.create('/api/v1/nodes', fakeNode(earlierNode));
    const before = await peerNodeNames(http);
    expect(before.has(earlierNode)).toBe(true);
    // What the program creates when it starts, as a run it did not finish would leave it.
    await http.create('/api/v1/namespaces', { metadata: { name: PEER_NAMESPACE, labels: runLabels(runId) } });
    await http.create('/api/v1/nodes', fakeNode(programNode));
    await http.create('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
      metadata: { name: programNode, labels: runLabels(runId) },
      spec: { holderIdentity: programNode },
    });

    const removed = await removePeerLeftovers(http, before, 60_000);

    expect(removed).toEqual([`namespace ${PEER_NAMESPACE}`, `Node ${programNode}`]);
    expect(await exists(`/api/v1/namespaces/${PEER_NAMESPACE}`)).toBe(false);
    expect(await exists(`/api/v1/nodes/${programNode}`)).toBe(false);
    expect(await exists(leasePath(programNode))).toBe(false);
    expect(await exists(`/api/v1/nodes/${earlierNode}`)).toBe(true);
    // Nothing left: a second call removes nothing.
    expect(await removePeerLeftovers(http, before, 60_000)).toEqual([]);
  });
});
