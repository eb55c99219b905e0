// The topology settings without a cluster: how routes spread over Gateways, listeners and namespaces, what the
// Gateways and grants look like, attachment summed over several listeners, the run's certificates, and the Churn
// kinds' settings.
import { X509Certificate } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { readChurnConfig } from '../../framework/churn/config.js';
import { ConfigError } from '../../framework/env.js';
import { referenceGrantToServices } from '../../framework/gatewayApi/builders.js';
import type { Condition, Gateway, HTTPRoute } from '../../framework/gatewayApi/types.js';
import { certificateSecretName, RunRoutes } from '../../framework/loadtest/routes.js';
import type { SimulatedCluster } from '../../framework/loadtest/simulator.js';
import { selfSignedCertificate, tlsSecret } from '../../framework/loadtest/tlsCertificates.js';
import { placement, readTopology, type Topology } from '../../framework/loadtest/topology.js';
import { AttachmentTracker } from '../../framework/measure/attachment.js';
import { RunContext } from '../../framework/run/context.js';
import { RUN_LABEL } from '../../framework/run/labels.js';
import { listenerPorts, routeTimeoutMs } from '../../framework/xds/listeners.js';
import type { Listener, Route } from '../../framework/xds/protos.js';

const TOPOLOGY: Topology = { gateways: 2, listeners: 3, httpsListeners: 1, routeNamespaces: 3 };
const run = new RunContext('lt2612031200abcd');
const simulated = { serviceNames: ['s0', 's1', 's2', 's3'] } as unknown as SimulatedCluster;

describe('topology settings', () => {
  test('defaults to the methodology: one Gateway, one HTTP listener, one namespace', () => {
    expect(readTopology({})).toEqual({ gateways: 1, listeners: 1, httpsListeners: 0, routeNamespaces: 1 });
    expect(readTopology({ LOADTEST_GATEWAYS: '2', LOADTEST_LISTENERS: '3', LOADTEST_HTTPS_LISTENERS: '1', LOADTEST_ROUTE_NAMESPACES: '3' })).toEqual(TOPOLOGY);
  });

  test.each([
    [{ LOADTEST_HTTPS_LISTENERS: '2' }, /more than the listeners per Gateway/],
    [{ LOADTEST_HTTPS_LISTENERS: '-1' }, /not a whole number/],
    [{ LOADTEST_GATEWAYS: '0' }, /not a positive whole number/],
    [{ LOADTEST_LISTENERS: '65' }, /at most 64 listeners/],
  ])('%j is refused before any cluster starts', (env, message) => {
    expect(() => readTopology(env)).toThrow(ConfigError);
    expect(() => readTopology(env)).toThrow(message);
  });

  test('routes spread over every Gateway, listener and namespace', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2 * 3 * 3; i++) {
      const at = placement(TOPOLOGY, i);
      seen.add(`${at.gateway}/${at.listener}/${at.namespace}`);
    }
    expect(new Set([...seen].map((s) => s.slice(0, 3))).size).toBe(6);
    expect(new Set([...seen].map((s) => s.slice(-1))).size).toBe(3);
  });
});

describe('RunRoutes with a topology', () => {
  const routes = new RunRoutes(run, 'kgateway', TOPOLOGY);

  test('names its namespaces, Gateways and listeners; the first of each is the methodology own', () => {
    expect(routes.namespaces()).toEqual([run.appNamespace, `${run.appNamespace}-1`, `${run.appNamespace}-2`]);
    expect(routes.gatewayNames()).toEqual(['test-gateway', 'test-gateway-1']);
    expect(routes.listenerRefs().map((l) => `${l.gateway}/${l.listener}`)).toEqual([
      'test-gateway/http',
      'test-gateway/http-1',
      'test-gateway/https-2',
      'test-gateway-1/http',
      'test-gateway-1/http-1',
      'test-gateway-1/https-2',
    ]);
    expect(routes.httpsListeners()).toEqual([
      { gateway: 'test-gateway', listener: 'https-2', secret: certificateSecretName('test-gateway', 'https-2') },
      { gateway: 'test-gateway-1', listener: 'https-2', secret: certificateSecretName('test-gateway-1', 'https-2') },
    ]);
  });

  test('a Gateway admits routes of the run namespaces only, and its HTTPS listener terminates TLS with the run Secret', () => {
    const listeners = routes.gateway(1).spec.listeners;
    expect(listeners.map((l) => [l.name, l.port, l.protocol])).toEqual([
      ['http', 80, 'HTTP'],
      ['http-1', 81, 'HTTP'],
      ['https-2', 445, 'HTTPS'],
    ]);
    for (const listener of listeners) {
      expect(listener.allowedRoutes).toEqual({ namespaces: { from: 'Selector', selector: { matchLabels: { [RUN_LABEL]: run.runId } } } });
    }
    expect(listeners[2]).toMatchObject({ tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', group: '', name: 'test-gateway-1-https-2-tls' }] } });
    expect(listeners[0]).not.toHaveProperty('tls');
  });

  test('without a topology the Gateway and routes are exactly the methodology ones', () => {
    const single = new RunRoutes(run, 'kgateway');
    expect(single.gateway().spec.listeners).toEqual([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }]);
    expect(single.route(7, simulated).spec.parentRefs).toEqual([{ name: 'test-gateway', sectionName: 'http' }]);
    expect(single.routesWatchPath).toBe(single.routesPath);
    expect(single.observedRoute(0, 1000)).toBe(1);
    expect(single.nextObservedIndex(1000)).toBe(1000);
  });

  test('a route in another namespace names the Gateway namespace; sample routes all go to the observed Gateway', () => {
    const route = routes.route(4, simulated);
    expect(routes.namespaceOf(4)).toBe(`${run.appNamespace}-1`);
    expect(route.spec.parentRefs).toEqual([{ name: 'test-gateway', namespace: run.appNamespace, sectionName: 'https-2' }]);
    expect(routes.routePath(4)).toBe(`/apis/gateway.networking.k8s.io/v1/namespaces/${run.appNamespace}-1/httproutes/test-gateway-route-4`);
    expect(routes.routesWatchPath).toBe('/apis/gateway.networking.k8s.io/v1/httproutes');
    for (const index of [1001, 1002, 1003]) expect(routes.parentOf(index, true).gateway).toBe('test-gateway');
    expect(new Set([1001, 1002, 1003].map((i) => routes.parentOf(i, true).listener)).size).toBe(3);
  });

  test('the routes churn changes go to attach to the observed Gateway, never the stable route 0', () => {
    const indexes = Array.from({ length: 600 }, (_, k) => routes.observedRoute(k, 1000));
    expect(indexes.every((i) => i > 0 && i < 1000 && placement(TOPOLOGY, i).gateway === 0)).toBe(true);
    expect(routes.observedCount(1000)).toBe(500);
    expect(routes.nextObservedIndex(1001)).toBe(1002);
  });

  test('one ReferenceGrant lets the routes of every namespace reach the simulated Services', () => {
    const grant = referenceGrantToServices({
      name: 'g',
      labels: run.labels,
      fromNamespace: routes.namespaces()[0] as string,
      moreNamespaces: routes.namespaces().slice(1),
    });
    expect(grant.spec.from.map((f) => f.namespace)).toEqual(routes.namespaces());
  });
});

describe('attachment over several Gateways and listeners', () => {
  const CONTROLLER = 'example.com/c';
  const ok = (observedGeneration = 1): Condition[] => ['Accepted', 'Programmed', 'ResolvedRefs'].map((type) => ({ type, status: 'True', observedGeneration }));
  const gateway = (name: string, counts: Record<string, number>, generation = 1): Gateway => ({
    metadata: { name, namespace: 'ns', generation },
    status: { conditions: ok(), listeners: Object.entries(counts).map(([listener, attachedRoutes]) => ({ name: listener, attachedRoutes })) },
  });
  const route = (name: string, gatewayName: string, listener: string, namespace = 'ns'): HTTPRoute => ({
    metadata: { name, namespace, generation: 1 },
    status: { parents: [{ parentRef: { name: gatewayName, namespace: 'ns', sectionName: listener }, controllerName: CONTROLLER, conditions: ok() }] },
  });

  test('attachedRoutes is the sum over the listeners, known only once every Gateway wrote for its generation', () => {
    const tracker = new AttachmentTracker({
      namespace: 'ns',
      name: 'a',
      listener: 'http',
      controllerName: CONTROLLER,
      listeners: [
        { gateway: 'a', listener: 'http' },
        { gateway: 'a', listener: 'https-1' },
        { gateway: 'b', listener: 'http' },
      ],
    });
    tracker.onGatewayEvent({ type: 'ADDED', object: gateway('a', { http: 2, 'https-1': 1 }), at: 1 });
    expect(tracker.listenerAttachedRoutes).toBeUndefined();
    expect(tracker.describeListener()).toMatch(/3 listeners of 2 Gateways attachedRoutes unknown .*b \(\?\)/);
    tracker.onGatewayEvent({ type: 'ADDED', object: gateway('b', { http: 4, other: 9 }), at: 2 });
    expect(tracker.listenerAttachedRoutes).toBe(7);
    expect(tracker.isGatewayReady('b')).toBe(true);
    tracker.onGatewayEvent({ type: 'MODIFIED', object: gateway('b', { http: 4 }, 2), at: 3 });
    expect(tracker.listenerAttachedRoutes).toBeUndefined();
    expect(tracker.gatewayReady).toBe(true);
    tracker.onRouteEvent({ type: 'ADDED', object: route('r1', 'b', 'http', 'other-ns'), at: 4 });
    tracker.onRouteEvent({ type: 'ADDED', object: route('r2', 'a', 'https-1'), at: 5 });
    tracker.onRouteEvent({ type: 'ADDED', object: route('r3', 'c', 'http'), at: 6 });
    expect(tracker.attachedCount).toBe(2);
    expect(tracker.route('r3')?.problem).toBe('no status for the Gateway yet');
  });
});

describe("the run's certificates", () => {
  test('openssl makes a fresh ECDSA certificate for the routes hosts each time, kept in a kubernetes.io/tls Secret', async () => {
    const [first, second] = await Promise.all([selfSignedCertificate('test-gateway/https-1'), selfSignedCertificate('b=2')]);
    const certificate = new X509Certificate(first.certificate);
    expect(certificate.subjectAltName).toBe('DNS:*.example.com');
    expect(certificate.publicKey.asymmetricKeyType).toBe('ec');
    expect(second.certificate).not.toBe(first.certificate);
    const secret = tlsSecret('s', run.labels, first);
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(secret.data['tls.crt'], 'base64').toString()).toBe(first.certificate);
  });
});

describe('xDS listeners and routes', () => {
  test('reads the ports listeners bind and a route timeout (a TrafficPolicy effect)', () => {
    const listeners = [{ address: { socket_address: { port_value: 8080 } } }, { address: null }] as unknown as Listener[];
    expect(listenerPorts(listeners)).toEqual([8080]);
    const route = (timeout: unknown) => ({ route: { cluster: 'c', timeout } }) as unknown as Route;
    expect(routeTimeoutMs(route({ seconds: 10, nanos: 250_000_000 }))).toBe(10_250);
    expect(routeTimeoutMs(route({ seconds: { toNumber: () => 3 }, nanos: 0 }))).toBe(3000);
    expect(routeTimeoutMs(route(null))).toBeUndefined();
  });
});

describe('Churn kinds', () => {
  test('every phase runs by default; LOADTEST_CHURN_KINDS picks some, and a wrong key is refused with the list', () => {
    expect(readChurnConfig({}).kinds).toBe('all');
    expect(readChurnConfig({ LOADTEST_CHURN_KINDS: 'policies, listeners' }).kinds).toEqual(['policies', 'listeners']);
    expect(() => readChurnConfig({ LOADTEST_CHURN_KINDS: 'policy' })).toThrow(/"policy" is not one of routes, paths, .*failover/);
  });
});

describe('ListenerSets', () => {
  const topology = readTopology({ LOADTEST_LISTENER_SETS: '4' });
  const routes = new RunRoutes(run, 'kgateway', topology);

  test('every route attaches to a ListenerSet of the first Gateway, under its listener hostname', () => {
    expect(topology.listenerSets).toBe(4);
    expect(readTopology({}).listenerSets).toBeUndefined();
    expect(() => readTopology({ LOADTEST_LISTENER_SETS: 'x' })).toThrow(ConfigError);
    const route = routes.route(6, simulated);
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'listener-set-2', sectionName: 'https' }]);
    expect(route.spec.hostnames).toEqual(['6-route.listener-set-2.example.com']);
    expect(routes.listenerRefs()).toHaveLength(4);
    expect(routes.observedRoute(0, 100)).toBe(1);
  });

  test('the Gateway admits ListenerSets of its namespace; a ListenerSet has one HTTPS listener with the shared certificate', () => {
    expect(routes.gateway(0).spec).toMatchObject({ allowedListeners: { namespaces: { from: 'Same' } } });
    const set = routes.listenerSet(1);
    expect(set).toMatchObject({ kind: 'ListenerSet', spec: { parentRef: { kind: 'Gateway', name: 'test-gateway' } } });
    expect(set.spec.listeners[0]).toMatchObject({
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      hostname: '*.listener-set-1.example.com',
      tls: { certificateRefs: [{ name: 'listener-sets-tls' }] },
    });
  });

  test('a route counts as attached only by a status entry for its ListenerSet, not a Gateway of the same name', () => {
    const ok: Condition[] = ['Accepted', 'ResolvedRefs', 'Programmed'].map((type) => ({ type, status: 'True', observedGeneration: 1 }));
    const tracker = new AttachmentTracker({
      namespace: 'ns',
      name: 'gw',
      listener: 'http',
      controllerName: 'c',
      listeners: [{ gateway: 'ls', listener: 'https', kind: 'ListenerSet' }],
    });
    const route = (kind?: string): HTTPRoute => ({
      metadata: { name: `r-${kind}`, namespace: 'ns', generation: 1 },
      status: { parents: [{ parentRef: { name: 'ls', sectionName: 'https', ...(kind ? { kind } : {}) }, controllerName: 'c', conditions: ok }] },
    });
    tracker.onRouteEvent({ type: 'ADDED', object: route('ListenerSet'), at: 1 });
    tracker.onRouteEvent({ type: 'ADDED', object: route(), at: 2 });
    expect(tracker.attachedCount).toBe(1);
    tracker.onGatewayEvent({
      type: 'ADDED',
      object: { metadata: { name: 'ls', generation: 1 }, status: { conditions: ok, listeners: [{ name: 'https', attachedRoutes: 1 }] } },
      at: 3,
    });
    expect(tracker.listenerAttachedRoutes).toBe(1);
  });
});

test('ListenerSets share one certificate: the Gateway listeners alone get a Secret each', () => {
  expect(new RunRoutes(run, 'kgateway', readTopology({ LOADTEST_LISTENER_SETS: '3' })).httpsListeners()).toEqual([]);
});
