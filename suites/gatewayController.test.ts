// The controller under test really judges Gateways and routes: statuses come from it, attachedRoutes follows
// creates and deletes, and a missing backend is reported. Each test has its own namespace, backend and Gateway
// (fixtures), so the tests pass or fail alone, in any order.
import { describe, expect } from 'vitest';
import { controllerOf } from '../framework/controllers/index.js';
import { gateway, httpRoute } from '../framework/gatewayApi/builders.js';
import { gatewayApiPaths } from '../framework/gatewayApi/paths.js';
import type { Gateway, HTTPRoute } from '../framework/gatewayApi/types.js';
import { CollectionWatch } from '../framework/kube/watch.js';
import { createGatewayAndWait, type GatewayReadiness } from '../framework/loadtest/gatewayReady.js';
import { gatewayCompanions } from '../framework/loadtest/phases/gateway.js';
import { preflightGatewayClass } from '../framework/loadtest/phases/preflight.js';
import { AttachmentTracker } from '../framework/measure/attachment.js';
import { clusterTest, sharedCluster } from './support/cluster.js';

const { description } = sharedCluster();
const TIMEOUT_MS = 60_000;

interface ReadyGateway {
  readonly tracker: AttachmentTracker;
  readonly readiness: GatewayReadiness;
  /** Creates a route on the Gateway's listener to `backend`. */
  createRoute(name: string, backend: string): Promise<unknown>;
  deleteRoute(name: string): Promise<void>;
}

const test = clusterTest.extend<{ backend: string; gateway: ReadyGateway }>({
  /** A Service with one ready endpoint, in the test's namespace. */
  backend: async ({ http, run, namespace }, use) => {
    await http.create(`/api/v1/namespaces/${namespace}/services`, {
      metadata: { name: 'backend', labels: run.labels },
      spec: { ports: [{ port: 80, targetPort: 8080 }] },
    });
    await http.create(`/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`, {
      metadata: { name: 'backend-1', labels: { ...run.labels, 'kubernetes.io/service-name': 'backend' } },
      addressType: 'IPv4',
      ports: [{ port: 8080 }],
      endpoints: [{ addresses: ['10.244.0.10'], conditions: { ready: true } }],
    });
    await use('backend');
  },
  /** Gateway "gw" of the class under test, watched, Accepted and Programmed. */
  gateway: async ({ http, run, namespace }, use) => {
    // Only status entries of the class's own controller count, as in a run.
    const { controllerName } = await preflightGatewayClass(http, description.gatewayClassName);
    const tracker = new AttachmentTracker({ namespace, name: 'gw', listener: 'http', controllerName });
    const routes = gatewayApiPaths.httpRoutes(namespace);
    const watches = [
      new CollectionWatch<HTTPRoute>(http, routes, run.selector, tracker.onRouteEvent),
      new CollectionWatch<Gateway>(http, gatewayApiPaths.gateways(namespace), run.selector, tracker.onGatewayEvent),
    ];
    await Promise.all(watches.map((w) => w.start()));
    // What the controller would deploy beside the Gateway (Istio: the proxy's Service and endpoint).
    for (const { collection, object } of gatewayCompanions(controllerOf(description), description.gatewayClassName, { namespace, name: 'gw' }, run.labels)) {
      await http.create(collection, object);
    }
    const readiness = await createGatewayAndWait(
      () =>
        http.create(
          gatewayApiPaths.gateways(namespace),
          gateway({ name: 'gw', labels: run.labels, gatewayClassName: description.gatewayClassName, listener: 'http' }),
        ),
      {
        tracker,
        http,
        path: gatewayApiPaths.gateway(namespace, 'gw'),
        timeoutMs: TIMEOUT_MS,
        nudge: controllerOf(description).gatewayStatusNudge,
        describeTimeout: () => `Gateway not Accepted+Programmed: ${JSON.stringify(tracker.gatewayConditions)}`,
        progress: console.log,
      },
    );
    const route = (name: string, backend: string) =>
      httpRoute({
        name,
        labels: run.labels,
        parent: { gateway: 'gw', listener: 'http' },
        hostname: `${name}.example.com`,
        rules: [{ pathPrefix: `/${name}`, backend: { name: backend, port: 80 } }],
      });
    await use({
      tracker,
      readiness,
      createRoute: (name, backend) => http.create(routes, route(name, backend)),
      deleteRoute: (name) => http.delete(`${routes}/${name}`),
    });
    tracker.dispose();
    for (const watch of watches) watch.stop();
  },
});

describe(`GatewayController (${description.gatewayClassName})`, () => {
  test('a Gateway of the class is Accepted and Programmed, with no routes attached', ({ gateway }) => {
    console.log(`Gateway Accepted+Programmed after ${gateway.readiness.readyMs.toFixed(1)} ms, ${gateway.readiness.statusNudges} status nudge(s)`);
    expect(gateway.tracker.gatewayReady).toBe(true);
    expect(gateway.tracker.listenerAttachedRoutes).toBe(0);
  });

  test('a route to a Service with an EndpointSlice is Accepted, ResolvedRefs and counted; deleting it un-counts it', async ({ gateway, backend }) => {
    const { tracker } = gateway;
    const attached = tracker.when(
      () => tracker.isAttached('good'),
      TIMEOUT_MS,
      () => `route not attached: ${tracker.describeUnattached(['good'])}`,
    );
    const counted = tracker.when(
      () => tracker.listenerAttachedRoutes === 1,
      TIMEOUT_MS,
      () => `attachedRoutes=${tracker.listenerAttachedRoutes}, want 1`,
    );
    const created = performance.now();
    await gateway.createRoute('good', backend);
    const acceptedAt = await attached;
    const countedAt = await counted;
    console.log(
      `one HTTPRoute on an otherwise empty cluster: Accepted+ResolvedRefs after ${(acceptedAt - created).toFixed(1)} ms, attachedRoutes=1 after ${(countedAt - created).toFixed(1)} ms`,
    );
    expect(tracker.route('good')).toMatchObject({ accepted: true, resolvedRefs: true });

    const uncounted = tracker.when(
      () => tracker.listenerAttachedRoutes === 0,
      TIMEOUT_MS,
      () => `attachedRoutes=${tracker.listenerAttachedRoutes}, want 0`,
    );
    await gateway.deleteRoute('good');
    await uncounted;
    expect(tracker.route('good')).toBeUndefined();
  });

  test('a route whose backend Service is missing gets ResolvedRefs=False', async ({ gateway }) => {
    const { tracker } = gateway;
    const judged = tracker.when(
      () => tracker.route('orphan')?.problem?.startsWith('ResolvedRefs=False') ?? false,
      TIMEOUT_MS,
      () => `route orphan: ${tracker.route('orphan')?.problem ?? 'no status'}`,
    );
    await gateway.createRoute('orphan', 'no-such-service');
    await judged;
    expect(tracker.route('orphan')).toMatchObject({ accepted: true, resolvedRefs: false });
    expect(tracker.route('orphan')?.problem).toMatch(/BackendNotFound/);
    expect(tracker.isAttached('orphan')).toBe(false);
  });
});
