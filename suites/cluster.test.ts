import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { KubeHttp } from '../framework/kube/http.js';
import { CollectionWatch } from '../framework/kube/watch.js';
import { RUN_LABEL, runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';
import { KUBERNETES_VERSION } from '../framework/versions.js';
import { sharedCluster } from './support/cluster.js';

const { description, connect } = sharedCluster();
const runId = newRunId();
let http: KubeHttp;
const namespaces: string[] = [];

async function createNamespace(suffix: string): Promise<string> {
  const name = `${runId}-${suffix}`;
  await http.create('/api/v1/namespaces', { metadata: { name, labels: runLabels(runId) } });
  namespaces.push(name);
  return name;
}

beforeAll(async () => {
  http = await connect();
});

afterAll(async () => {
  for (const name of namespaces) await http.delete(`/api/v1/namespaces/${name}`);
  await http.close();
});

describe('Cluster', () => {
  test('the API server is ready and runs the pinned Kubernetes version', async ({ skip }) => {
    const ready = await http.requestText('GET', '/readyz');
    expect(ready.status).toBe(200);
    const version = await http.get<{ gitVersion: string }>('/version');
    if (description.provider !== 'local') {
      console.log(`not checking the pinned version: provider ${description.provider} runs ${version.gitVersion}`);
      skip(`provider ${description.provider} brings its own Kubernetes version`);
    }
    expect(version.gitVersion).toBe(KUBERNETES_VERSION);
  });

  test('the Gateway API CRDs are installed and Established', async () => {
    const crds = await http.get<{ items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] }>(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    );
    const gatewayApi = crds.items.filter((crd) => crd.metadata.name.endsWith('.gateway.networking.k8s.io'));
    const names = gatewayApi.map((crd) => crd.metadata.name);
    for (const kind of ['gatewayclasses', 'gateways', 'httproutes', 'referencegrants', 'grpcroutes']) {
      expect(names).toContain(`${kind}.gateway.networking.k8s.io`);
    }
    for (const crd of gatewayApi) {
      expect(crd.status?.conditions, crd.metadata.name).toContainEqual(expect.objectContaining({ type: 'Established', status: 'True' }));
    }
  });

  test('an HTTPRoute can be created, read, given a status, and deleted', async () => {
    const namespace = await createNamespace('crud');
    const collection = `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/httproutes`;
    // The parent is a Gateway that does not exist, so no controller writes status for it.
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'crud', labels: runLabels(runId) },
      spec: { parentRefs: [{ name: 'no-such-gateway' }], rules: [{ backendRefs: [{ name: 'backend', port: 80 }] }] },
    };
    const created = await http.create<typeof route & { metadata: { uid: string } }>(collection, route);
    expect(created.metadata.uid).toBeTruthy();
    const read = await http.get<typeof route>(`${collection}/crud`);
    expect(read.spec.parentRefs[0]?.name).toBe('no-such-gateway');

    const parentStatus = {
      parentRef: { name: 'no-such-gateway' },
      controllerName: 'example.com/cluster-test',
      conditions: [
        {
          type: 'Accepted',
          status: 'False',
          reason: 'NoMatchingParent',
          message: 'test',
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      ],
    };
    await http.mergePatchStatus(`${collection}/crud`, { status: { parents: [parentStatus] } });
    const withStatus = await http.get<{ status: { parents: (typeof parentStatus)[] } }>(`${collection}/crud`);
    expect(withStatus.status.parents[0]?.controllerName).toBe('example.com/cluster-test');

    await http.delete(`${collection}/crud`);
    await expect(http.get(`${collection}/crud`)).rejects.toMatchObject({ status: 404 });
  });

  test('deleting a namespace completes (the namespace controller runs)', async () => {
    const namespace = await createNamespace('ns-delete');
    await http.create(`/api/v1/namespaces/${namespace}/configmaps`, { metadata: { name: 'content', labels: runLabels(runId) }, data: { a: 'b' } });
    let deleted: () => void = () => {};
    const gone = new Promise<void>((resolve) => (deleted = resolve));
    const watch = new CollectionWatch(http, '/api/v1/namespaces', `${RUN_LABEL}=${runId}`, (event) => {
      if (event.type === 'DELETED' && event.object.metadata?.name === namespace) deleted();
    });
    await watch.start();
    try {
      await http.delete(`/api/v1/namespaces/${namespace}`);
      await gone;
    } finally {
      watch.stop();
    }
  }, 90_000);
});
