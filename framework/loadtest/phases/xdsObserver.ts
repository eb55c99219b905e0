// Phase 3, its end: a proxy of the run's Gateway connects to the controller's xDS server, before any measured phase,
// since a controller may hold a new stream's first answer back (kgateway: 1 s), which must not fall into a figure.
import type { Progress } from '../../cluster/build/progress.js';
import type { ClusterDescription } from '../../cluster/provider.js';
import { controllerOf } from '../../controllers/index.js';
import { type NotMeasured, notMeasured } from '../../measure/notMeasured.js';
import { XdsObserver } from '../../xds/adsObserver.js';
import { GATEWAY_NAME } from '../routes.js';

export async function connectXdsObserver(
  cluster: ClusterDescription,
  gatewayClassName: string,
  appNamespace: string,
  progress: Progress,
  /** How long the first answer may take (kgateway's STRICT validates every cluster first: minutes under load). */
  startTimeoutMs?: number,
): Promise<XdsObserver | NotMeasured> {
  const controller = controllerOf(cluster);
  const gateway = { namespace: appNamespace, name: GATEWAY_NAME };
  const metadata = controller.xdsNodeMetadata?.(gateway);
  if (!cluster.xdsAddress) return notMeasured(`no xDS address: ${cluster.xdsAbsentReason ?? 'none known'}`);
  // The xDS address is the controller's: a Gateway of another class (a calibration run) is not in its snapshots.
  if (gatewayClassName !== controller.gatewayClassName) {
    return notMeasured(`GatewayClass ${gatewayClassName} is not ${controller.name}'s (${controller.gatewayClassName}), whose xDS address the run knows`);
  }
  if (!metadata) return notMeasured(`the ${controller.name} module does not say how a proxy identifies itself to its xDS server`);
  const observer = new XdsObserver({
    address: cluster.xdsAddress,
    nodeId: controller.xdsNodeId?.(gateway) ?? `loadtest-observer.${gateway.namespace}`,
    nodeMetadata: metadata,
    startTimeoutMs,
  });
  const started = performance.now();
  await observer.start();
  progress(`[xds] observing ${cluster.xdsAddress} as ${observer.identity}: first answer after ${(performance.now() - started).toFixed(0)} ms`);
  return observer;
}
