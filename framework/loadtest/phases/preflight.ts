// Checks that cost nothing to undo, before the run creates anything.
import { ConfigError } from '../../env.js';
import { conditionOf } from '../../gatewayApi/conditions.js';
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import type { GatewayClass } from '../../gatewayApi/types.js';
import { KubeApiError, type KubeHttp } from '../../kube/http.js';

/** The run's GatewayClass exists and its controller has Accepted it; resolves with that controller's name. */
export async function preflightGatewayClass(http: KubeHttp, className: string): Promise<{ controllerName: string }> {
  let gatewayClass: GatewayClass;
  try {
    gatewayClass = await http.get<GatewayClass>(gatewayApiPaths.gatewayClass(className));
  } catch (error) {
    if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    const classes = await http.get<{ items: GatewayClass[] }>(gatewayApiPaths.gatewayClasses).catch(() => ({ items: [] }));
    const names = classes.items.map((c) => c.metadata?.name).join(', ') || 'none';
    throw new ConfigError(`GatewayClass ${JSON.stringify(className)} does not exist (GATEWAY_CLASS); existing classes: ${names}`);
  }
  const accepted = conditionOf(gatewayClass.status?.conditions, 'Accepted');
  if (accepted?.status !== 'True') {
    throw new ConfigError(
      `GatewayClass ${className} is not Accepted by its controller (${JSON.stringify(accepted ?? 'no Accepted condition')}); is the controller running?`,
    );
  }
  const controllerName = gatewayClass.spec?.controllerName;
  if (!controllerName) throw new ConfigError(`GatewayClass ${className} has no spec.controllerName`);
  return { controllerName };
}
