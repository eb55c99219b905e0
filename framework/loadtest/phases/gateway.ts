// Phase 3: the Gateway, ready when the controller accepts and programs it.
import type { GatewayStatusNudge } from '../../controllers/controller.js';
import { createGatewayAndWait, type GatewayReadiness } from '../gatewayReady.js';
import { GATEWAY_NAME } from '../routes.js';
import type { RunParts } from './parts.js';

export async function createGateway(parts: RunParts, nudge: GatewayStatusNudge | undefined): Promise<GatewayReadiness> {
  const { http, tracker, routes, creates, config, run, progress } = parts;
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
