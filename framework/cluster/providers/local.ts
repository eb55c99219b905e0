// The embedded default provider: a local control plane plus, unless SKIP_INSTALL, the real kgateway controller.
import { join } from 'node:path';
import { printProgress, type Progress } from '../build/goBuild.js';
import { describeKgateway, installGatewayApi, KGATEWAY_CLASS, startKgateway, type RunningKgateway } from '../../controllers/kgateway/launch.js';
import { KubeHttp } from '../../kube/http.js';
import { LOCAL_CONTEXT, startControlPlane, type RunningControlPlane } from '../local/controlPlane.js';
import { connectionOf, type ClusterDescription, type ClusterProvider, type StartedCluster } from '../provider.js';

export interface StartedLocalCluster extends StartedCluster {
  readonly controlPlane: RunningControlPlane;
  readonly kgateway?: RunningKgateway;
}

export class LocalProvider implements ClusterProvider {
  readonly name = 'local' as const;

  constructor(
    private readonly options: { installNamespace: string; skipInstall: boolean; logDir: string; progress?: Progress },
  ) {}

  async start(): Promise<StartedLocalCluster> {
    const progress = this.options.progress ?? printProgress;
    const controlPlane = await startControlPlane(this.options.logDir, progress);
    const http = KubeHttp.fromConnection(await connectionOf(controlPlane.kubeConfig));
    let kgateway: RunningKgateway | undefined;
    try {
      await installGatewayApi(http, progress);
      if (!this.options.skipInstall) {
        kgateway = await startKgateway({
          kubeconfigPath: controlPlane.kubeconfigPath,
          http,
          installNamespace: this.options.installNamespace,
          logPath: join(this.options.logDir, 'kgateway.log'),
          progress,
        });
      }
    } catch (error) {
      await controlPlane.stop();
      throw error;
    } finally {
      await http.close();
    }
    const description: ClusterDescription = {
      provider: 'local',
      kubeconfigPath: controlPlane.kubeconfigPath,
      context: LOCAL_CONTEXT,
      server: controlPlane.server,
      installNamespace: this.options.installNamespace,
      gatewayClassName: KGATEWAY_CLASS,
      controller: kgateway && describeKgateway(kgateway),
      controllerMetricsUrl: kgateway?.metricsUrl,
      dataPlaneAbsentReason: 'the local control plane has no kubelet, so no Envoy proxy runs (Gateways use self-managed GatewayParameters)',
      logs: { ...controlPlane.logs, ...(kgateway ? { kgateway: kgateway.process.logPath } : {}) },
    };
    return {
      description,
      controlPlane,
      kgateway,
      async stop() {
        await kgateway?.process.stop();
        await controlPlane.stop();
      },
    };
  }
}
