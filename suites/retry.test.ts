import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KubeApiError, type KubeHttp } from '../framework/kube/http.js';
import { withRetry } from '../framework/kube/retry.js';
import { runLabels } from '../framework/run/labels.js';
import { createOwned } from '../framework/run/ownership.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';

const { connect } = sharedCluster();
const runId = newRunId();
const namespace = `${runId}-retry`;
let http: KubeHttp;

beforeAll(async () => {
  http = await connect();
  await http.create('/api/v1/namespaces', { metadata: { name: namespace, labels: runLabels(runId) } });
});
afterAll(async () => {
  await http.delete(`/api/v1/namespaces/${namespace}`);
  await http.close();
});

function route(name: string, path: string) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, labels: runLabels(runId) },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: path } }] }] },
  };
}

describe('Permanent API errors stop at once', () => {
  test('422 (an invalid route) is not retried and names the object and the API server message', async () => {
    let attempts = 0;
    const create = withRetry('create HTTPRoute bad-path', () => {
      attempts++;
      return http.create(`/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/httproutes`, route('bad-path', 'no-leading-slash'));
    });
    await expect(create).rejects.toThrow(/create HTTPRoute bad-path: POST .*: HTTP 422 Invalid: .*bad-path/);
    expect(attempts).toBe(1);
  });

  test('404 on create (a namespace that does not exist) is not retried', async () => {
    let attempts = 0;
    const create = withRetry('create HTTPRoute orphan', () => {
      attempts++;
      return http.create(`/apis/gateway.networking.k8s.io/v1/namespaces/${runId}-missing/httproutes`, route('orphan', '/x'));
    });
    await expect(create).rejects.toThrow(/HTTP 404 NotFound: namespaces "lt\w+-missing" not found/);
    expect(attempts).toBe(1);
  });

  test('a create whose answer was lost is retried, and the object it finds is accepted as ours', async () => {
    const collection = `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/httproutes`;
    let attempts = 0;
    // The first attempt creates the route, then its answer is "lost" as a 503; the retry meets a real 409.
    await createOwned(http, collection, route('lost-answer', '/x'), runId, async () => {
      attempts++;
      await http.create(collection, route('lost-answer', '/x'));
      if (attempts === 1) throw new KubeApiError('POST', collection, 503, 'ServiceUnavailable', 'answer lost');
    });
    expect(attempts).toBe(2);
  });

  test('a 409 for an object of another run is an error', async () => {
    const collection = `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/httproutes`;
    await http.create(collection, { ...route('taken', '/x'), metadata: { name: 'taken', labels: runLabels('someone-else') } });
    let attempts = 0;
    const create = createOwned(http, collection, route('taken', '/x'), runId, async () => {
      attempts++;
      if (attempts === 1) throw new KubeApiError('POST', collection, 503, 'ServiceUnavailable', 'answer lost');
      await http.create(collection, route('taken', '/x'));
    });
    await expect(create).rejects.toThrow(/HTTP 409 AlreadyExists/);
  });
});
