// The embedded default provider: a local control plane, with what the installer puts on it (the controller under
// test, unless SKIP_INSTALL).
import { printProgress } from '../build/progress.js';
import { LOCAL_CONTEXT, type RunningControlPlane, startControlPlane } from '../local/controlPlane.js';
import type { ClusterDescription, ClusterProvider, StartedCluster } from '../provider.js';
import type { CreatedClusterOptions, Installed } from './install.js';

export interface StartedLocalCluster extends StartedCluster {
  readonly controlPlane: RunningControlPlane;
}

export class LocalProvider implements ClusterProvider {
  readonly name = 'local' as const;

  constructor(private readonly options: CreatedClusterOptions) {}

  async start(): Promise<StartedLocalCluster> {
    const progress = this.options.progress ?? printProgress;
    await this.options.installer.prepare?.(progress);
    const kwok = this.options.kwok ?? false;
    const controlPlane = await startControlPlane(this.options.logDir, progress, {}, { kwok });
    let installed: Installed;
    try {
      installed = await this.options.installer.install({ kubeconfigPath: controlPlane.kubeconfigPath, context: LOCAL_CONTEXT }, progress);
    } catch (error) {
      await controlPlane.stop();
      throw error;
    }
    const description: ClusterDescription = {
      provider: 'local',
      kubeconfigPath: controlPlane.kubeconfigPath,
      context: LOCAL_CONTEXT,
      server: controlPlane.server,
      capabilities: { canRunFakeNodes: true, simulatesPods: kwok },
      ...installed.description,
      dataPlaneAbsentReason: installed.description.dataPlaneUrl
        ? undefined
        : `the local control plane has no kubelet, so no data plane runs (${installed.noDataPlaneReason})`,
      logs: { ...controlPlane.logs, ...installed.description.logs },
    };
    const restart = installed.restartController;
    return {
      description,
      controlPlane,
      ...(restart && { restartController: restart }),
      async stop() {
        await installed.stop();
        await controlPlane.stop();
      },
    };
  }
}
