// K3s in a container (testcontainers), where a Docker engine exists; kgateway then runs locally against it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { K3sContainer } from '@testcontainers/k3s';
import { getContainerRuntimeClient } from 'testcontainers';
import { printProgress, type Progress } from '../build/goBuild.js';
import { describeKgateway, installGatewayApi, KGATEWAY_CLASS, startKgateway, type RunningKgateway } from '../../controllers/kgateway/launch.js';
import { KubeHttp } from '../../kube/http.js';
import { resolveConnection, type ClusterDescription, type ClusterProvider, type StartedCluster } from '../provider.js';
import { removeOnExit } from '../process/processes.js';

export const K3S_IMAGE = 'rancher/k3s:v1.33.5-k3s1';
export const K3S_CONTEXT = 'k3s-testcontainers';

/** Throws a clear error when no container runtime answers (this project's CI machines have none). */
export async function requireContainerRuntime(): Promise<void> {
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    throw new Error(`CLUSTER_PROVIDER=k3s needs a Docker (or Podman) engine, and none was found: ${(error as Error).message}`);
  }
}

export class K3sProvider implements ClusterProvider {
  readonly name = 'k3s' as const;

  constructor(private readonly options: { installNamespace: string; skipInstall: boolean; logDir: string; progress?: Progress }) {}

  async start(): Promise<StartedCluster> {
    const progress = this.options.progress ?? printProgress;
    await requireContainerRuntime();
    progress(`[k3s] starting ${K3S_IMAGE}`);
    const container = await new K3sContainer(K3S_IMAGE).start();
    const dir = mkdtempSync(join(tmpdir(), 'gateway-loadtest-k3s-'));
    const removeDir = removeOnExit(dir);
    const kubeconfigPath = join(dir, 'k3s.kubeconfig');
    // The container's kubeconfig names its context "default"; ours marks it as a test cluster.
    writeFileSync(kubeconfigPath, container.getKubeConfig().replaceAll(/\bdefault\b/g, K3S_CONTEXT), { mode: 0o600 });
    const connection = await resolveConnection({ kubeconfigPath, context: K3S_CONTEXT });
    let kgateway: RunningKgateway | undefined;
    const http = KubeHttp.fromConnection(connection);
    try {
      if (!this.options.skipInstall) {
        await installGatewayApi(http, progress);
        kgateway = await startKgateway({
          kubeconfigPath,
          http,
          installNamespace: this.options.installNamespace,
          logPath: join(this.options.logDir, 'kgateway.log'),
          progress,
        });
      }
    } catch (error) {
      await container.stop();
      removeDir();
      throw error;
    } finally {
      await http.close();
    }
    const description: ClusterDescription = {
      provider: 'k3s',
      kubeconfigPath,
      context: K3S_CONTEXT,
      server: connection.server,
      installNamespace: this.options.installNamespace,
      gatewayClassName: KGATEWAY_CLASS,
      controller: kgateway && describeKgateway(kgateway),
      controllerMetricsUrl: kgateway?.metricsUrl,
      dataPlaneAbsentReason: 'kgateway runs outside the K3s container with self-managed Gateways, so no Envoy proxy serves routes',
      logs: kgateway ? { kgateway: kgateway.process.logPath } : {},
    };
    return {
      description,
      async stop() {
        await kgateway?.process.stop();
        await container.stop();
        removeDir();
      },
    };
  }
}
