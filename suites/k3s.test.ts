// The K3s provider: runs where a Docker engine exists; elsewhere choosing it fails with a clear message.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { requireContainerRuntime } from '../framework/cluster/providers/k3s.js';
import { KubeHttp } from '../framework/kube/http.js';
import { resolveConnection } from '../framework/kube/kubeconfig.js';
import { k3sTestBed } from '../framework/testBed.js';

const runtimeProblem = await requireContainerRuntime().then(
  () => undefined,
  (error: Error) => error.message,
);
if (runtimeProblem) console.log(`K3s provider test skipped: ${runtimeProblem}`);

describe('K3sProvider', () => {
  test('without a container runtime, choosing k3s fails with a message that says so', async ({ skip }) => {
    if (!runtimeProblem) skip('a container runtime exists here');
    const provider = k3sTestBed({ installNamespace: 'kgateway-system', skipInstall: true, logDir: mkdtempSync(join(tmpdir(), 'k3s-')) });
    await expect(provider.start()).rejects.toThrow(/CLUSTER_PROVIDER=k3s needs a Docker \(or Podman\) engine/);
  });

  test.skipIf(runtimeProblem !== undefined)(
    'starts K3s in a container and serves the Kubernetes API',
    async () => {
      const provider = k3sTestBed({ installNamespace: 'kgateway-system', skipInstall: true, logDir: mkdtempSync(join(tmpdir(), 'k3s-')) });
      const cluster = await provider.start();
      try {
        const http = KubeHttp.fromConnection(await resolveConnection(cluster.description));
        expect((await http.get<{ gitVersion: string }>('/version')).gitVersion).toMatch(/k3s/);
        await http.close();
      } finally {
        await cluster.stop();
      }
    },
    300_000,
  );
});
