// Phase 3, beside the xDS observer: an Envoy for the run's Gateway, started as that Gateway's proxy (its node
// identity as the controller module gives it) against the controller's xDS server, so that route readiness is real
// traffic. Only on the embedded default, for a Gateway of the controller under test's class.
import type { Progress } from '../../cluster/build/progress.js';
import type { ClusterDescription } from '../../cluster/provider.js';
import { controllerOf, type GatewayRef } from '../../controllers/index.js';
import type { EnvoyNode } from '../../envoy/bootstrap.js';
import { type GatewayEnvoy, startGatewayEnvoy } from '../../envoy/proxy.js';
import { GATEWAY_LISTENER_PORT } from '../../gatewayApi/builders.js';
import { type NotMeasured, notMeasured } from '../../measure/notMeasured.js';
import { GATEWAY_NAME } from '../routes.js';

/** How Envoy for `gateway` identifies itself: the controller module's node id and metadata, and kgateway's node.cluster. */
export function envoyNodeFor(controller: ReturnType<typeof controllerOf>, gateway: GatewayRef): EnvoyNode | undefined {
  const metadata = controller.xdsNodeMetadata?.(gateway);
  if (!metadata) return undefined;
  return { id: controller.xdsNodeId?.(gateway) ?? `${gateway.name}-envoy.${gateway.namespace}`, cluster: `${gateway.name}.${gateway.namespace}`, metadata };
}

export async function startDataPlane(
  cluster: ClusterDescription,
  gatewayClassName: string,
  appNamespace: string,
  progress: Progress,
  /** How long Envoy may wait for its listener: the controller's first answer can take long (STRICT validates every cluster first). */
  timeoutMs: number,
): Promise<GatewayEnvoy | NotMeasured> {
  if (!cluster.envoy) return notMeasured(`no Envoy: ${cluster.envoyAbsentReason ?? 'the cluster provider runs none'}`);
  if (!cluster.xdsAddress) return notMeasured(`no xDS address for Envoy to connect to: ${cluster.xdsAbsentReason ?? 'none known'}`);
  const controller = controllerOf(cluster);
  if (gatewayClassName !== controller.gatewayClassName) return notMeasured(`GatewayClass ${gatewayClassName} is not ${controller.name}'s`);
  const gateway = { namespace: appNamespace, name: GATEWAY_NAME };
  const node = envoyNodeFor(controller, gateway);
  if (!node) return notMeasured(`the ${controller.name} module does not say how a proxy identifies itself`);
  const { logDir } = cluster;
  if (!logDir) return notMeasured('the cluster description names no log directory for Envoy');
  const envoy = await startGatewayEnvoy({
    binary: cluster.envoy.binary,
    node,
    xdsAddress: cluster.xdsAddress,
    logDir,
    name: `envoy-${appNamespace}`,
    listenerPort: GATEWAY_LISTENER_PORT,
    timeoutMs,
  });
  progress(
    `[envoy] Envoy ${cluster.envoy.version} (pid ${envoy.pid}) serves ${appNamespace}/${GATEWAY_NAME} on ${envoy.dataPlaneUrl}: listener bound after ${envoy.readyMs.toFixed(0)} ms (log ${envoy.process.logPath})`,
  );
  return envoy;
}
