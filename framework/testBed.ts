// A test bed: a cluster (framework/cluster/) with the controller under test (framework/controllers/) on it. The one
// module that knows both: providers start clusters and know no controller, controller modules start controllers
// against any cluster, and this puts them together. Bad input fails here, before anything starts.
import { join } from 'node:path';
import type { Progress } from './cluster/build/progress.js';
import type { ClusterProvider } from './cluster/provider.js';
import { ExistingProvider } from './cluster/providers/existing.js';
import type { ClusterInstaller, Installed } from './cluster/providers/install.js';
import { K3sProvider } from './cluster/providers/k3s.js';
import { LocalProvider } from './cluster/providers/local.js';
import { readClusterSettings } from './cluster/settings.js';
import { type ControllerUnderTest, controllerFromEnv, controllerNamed, controllerVariablesSet, type StartedController } from './controllers/index.js';
import { ConfigError, type Env } from './env.js';
import { type EnvoyChoice, envoyForController } from './envoy/forController.js';
import { type EnvoySettings, readEnvoySettings } from './envoy/settings.js';
import { KubeHttp } from './kube/http.js';
import { resolveConnection } from './kube/kubeconfig.js';

/** What a cluster this run creates gets: the controller under test (the registry's default when not given). */
export interface TestBedOptions {
  readonly installNamespace: string;
  /** Start no controller; the Gateway API CRDs are still installed (a new cluster has nothing else). */
  readonly skipInstall: boolean;
  readonly logDir: string;
  readonly progress?: Progress;
  readonly controller?: ControllerUnderTest;
  /** The Envoy per Gateway (LOADTEST_ENVOY*), on the embedded default alone: its settings' defaults when not given. */
  readonly envoy?: EnvoySettings;
  /** LOADTEST_KWOK: KWOK and kube-scheduler beside the local control plane (part of the cluster, not the controller). */
  readonly kwok?: boolean;
}

/**
 * Installs the Gateway API at the controller's version and, unless skipInstall, starts the controller. With `envoy`
 * (the embedded default), first installs the Envoy the controller's Gateways get as their data plane, if it wants one:
 * before the cluster starts, since a first run downloads it; the controller gets its binary too (kgateway's STRICT
 * validation runs it).
 */
export function controllerInstaller(
  controller: ControllerUnderTest,
  options: Omit<TestBedOptions, 'progress' | 'controller' | 'envoy' | 'kwok'>,
  envoy?: EnvoySettings,
): ClusterInstaller {
  let chosen: Promise<EnvoyChoice> | undefined;
  const chooseEnvoy = (progress: Progress): Promise<EnvoyChoice> => {
    chosen ??= !envoy
      ? Promise.resolve({ envoyAbsentReason: 'only the embedded default (local provider) runs an Envoy per Gateway' })
      : options.skipInstall
        ? Promise.resolve({ envoyAbsentReason: 'SKIP_INSTALL=true: this run starts no controller, so no Envoy' })
        : envoyForController(controller, envoy, progress);
    return chosen;
  };
  return {
    async prepare(progress) {
      await chooseEnvoy(progress);
    },
    async install(cluster, progress): Promise<Installed> {
      const envoyChoice = await chooseEnvoy(progress);
      const http = KubeHttp.fromConnection(await resolveConnection(cluster));
      let started: StartedController | undefined;
      try {
        await controller.installGatewayApi(http, progress);
        if (!options.skipInstall) {
          started = await controller.start({
            kubeconfigPath: cluster.kubeconfigPath,
            context: cluster.context,
            http,
            installNamespace: options.installNamespace,
            logPath: join(options.logDir, `${controller.name}.log`),
            progress,
            envoyBinary: envoyChoice.envoy?.binary,
          });
        }
      } finally {
        await http.close();
      }
      const restart = started?.restart?.bind(started);
      return {
        description: { ...describeController(controller, started, options.installNamespace), ...envoyChoice, logDir: options.logDir },
        controllerName: controller.name,
        noDataPlaneReason: controller.noDataPlaneReason,
        ...(restart && { restartController: restart }),
        stop: async () => {
          await started?.stop();
        },
      };
    },
  };
}

/** The description fields that follow from the controller (started or not). */
function describeController(controller: ControllerUnderTest, started: StartedController | undefined, installNamespace: string): Installed['description'] {
  return {
    installNamespace,
    gatewayClassName: started?.gatewayClassName ?? controller.gatewayClassName,
    controller: started && {
      name: started.name,
      version: started.version,
      origin: started.origin,
      pid: started.pid,
      logPath: started.logPath,
      metricsUrl: started.metricsUrl,
      xdsAddress: started.xdsAddress,
    },
    controllerMetricsUrl: started?.metricsUrl,
    // A controller that is its own proxy (Traefik) gives the run a data plane even without a kubelet.
    dataPlaneUrl: started?.dataPlaneUrl,
    xdsAddress: started?.xdsAddress,
    xdsAbsentReason: started?.xdsAddress
      ? undefined
      : started
        ? `${started.name} serves no xDS`
        : 'SKIP_INSTALL=true: this run did not start the controller, so there is no xDS server to observe',
    logs: started ? { [started.name]: started.logPath } : {},
  };
}

function created(options: TestBedOptions, envoy?: EnvoySettings) {
  const { logDir, progress, controller = controllerNamed(), kwok } = options;
  return { logDir, progress, kwok, installer: controllerInstaller(controller, options, envoy) };
}

/** The embedded default: a local control plane with the controller under test (unless skipInstall) and its Envoy. */
export function localTestBed(options: TestBedOptions): LocalProvider {
  return new LocalProvider(created(options, options.envoy ?? readEnvoySettings({})));
}

/** K3s in a container with the controller under test running locally against it (unless skipInstall). */
export function k3sTestBed(options: TestBedOptions): K3sProvider {
  return new K3sProvider(created(options));
}

/** The test bed the environment asks for: the cluster provider, with the controller LOADTEST_CONTROLLER names. */
export function selectProvider(env: Env, logDir: string, progress?: Progress): ClusterProvider {
  const controller = controllerFromEnv(env);
  const settings = readClusterSettings(env, controller.defaultInstallNamespace);
  // Choosing a controller build means nothing where the run starts no controller: say so rather than ignore it.
  const chosen = controllerVariablesSet(env);
  if (chosen.length > 0 && (settings.skipInstall || settings.provider === 'existing')) {
    throw new ConfigError(
      `${chosen.join(', ')} choose the controller this run starts, but it starts none (${settings.skipInstall ? 'SKIP_INSTALL=true' : 'the existing provider installs nothing'}); unset them`,
    );
  }
  if (settings.kwok && settings.provider !== 'local') {
    throw new ConfigError(`LOADTEST_KWOK=true runs KWOK beside the embedded control plane only; the ${settings.provider} provider has its own nodes`);
  }
  const envoy = readEnvoySettings(env);
  const options = {
    installNamespace: settings.installNamespace,
    skipInstall: settings.skipInstall,
    logDir,
    progress,
    controller,
    kwok: settings.kwok,
    envoy,
  };
  switch (settings.provider) {
    case 'local':
      return localTestBed(options);
    case 'k3s':
      return k3sTestBed(options);
    case 'existing': {
      const provider = new ExistingProvider(settings, controller);
      provider.resolve();
      return provider;
    }
  }
}
