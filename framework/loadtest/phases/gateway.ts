// Phase 3: the Gateway, ready when the controller accepts and programs it.

import pLimit from 'p-limit';
import type { ControllerUnderTest, GatewayCompanion, GatewayRef } from '../../controllers/controller.js';
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import { createGatewayAndWait, type GatewayReadiness } from '../gatewayReady.js';
import { LISTENER_SET_SECRET } from '../routes.js';
import { selfSignedCertificate, tlsSecret } from '../tlsCertificates.js';
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
  // Certificates first: an HTTPS listener whose Secret is missing would not be programmed.
  for (const { secret, gateway, listener } of routes.httpsListeners()) {
    await creates.create(
      `/api/v1/namespaces/${run.appNamespace}/secrets`,
      tlsSecret(secret, run.labels, await selfSignedCertificate(`${gateway}/${listener}`)),
    );
  }
  if (routes.httpsListeners().length > 0) progress(`[gateway] ${routes.httpsListeners().length} TLS certificate Secret(s) created for the HTTPS listeners`);
  const names = routes.gatewayNames();
  // The first Gateway is the one measured (its readiness is the run's); the others are created and awaited after it.
  const readiness: GatewayReadiness[] = [];
  for (const [g, name] of names.entries()) {
    const companions = gatewayCompanions(controller, config.gatewayClassName, { namespace: run.appNamespace, name }, run.labels);
    for (const { collection, object } of companions) await creates.create(collection, object);
    if (companions.length > 0) {
      progress(`[gateway] created for ${controller.name}: ${companions.map(({ object }) => `${object.kind} ${object.metadata.name}`).join(', ')}`);
    }
    const gateway = await createGatewayAndWait(() => creates.create(routes.gatewaysPath, routes.gateway(g)), {
      tracker,
      http,
      path: gatewayApiPaths.gateway(run.appNamespace, name),
      gateway: name,
      timeoutMs: config.phaseTimeoutMs,
      nudge: controller.gatewayStatusNudge,
      describeTimeout: () =>
        `Gateway ${run.appNamespace}/${name} (class ${config.gatewayClassName}) never became Accepted and Programmed: conditions ${JSON.stringify(tracker.conditionsOf(name))}`,
      progress,
    });
    const nudges = gateway.statusNudges ? ` (${gateway.statusNudges} nudge(s))` : '';
    progress(`[gateway] ${run.appNamespace}/${name} Accepted and Programmed after ${gateway.readyMs.toFixed(0)} ms${nudges}`);
    readiness.push(gateway);
  }
  await createListenerSets(parts);
  return readiness[0] as GatewayReadiness;
}

/** The run's ListenerSets on the first Gateway (LOADTEST_LISTENER_SETS), each Accepted and Programmed before the baseline. */
async function createListenerSets(parts: RunParts): Promise<void> {
  const { tracker, routes, creates, config, run, progress } = parts;
  const names = routes.listenerSetNames();
  if (names.length === 0) return;
  const started = performance.now();
  await creates.create(
    `/api/v1/namespaces/${run.appNamespace}/secrets`,
    tlsSecret(LISTENER_SET_SECRET, run.labels, await selfSignedCertificate('listener sets')),
  );
  const ready = tracker.when(
    () => names.every((name) => tracker.isGatewayReady(name)),
    config.phaseTimeoutMs,
    () =>
      `ListenerSets: ${names.filter((name) => !tracker.isGatewayReady(name)).length} of ${names.length} not Accepted and Programmed (e.g. ${JSON.stringify(tracker.conditionsOf(names.find((name) => !tracker.isGatewayReady(name))))})`,
  );
  const limit = pLimit(config.concurrency);
  await Promise.all(names.map((_, s) => limit(() => creates.create(gatewayApiPaths.listenerSets(run.appNamespace), routes.listenerSet(s)))));
  await ready;
  progress(
    `[gateway] ${names.length} ListenerSets on ${run.appNamespace}/test-gateway Accepted and Programmed after ${(performance.now() - started).toFixed(0)} ms`,
  );
}
