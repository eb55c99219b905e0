// Phase 3: the Gateway, ready when the controller accepts and programs it.
import type { ControllerUnderTest, GatewayCompanion, GatewayRef } from '../../controllers/controller.js';
import { createGatewayAndWait, type GatewayReadiness } from '../gatewayReady.js';
import { GATEWAY_NAME } from '../routes.js';
import type { RunParts } from './parts.js';

/**
 * What the controller's own deployment machinery would create beside a Gateway of its class, with the run's labels;
 * none for a Gateway of another class (a calibration run's).
 */
export function gatewayCompanions(
  controller: ControllerUnderTest,
  gatewayClassName: string,
  gateway: GatewayRef,
  labels: Readonly<Record<string, string>>,
): GatewayCompanion[] {
  if (gatewayClassName !== controller.gatewayClassName) return [];
  return (controller.gatewayCompanions?.(gateway) ?? []).map(({ collection, object }) => ({
    collection,
    object: { ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, ...labels } } },
  }));
}

export async function createGateway(parts: RunParts, controller: ControllerUnderTest): Promise<GatewayReadiness> {
  const { http, tracker, routes, creates, config, run, progress } = parts;
  const companions = gatewayCompanions(controller, config.gatewayClassName, { namespace: run.appNamespace, name: GATEWAY_NAME }, run.labels);
  for (const { collection, object } of companions) await creates.create(collection, object);
  if (companions.length > 0) {
    progress(`[gateway] created for ${controller.name}: ${companions.map(({ object }) => `${object.kind} ${object.metadata.name}`).join(', ')}`);
  }
  const nudge = controller.gatewayStatusNudge;
  const gateway = await createGatewayAndWait(() => creates.create(routes.gatewaysPath, routes.gateway()), {
    tracker,
    http,
    path: routes.gatewayPath,
    timeoutMs: config.phaseTimeoutMs,
    nudge,
    describeTimeout: () =>
      `Gateway ${run.appNamespace}/${GATEWAY_NAME} (class ${config.gatewayClassName}) never became Accepted and Programmed: conditions ${JSON.stringify(tracker.gatewayConditions)}`,
    progress,
  });
  const nudges = gateway.statusNudges ? ` (${gateway.statusNudges} nudge(s))` : '';
  progress(`[gateway] ${run.appNamespace}/${GATEWAY_NAME} Accepted and Programmed after ${gateway.readyMs.toFixed(0)} ms${nudges}`);
  return gateway;
}
