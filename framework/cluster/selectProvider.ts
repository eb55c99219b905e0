// One place that turns the environment into a cluster provider; bad input fails here, before anything starts.
import type { Env } from '../env.js';
import { readClusterSettings } from './settings.js';
import { ExistingProvider } from './providers/existing.js';
import type { Progress } from './build/goBuild.js';
import { K3sProvider } from './providers/k3s.js';
import { LocalProvider } from './providers/local.js';
import type { ClusterProvider } from './provider.js';

export function selectProvider(env: Env, logDir: string, progress?: Progress): ClusterProvider {
  const settings = readClusterSettings(env);
  const options = { installNamespace: settings.installNamespace, skipInstall: settings.skipInstall, logDir, progress };
  switch (settings.provider) {
    case 'local':
      return new LocalProvider(options);
    case 'k3s':
      return new K3sProvider(options);
    case 'existing': {
      const provider = new ExistingProvider(settings, env);
      provider.resolve();
      return provider;
    }
  }
}
