// One place that turns the environment into a cluster provider; bad input fails here, before anything starts.
import { controllerNamed } from '../controllers/index.js';
import type { Env } from '../env.js';
import type { Progress } from './build/progress.js';
import type { ClusterProvider } from './provider.js';
import { ExistingProvider } from './providers/existing.js';
import { K3sProvider } from './providers/k3s.js';
import { LocalProvider } from './providers/local.js';
import { readClusterSettings } from './settings.js';

export function selectProvider(env: Env, logDir: string, progress?: Progress): ClusterProvider {
  const controller = controllerNamed();
  const settings = readClusterSettings(env, controller.defaultInstallNamespace);
  const options = { installNamespace: settings.installNamespace, skipInstall: settings.skipInstall, logDir, progress, controller };
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
