// The embedded default provider: a local control plane plus, unless SKIP_INSTALL, the controller under test.
import { controllerNamed, type StartedController } from '../../controllers/index.js';
import { type EnvoyChoice, envoyForController } from '../../envoy/forController.js';
import { readEnvoySettings } from '../../envoy/settings.js';
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
    // Before the control plane: a first run downloads it, and a failure should cost nothing to undo.
    const envoy: EnvoyChoice = this.options.skipInstall
      ? { envoyAbsentReason: 'SKIP_INSTALL=true: this run starts no controller, so no Envoy' }
      : await envoyForController(controller, this.options.envoy ?? readEnvoySettings({}), progress);
    const controlPlane = await startControlPlane(this.options.logDir, progress);
    let started: StartedController | undefined;
    try {
      started = await installOnNewCluster({ kubeconfigPath: controlPlane.kubeconfigPath, context: LOCAL_CONTEXT }, controller, {
        ...this.options,
        progress,
        envoyBinary: envoy.envoy?.binary,
      });
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
      capabilities: { canRunFakeNodes: true },
      ...controllerFields,
      dataPlaneAbsentReason: started?.dataPlaneUrl
        ? undefined
        : `the local control plane has no kubelet, so no data plane runs (${controller.noDataPlaneReason})`,
      ...envoy,
      logs: { ...controlPlane.logs, ...controllerFields.logs },
      logDir: this.options.logDir,
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
