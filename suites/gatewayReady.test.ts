// The Gateway readiness wait and its status nudge (framework/gatewayReady.ts), on the real API server: the nudge
// fires only while no controller has written a condition, it bumps the generation, and the controller under test
// answers a generation bump with a fresh status write (which is what makes the nudge a remedy).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kgatewayStatusNudge, NUDGE_ANNOTATION } from '../framework/controllers/kgateway/statusNudge.js';
import { noControllerStatus } from '../framework/gatewayApi/conditions.js';
import type { Gateway } from '../framework/gatewayApi/types.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { CollectionWatch } from '../framework/kube/watch.js';
import { createGatewayAndWait } from '../framework/loadtest/gatewayReady.js';
import { AttachmentTracker } from '../framework/measure/attachment.js';
import { RUN_LABEL, runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';

const { description, connect } = sharedCluster();
const runId = newRunId();
const namespace = `${runId}-gwready`;
const labels = runLabels(runId);
const unclaimedClass = `${runId}-unclaimed`;
const gateways = `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/gateways`;
let http: KubeHttp;
const watches: CollectionWatch<Gateway>[] = [];

function gateway(name: string, gatewayClassName: string) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, labels },
    spec: { gatewayClassName, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
  };
}

async function watchGateway(name: string): Promise<AttachmentTracker> {
  const tracker = new AttachmentTracker({ namespace, name, listener: 'http' });
  const watch = new CollectionWatch<Gateway>(http, gateways, `${RUN_LABEL}=${runId}`, tracker.onGatewayEvent);
  watches.push(watch);
  await watch.start();
  return tracker;
}

beforeAll(async () => {
  http = await connect();
  await http.create('/api/v1/namespaces', { metadata: { name: namespace, labels } });
  // A class whose controller does not exist: its Gateways keep the CRD's default conditions.
  await http.create('/apis/gateway.networking.k8s.io/v1/gatewayclasses', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: unclaimedClass, labels },
    spec: { controllerName: 'loadtest.gateway-api.io/nobody' },
  });
});

afterAll(async () => {
  for (const watch of watches) watch.stop();
  await http?.delete(`/api/v1/namespaces/${namespace}`);
  await http?.delete(`/apis/gateway.networking.k8s.io/v1/gatewayclasses/${unclaimedClass}`);
  await http?.close();
});

describe('GatewayReady', () => {
  test('with no controller writing status, it nudges (bumping the generation) and then fails with the conditions', async () => {
    const tracker = await watchGateway('unclaimed');
    const lines: string[] = [];
    const wait = createGatewayAndWait(() => http.create(gateways, gateway('unclaimed', unclaimedClass)), {
      tracker,
      http,
      path: `${gateways}/unclaimed`,
      timeoutMs: 2_000,
      nudge: { ...kgatewayStatusNudge, everyMs: 400 },
      describeTimeout: () => `never ready: ${JSON.stringify(tracker.gatewayConditions)}`,
      progress: (line) => lines.push(line),
    });
    await expect(wait).rejects.toThrow(/never ready: .*Waiting for controller/);
    expect(noControllerStatus(tracker.gatewayConditions)).toBe(true);
    const stored = await http.get<Gateway & { spec: { infrastructure?: { annotations?: Record<string, string> } } }>(`${gateways}/unclaimed`);
    // The wait awaits each nudge's patch: every nudge it printed bumped the generation once, none is left in flight.
    const generation = stored.metadata?.generation ?? 0;
    const nudges = lines.filter((line) => line.includes('no status from the controller')).length;
    expect(stored.spec.infrastructure?.annotations?.[NUDGE_ANNOTATION]).toBe(String(nudges));
    expect(generation).toBeGreaterThanOrEqual(3);
    expect(nudges).toBe(generation - 1);
  });

  test(`${description.gatewayClassName} answers a generation bump (the nudge's patch) with a fresh Gateway status`, async () => {
    const tracker = await watchGateway('claimed');
    const readiness = await createGatewayAndWait(() => http.create(gateways, gateway('claimed', description.gatewayClassName)), {
      tracker,
      http,
      path: `${gateways}/claimed`,
      timeoutMs: 60_000,
      nudge: kgatewayStatusNudge,
      describeTimeout: () => `Gateway not Accepted+Programmed: ${JSON.stringify(tracker.gatewayConditions)}`,
      progress: console.log,
    });
    console.log(`Gateway Accepted+Programmed after ${readiness.readyMs.toFixed(1)} ms, ${readiness.statusNudges} nudge(s)`);
    expect(noControllerStatus(tracker.gatewayConditions)).toBe(false);

    // The nudge's patch, applied by hand: the controller must answer with conditions for the new generation.
    const observed = (generation: number) => tracker.gatewayConditions.some((c) => c.type === 'Accepted' && c.observedGeneration === generation);
    const patched = await http.mergePatch<Gateway>(`${gateways}/claimed`, { spec: { infrastructure: { annotations: { [NUDGE_ANNOTATION]: 'by-hand' } } } });
    const generation = patched.metadata?.generation ?? 0;
    expect(generation).toBeGreaterThan(1);
    await tracker.when(
      () => observed(generation),
      30_000,
      () => `no Accepted condition for generation ${generation}: ${JSON.stringify(tracker.gatewayConditions)}`,
    );
  });
});
