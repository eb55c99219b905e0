// The controller under test (kgateway on the embedded default) really judges Gateways and routes:
// statuses come from it, attachedRoutes follows creates and deletes, and a missing backend is reported.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { KubeHttp } from '../framework/kube/http.js';
import { createGatewayAndWait } from '../framework/loadtest/gatewayReady.js';
import { AttachmentTracker } from '../framework/measure/attachment.js';
import { type Gateway, type HTTPRoute } from '../framework/gatewayApi/types.js';
import { newRunId } from '../framework/run/runId.js';
import { RUN_LABEL, runLabels } from '../framework/run/labels.js';
import { CollectionWatch } from '../framework/kube/watch.js';
import { runCluster } from './support/cluster.js';

const { description, connect } = runCluster();
const runId = newRunId();
const namespace = `${runId}-ctrl`;
const labels = runLabels(runId);
const routes = `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/httproutes`;
const TIMEOUT_MS = 60_000;
let http: KubeHttp;
const tracker = new AttachmentTracker({ namespace, name: 'gw', listener: 'http' });
const watches: CollectionWatch<HTTPRoute | Gateway>[] = [];

function route(name: string, backend: string) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, labels },
    spec: {
      parentRefs: [{ name: 'gw', sectionName: 'http' }],
      hostnames: [`${name}.example.com`],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/${name}` } }], backendRefs: [{ name: backend, port: 80 }] }],
    },
  };
}

beforeAll(async () => {
  http = await connect();
  await http.create('/api/v1/namespaces', { metadata: { name: namespace, labels } });
  await http.create(`/api/v1/namespaces/${namespace}/services`, { metadata: { name: 'backend', labels }, spec: { ports: [{ port: 80, targetPort: 8080 }] } });
  await http.create(`/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`, {
    metadata: { name: 'backend-1', labels: { ...labels, 'kubernetes.io/service-name': 'backend' } },
    addressType: 'IPv4',
    ports: [{ port: 8080 }],
    endpoints: [{ addresses: ['10.244.0.10'], conditions: { ready: true } }],
  });
  const selector = `${RUN_LABEL}=${runId}`;
  const routeWatch = new CollectionWatch<HTTPRoute>(http, routes, selector, tracker.onRouteEvent);
  const gatewayWatch = new CollectionWatch<Gateway>(http, `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/gateways`, selector, tracker.onGatewayEvent);
  watches.push(routeWatch as CollectionWatch<HTTPRoute | Gateway>, gatewayWatch as CollectionWatch<HTTPRoute | Gateway>);
  await Promise.all(watches.map((w) => w.start()));
});

afterAll(async () => {
  watches.forEach((w) => w.stop());
  await http.delete(`/api/v1/namespaces/${namespace}`);
  await http.close();
});

describe(`GatewayController (${description.gatewayClassName})`, () => {
  test('a Gateway of the class is Accepted and Programmed', async () => {
    const gateways = `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/gateways`;
    const gateway = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', labels },
      spec: { gatewayClassName: description.gatewayClassName, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    };
    const readiness = await createGatewayAndWait(() => http.create(gateways, gateway), {
      tracker,
      http,
      path: `${gateways}/gw`,
      timeoutMs: TIMEOUT_MS,
      describeTimeout: () => `Gateway not Accepted+Programmed: ${JSON.stringify(tracker.gatewayConditions)}`,
      progress: console.log,
    });
    console.log(`Gateway Accepted+Programmed after ${readiness.readyMs.toFixed(1)} ms, ${readiness.statusNudges} status nudge(s)`);
    expect(tracker.listenerAttachedRoutes).toBe(0);
  });

  test('a route to a Service with an EndpointSlice is Accepted, ResolvedRefs and counted; deleting it un-counts it', async () => {
    const attached = tracker.when(() => tracker.isAttached('good'), TIMEOUT_MS, () => `route not attached: ${tracker.describeUnattached(['good'])}`);
    const counted = tracker.when(() => tracker.listenerAttachedRoutes === 1, TIMEOUT_MS, () => `attachedRoutes=${tracker.listenerAttachedRoutes}, want 1`);
    const created = performance.now();
    await http.create(routes, route('good', 'backend'));
    const acceptedAt = await attached;
    const countedAt = await counted;
    console.log(`one HTTPRoute on an otherwise empty cluster: Accepted+ResolvedRefs after ${(acceptedAt - created).toFixed(1)} ms, attachedRoutes=1 after ${(countedAt - created).toFixed(1)} ms`);
    expect(tracker.route('good')).toMatchObject({ accepted: true, resolvedRefs: true });

    const uncounted = tracker.when(() => tracker.listenerAttachedRoutes === 0, TIMEOUT_MS, () => `attachedRoutes=${tracker.listenerAttachedRoutes}, want 0`);
    await http.delete(`${routes}/good`);
    await uncounted;
  });

  test('a route whose backend Service is missing gets ResolvedRefs=False', async () => {
    const judged = tracker.when(
      () => tracker.route('orphan')?.problem?.startsWith('ResolvedRefs=False') ?? false,
      TIMEOUT_MS,
      () => `route orphan: ${tracker.route('orphan')?.problem ?? 'no status'}`,
    );
    await http.create(routes, route('orphan', 'no-such-service'));
    await judged;
    expect(tracker.route('orphan')).toMatchObject({ accepted: true, resolvedRefs: false });
    expect(tracker.route('orphan')?.problem).toMatch(/BackendNotFound/);
    expect(tracker.isAttached('orphan')).toBe(false);
  });
});
