// One place that turns the environment into a cluster provider; bad input fails here, before anything starts.
import { controllerFromEnv, controllerVariablesSet } from '../controllers/index.js';
import { ConfigError, type Env } from '../env.js';
import { readEnvoySettings } from '../envoy/settings.js';
import type { Progress } from './build/progress.js';
import type { ClusterProvider } from './provider.js';
import { ExistingProvider } from './providers/existing.js';
import { K3sProvider } from './providers/k3s.js';
import { LocalProvider } from './providers/local.js';
import { readClusterSettings } from './settings.js';

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
  const envoy = readEnvoySettings(env);
  const options = { installNamespace: settings.installNamespace, skipInstall: settings.skipInstall, logDir, progress, controller, envoy };
  switch (settings.provider) {
    case 'local':
      return new LocalProvider(options);
    case 'k3s':
      return new K3sProvider(options);
    case 'existing': {
      const provider = new ExistingProvider(settings, controller);
      provider.resolve();
      return provider;
    }
  }
}
