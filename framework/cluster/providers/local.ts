// The embedded default provider: a local control plane plus, unless SKIP_INSTALL, the controller under test.
import { controllerNamed, type StartedController } from '../../controllers/index.js';
import { printProgress } from '../build/progress.js';
import { LOCAL_CONTEXT, type RunningControlPlane, startControlPlane } from '../local/controlPlane.js';
import type { ClusterDescription, ClusterProvider, StartedCluster } from '../provider.js';
import { type CreatedClusterOptions, describeController, installOnNewCluster } from './install.js';

export interface StartedLocalCluster extends StartedCluster {
  readonly controlPlane: RunningControlPlane;
  readonly controller?: StartedController;
}

export class LocalProvider implements ClusterProvider {
  readonly name = 'local' as const;

  constructor(private readonly options: CreatedClusterOptions) {}

  async start(): Promise<StartedLocalCluster> {
    const progress = this.options.progress ?? printProgress;
    const controller = this.options.controller ?? controllerNamed();
    const kwok = this.options.kwok ?? false;
    const controlPlane = await startControlPlane(this.options.logDir, progress, {}, { kwok });
    let started: StartedController | undefined;
    try {
      started = await installOnNewCluster({ kubeconfigPath: controlPlane.kubeconfigPath, context: LOCAL_CONTEXT }, controller, { ...this.options, progress });
    } catch (error) {
      await controlPlane.stop();
      throw error;
    }
    const controllerFields = describeController(controller, started);
    const restart = started?.restart?.bind(started);
    const description: ClusterDescription = {
      provider: 'local',
      kubeconfigPath: controlPlane.kubeconfigPath,
      context: LOCAL_CONTEXT,
      server: controlPlane.server,
      installNamespace: this.options.installNamespace,
      capabilities: { canRunFakeNodes: true, simulatesPods: kwok },
      ...controllerFields,
      dataPlaneAbsentReason: started?.dataPlaneUrl
        ? undefined
        : `the local control plane has no kubelet, so no data plane runs (${controller.noDataPlaneReason})`,
      logs: { ...controlPlane.logs, ...controllerFields.logs },
    };
    return {
      description,
      controlPlane,
      controller: started,
      ...(restart && { restartController: restart }),
      async stop() {
        await started?.stop();
        await controlPlane.stop();
      },
    };
  }
}
