// Phase 3: the Gateway, ready when the controller accepts and programs it.
import type { ControllerUnderTest } from '../../controllers/controller.js';
import { createGatewayAndWait, type GatewayReadiness } from '../gatewayReady.js';
import { GATEWAY_NAME } from '../routes.js';
import type { RunParts } from './parts.js';

export async function createGateway(parts: RunParts, controller: ControllerUnderTest): Promise<GatewayReadiness> {
  const { http, tracker, routes, creates, config, run, progress } = parts;
  // What the controller's own deployment machinery would create beside a Gateway of its class (none for a
  // Gateway of another class, such as a calibration run's).
  if (config.gatewayClassName === controller.gatewayClassName) {
    const companions = controller.gatewayCompanions?.({ namespace: run.appNamespace, name: GATEWAY_NAME }) ?? [];
    for (const { collection, object } of companions) {
      await creates.create(collection, { ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, ...run.labels } } });
    }
    if (companions.length > 0)
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
