// The xDS observer against an in-process grpc-js ADS server: the protocol as Envoy speaks it (subscription order,
// ACKs that echo version and nonce), waits on pushes, counters, and a broken stream surfaced as an error.
import { afterEach, describe, expect, test } from 'vitest';
import { TestAdsServer } from '../../fixtures/adsServer.js';
import { edsCluster, listenerWithRds, routeConfiguration, type TestRoute } from '../../fixtures/xdsResources.js';
import { istioXdsNodeId, istioXdsNodeMetadata } from '../../framework/controllers/istio/xds.js';
import { kgatewayXdsNodeMetadata } from '../../framework/controllers/kgateway/xds.js';
import { XdsObserver } from '../../framework/xds/adsObserver.js';
import { countersSince, totalOf } from '../../framework/xds/counters.js';
import { TYPE_URL } from '../../framework/xds/protos.js';
import { countRoutes, httpRoutesIn, routeConfigHas, routesFor } from '../../framework/xds/routeConfigs.js';

const gateway = { namespace: 'lt-ns', name: 'gw' };
const route = (n: number): TestRoute => ({ name: `route-${n}`, namespace: gateway.namespace, host: `r${n}.example.com`, pathPrefix: `/r${n}` });

let server: TestAdsServer | undefined;

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
let observer: XdsObserver | undefined;

afterEach(() => {
  observer?.stop();
  server?.stop();
  observer = undefined;
  server = undefined;
});

/** A server with one EDS cluster, listener~80 and its route configuration holding `routes`. */
async function serve(routes: TestRoute[]): Promise<{ server: TestAdsServer; address: string }> {
  server = new TestAdsServer();
  const address = await server.start();
  server.set(TYPE_URL.cluster, [edsCluster('backend-a')]);
  server.set(TYPE_URL.clusterLoadAssignment, [{ '@type': TYPE_URL.clusterLoadAssignment, cluster_name: 'backend-a' }]);
  server.set(TYPE_URL.listener, [listenerWithRds(80)]);
  server.set(TYPE_URL.routeConfiguration, [routeConfiguration(80, routes)]);
  return { server, address };
}

async function observe(address: string, startTimeoutMs = 5_000): Promise<XdsObserver> {
  observer = new XdsObserver({ address, nodeId: 'observer.lt-ns', nodeMetadata: kgatewayXdsNodeMetadata(gateway), startTimeoutMs });
  await observer.start();
  return observer;
}

/** Waits until the server has seen `count` requests (the ACKs trail the responses the client already has). */
async function requestsSeen(ads: TestAdsServer, count: number): Promise<void> {
  await expect.poll(() => ads.requests.length, { timeout: 2_000, interval: 5 }).toBeGreaterThanOrEqual(count);
}

describe('XdsObserver', () => {
  test('subscribes like Envoy: wildcard CDS and LDS, then RDS and EDS by the names pushed, and ACKs every response', async () => {
    const { server: ads, address } = await serve([route(1)]);
    const xds = await observe(address);
    await requestsSeen(ads, 8);
    const requests = ads.requests.map((r) => r.request);
    expect(requests.slice(0, 2).map((r) => [r.type_url, r.resource_names])).toEqual([
      [TYPE_URL.cluster, []],
      [TYPE_URL.listener, []],
    ]);
    for (const request of requests) expect(request.node?.metadata?.fields.role?.stringValue).toBe('kgateway-kube-gateway-api~lt-ns~gw');
    // RDS only by the names the listener carries, EDS only by the names CDS advertised, each after its parent.
    const first = (typeUrl: string) => requests.findIndex((r) => r.type_url === typeUrl);
    expect(requests[first(TYPE_URL.routeConfiguration)]?.resource_names).toEqual(['listener~80']);
    expect(requests[first(TYPE_URL.clusterLoadAssignment)]?.resource_names).toEqual(['backend-a']);
    expect(defined(ads.responses.find((r) => r.typeUrl === TYPE_URL.listener)).sentAt).toBeLessThan(
      defined(ads.requests[first(TYPE_URL.routeConfiguration)]).at,
    );
    expect(defined(ads.responses.find((r) => r.typeUrl === TYPE_URL.cluster)).sentAt).toBeLessThan(
      defined(ads.requests[first(TYPE_URL.clusterLoadAssignment)]).at,
    );
    // Every response is ACKed with its version and nonce, keeping the subscription's names.
    expect(ads.responses.map((r) => r.typeUrl).sort()).toEqual(Object.values(TYPE_URL).sort());
    for (const response of ads.responses) {
      const ack = requests.find((r) => r.type_url === response.typeUrl && r.response_nonce === response.nonce);
      expect(ack, `ACK of ${response.typeUrl} nonce ${response.nonce}`).toBeDefined();
      expect(ack?.version_info).toBe(response.version);
      expect(ack?.resource_names).toEqual(response.typeUrl === TYPE_URL.cluster || response.typeUrl === TYPE_URL.listener ? [] : response.names);
      expect(ack?.error_detail ?? null).toBeNull();
    }
    expect(routeConfigHas('r1.example.com', '/r1')(xds.routeConfigs())).toBe(true);
    expect(xds.clusterNames()).toEqual(['backend-a']);
    expect(xds.pushes.map((p) => p.typeUrl)).toContain(TYPE_URL.routeConfiguration);
  });

  test("identifies as Istio's gateway Envoy: node id, and LABELS as a nested struct as istiod unmarshals it", async () => {
    const { server: ads, address } = await serve([route(1)]);
    observer = new XdsObserver({ address, nodeId: istioXdsNodeId(gateway), nodeMetadata: istioXdsNodeMetadata(gateway), startTimeoutMs: 5_000 });
    await observer.start();
    const node = defined(ads.requests[0]).request.node;
    expect(node?.id).toBe('router~10.245.0.1~gw-loadtest-observer.lt-ns~lt-ns.svc.cluster.local');
    const fields = node?.metadata?.fields;
    expect(fields?.NAMESPACE?.stringValue).toBe('lt-ns');
    expect(fields?.CLUSTER_ID?.stringValue).toBe('Kubernetes');
    expect(fields?.ISTIO_VERSION?.stringValue).toMatch(/^1\.\d+/);
    expect(fields?.LABELS?.structValue?.fields['gateway.networking.k8s.io/gateway-name']?.stringValue).toBe('gw');
  });

  test('a new listener extends the RDS subscription; the observer only sees what it subscribed to', async () => {
    const { server: ads, address } = await serve([route(1)]);
    const xds = await observe(address);
    ads.set(TYPE_URL.routeConfiguration, [routeConfiguration(80, [route(1)]), routeConfiguration(8080, [route(2)])]);
    // listener~8080 is not subscribed yet, so its route configuration did not reach the observer.
    const gotSecond = xds.when(routeConfigHas('r2.example.com', '/r2'), 2_000, () => 'listener~8080 routes never arrived');
    ads.set(TYPE_URL.listener, [listenerWithRds(80), listenerWithRds(8080)]);
    await gotSecond;
    const rdsRequests = ads.requests.filter((r) => r.request.type_url === TYPE_URL.routeConfiguration).map((r) => r.request.resource_names);
    expect(rdsRequests).toContainEqual(['listener~80', 'listener~8080']);
    expect([...xds.routeConfigs().keys()].sort()).toEqual(['listener~80', 'listener~8080']);
  });

  test('when() resolves with the arrival time of the push that made the route present, and of the one that removed it', async () => {
    const { server: ads, address } = await serve([route(1)]);
    const xds = await observe(address);
    const present = xds.when(routeConfigHas('r2.example.com', '/r2/'), 2_000, () => 'r2 never pushed');
    const [sent] = ads.set(TYPE_URL.routeConfiguration, [routeConfiguration(80, [route(1), route(2)])]);
    const at = await present;
    const push = defined(xds.pushes.at(-1));
    expect(push.typeUrl).toBe(TYPE_URL.routeConfiguration);
    expect(at).toBe(push.at);
    expect(at).toBeGreaterThanOrEqual(defined(sent).sentAt);
    expect(countRoutes(xds.routeConfigs())).toBe(2);
    expect([...httpRoutesIn(xds.routeConfigs(), gateway.namespace)].sort()).toEqual(['route-1', 'route-2']);

    const has2 = routeConfigHas('r2.example.com', '/r2');
    const gone = xds.when(
      (configs) => !has2(configs),
      2_000,
      () => 'r2 never removed',
    );
    const [removal] = ads.set(TYPE_URL.routeConfiguration, [routeConfiguration(80, [route(1)])]);
    expect(await gone).toBeGreaterThanOrEqual(defined(removal).sentAt);
    // A path that is only a prefix of the route's is not the route.
    expect(routeConfigHas('r1.example.com', '/r')(xds.routeConfigs())).toBe(false);
    // A plain prefix match ("/") counts as well as a path-separated one.
    const root = { ...route(4), pathPrefix: '/' };
    const rootPushed = xds.when(routeConfigHas('r4.example.com', '/'), 2_000, () => 'r4 never pushed');
    ads.set(TYPE_URL.routeConfiguration, [routeConfiguration(80, [route(1), root])]);
    await rootPushed;
    expect(routesFor(xds.routeConfigs(), 'r4.example.com', '/')[0]?.match?.path_specifier).toBe('prefix');
  });

  test('a wait that is never satisfied rejects with its description', async () => {
    const { address } = await serve([route(1)]);
    const xds = await observe(address);
    await expect(xds.when(routeConfigHas('nope.example.com', '/'), 100, () => 'nope never pushed')).rejects.toThrow('nope never pushed');
  });

  test('counters give responses and bytes by type since a snapshot', async () => {
    const { server: ads, address } = await serve([route(1)]);
    const xds = await observe(address);
    const mark = xds.snapshot();
    const pushesBefore = xds.pushes.length;
    const done = xds.when(routeConfigHas('r3.example.com', '/r3'), 2_000, () => 'r3 never pushed');
    ads.set(TYPE_URL.routeConfiguration, [routeConfiguration(80, [route(1), route(2)])]);
    ads.set(TYPE_URL.routeConfiguration, [routeConfiguration(80, [route(1), route(2), route(3)])]);
    await done;
    const phase = countersSince(mark, xds.snapshot());
    const rds = xds.pushes.slice(pushesBefore);
    expect(Object.keys(phase)).toEqual([TYPE_URL.routeConfiguration]);
    expect(phase[TYPE_URL.routeConfiguration]).toEqual({ responses: 2, bytes: rds.reduce((sum, p) => sum + p.bytes, 0) });
    expect(defined(rds[1]).bytes).toBeGreaterThan(defined(rds[0]).bytes);
    expect(totalOf(xds.snapshot()).responses).toBe(xds.pushes.length);
  });

  test('a broken stream fails pending and later waits with a clear error, and is not reconnected', async () => {
    const { server: ads, address } = await serve([route(1)]);
    const xds = await observe(address);
    const pending = xds.when(routeConfigHas('r9.example.com', '/r9'), 5_000, () => 'r9 never pushed');
    ads.stop();
    await expect(pending).rejects.toThrow(
      /xDS stream to 127\.0\.0\.1:\d+ for node observer\.lt-ns .*kgateway-kube-gateway-api~lt-ns~gw.* broke .*does not reconnect/,
    );
    expect(xds.failure?.message).toMatch(/broke/);
    await expect(
      xds.when(
        () => true,
        1_000,
        () => 'x',
      ),
    ).rejects.toThrow(/broke/);
  });

  test('a server that ends the stream is reported the same way', async () => {
    const { server: ads, address } = await serve([route(1)]);
    const xds = await observe(address);
    const pending = xds.when(routeConfigHas('r9.example.com', '/r9'), 5_000, () => 'r9 never pushed');
    ads.endStreams();
    await expect(pending).rejects.toThrow(/broke \((the server ended the stream|OK)/);
  });

  test('start() names the address when no LDS answer comes, and when nothing listens', async () => {
    server = new TestAdsServer();
    const silent = await server.start(); // knows no resources, so it never answers
    await expect(observe(silent, 300)).rejects.toThrow(
      `no LDS answer from ${silent} within 300 ms for node observer.lt-ns {"role":"kgateway-kube-gateway-api~lt-ns~gw"}`,
    );
    server.stop();
    await expect(observe(silent, 5_000)).rejects.toThrow(`xDS stream to ${silent}`);
  });

  test('stop() is idempotent and fails pending waits', async () => {
    const { address } = await serve([route(1)]);
    const xds = await observe(address);
    const pending = xds.when(routeConfigHas('r9.example.com', '/r9'), 5_000, () => 'r9 never pushed');
    xds.stop();
    xds.stop();
    await expect(pending).rejects.toThrow('stopped');
    expect(xds.failure).toBeUndefined();
  });
});
