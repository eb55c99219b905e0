// The existing-cluster restart (a rollout restart of the controller's Deployment) against a local HTTP server that
// stands in for the API server's responses, for the protocol's shape only: the merge patch of the pod template's
// restartedAt annotation, then a watch until the new generation has rolled out. It cannot run against a real
// cluster here: with no kubelet, no pod of a new generation ever becomes available.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { KubeHttp } from '../../framework/kube/http.js';
import { type Deployment, restartDeployment, rolledOut } from '../../framework/restart/deploymentRestart.js';

let server: Server | undefined;
let http: KubeHttp | undefined;

afterEach(async () => {
  await http?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse, body: string) => void): Promise<KubeHttp> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, response, body));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  http = KubeHttp.fromConnection({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headers: {}, rejectUnauthorized: true });
  return http;
}

const deployment = (generation: number, status: NonNullable<Deployment['status']>, resourceVersion: string): Deployment => ({
  metadata: { name: 'kgateway', namespace: 'kgateway-system', generation, resourceVersion },
  spec: { replicas: 1 },
  status,
});
const line = (type: string, object: unknown) => `${JSON.stringify({ type, object })}\n`;
const DONE_1 = { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 };

describe('rolledOut', () => {
  test('needs the generation observed, every replica updated and available, and no old replica left', () => {
    expect(rolledOut(deployment(2, DONE_1, '1'), 2)).toBe(false);
    expect(rolledOut(deployment(2, { ...DONE_1, observedGeneration: 2, updatedReplicas: 0 }, '1'), 2)).toBe(false);
    expect(rolledOut(deployment(2, { observedGeneration: 2, replicas: 2, updatedReplicas: 1, availableReplicas: 1 }, '1'), 2)).toBe(false);
    expect(rolledOut(deployment(2, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 0 }, '1'), 2)).toBe(false);
    expect(rolledOut(deployment(2, { ...DONE_1, observedGeneration: 2 }, '1'), 2)).toBe(true);
  });
});

describe('restartDeployment', () => {
  test('patches restartedAt into the pod template, then waits on the watch for the new generation to roll out', async () => {
    const patches: { contentType: string | undefined; body: unknown; path: string }[] = [];
    let watchResponse: ServerResponse | undefined;
    const kube = await serve((request, response, body) => {
      const url = new URL(request.url ?? '', 'http://x');
      if (request.method === 'PATCH') {
        patches.push({ contentType: request.headers['content-type'], body: JSON.parse(body), path: url.pathname });
        response.end(JSON.stringify(deployment(2, DONE_1, '2')));
        // The rollout, as the watch shows it: observed, a new pod beside the old one, then the old one gone.
        setTimeout(() => {
          watchResponse?.write(line('MODIFIED', deployment(2, { ...DONE_1, observedGeneration: 2, updatedReplicas: 0 }, '3')));
          watchResponse?.write(line('MODIFIED', deployment(2, { observedGeneration: 2, replicas: 2, updatedReplicas: 1, availableReplicas: 1 }, '4')));
          setTimeout(() => watchResponse?.write(line('MODIFIED', deployment(2, { ...DONE_1, observedGeneration: 2 }, '5'))), 30);
        }, 10);
        return;
      }
      if (url.searchParams.get('watch') === 'true') {
        watchResponse = response;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.flushHeaders();
        return;
      }
      response.end(JSON.stringify({ metadata: { resourceVersion: '1' }, items: [deployment(1, DONE_1, '1')] }));
    });
    const before = performance.now();
    const rolled = await restartDeployment(kube, 'kgateway-system', 'kgateway', 5_000, '2026-11-28T09:00:00Z');
    expect(rolled.generation).toBe(2);
    expect(rolled.replicas).toBe(1);
    // Resolved at the arrival of the last event, at least 30 ms after the patch.
    expect(rolled.at - before).toBeGreaterThanOrEqual(30);
    expect(patches).toEqual([
      {
        path: '/apis/apps/v1/namespaces/kgateway-system/deployments/kgateway',
        contentType: 'application/merge-patch+json',
        body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-28T09:00:00Z' } } } } },
      },
    ]);
  });

  test('fails after the timeout with the last status, and says so when the Deployment does not exist', async () => {
    const kube = await serve((request, response) => {
      const url = new URL(request.url ?? '', 'http://x');
      if (request.method === 'PATCH') return response.end(JSON.stringify(deployment(2, DONE_1, '2')));
      if (url.searchParams.get('watch') === 'true') {
        response.writeHead(200);
        response.flushHeaders();
        return;
      }
      const items = url.pathname.includes('/namespaces/empty/') ? [] : [deployment(1, DONE_1, '1')];
      response.end(JSON.stringify({ metadata: { resourceVersion: '1' }, items }));
    });
    await expect(restartDeployment(kube, 'kgateway-system', 'kgateway', 200)).rejects.toThrow(
      /did not roll out generation 2 within 200 ms; last status \{"observedGeneration":1/,
    );
    await expect(restartDeployment(kube, 'empty', 'kgateway', 200)).rejects.toThrow(
      /Deployment empty\/kgateway not found \(set LOADTEST_CONTROLLER_DEPLOYMENT/,
    );
  });
});
