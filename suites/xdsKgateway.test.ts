// Route ready as a connected proxy sees it: the xDS observer on the real kgateway's ADS server, standing in for
// an Envoy of the test Gateway. A route reaches xDS after its create and leaves after its delete; the pushed
// configuration holds every route of the Gateway; a route with a missing backend is pushed as an error response.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { controllerOf } from '../framework/controllers/index.js';
import type { Gateway, HTTPRoute } from '../framework/gatewayApi/types.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { CollectionWatch } from '../framework/kube/watch.js';
import { createGatewayAndWait } from '../framework/loadtest/gatewayReady.js';
import { preflightGatewayClass } from '../framework/loadtest/phases/preflight.js';
import { AttachmentTracker } from '../framework/measure/attachment.js';
import { WaitTimeoutError } from '../framework/measure/conditionWaits.js';
import { quantile } from '../framework/measure/quantiles.js';
import { RUN_LABEL, runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';
import { XdsObserver } from '../framework/xds/adsObserver.js';
import { countersSince, totalOf, type XdsCounters } from '../framework/xds/counters.js';
import { countRoutes, holdsHttpRoutes, httpRoutesIn, routeConfigHas, routesFor, virtualHostsFor } from '../framework/xds/routeConfigs.js';
import { sharedCluster } from './support/cluster.js';

const { description, connect } = sharedCluster();
const runId = newRunId();
const namespace = `${runId}-xds`;
const labels = runLabels(runId);
const api = `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}`;
const TIMEOUT_MS = 60_000;
const SAMPLES = 15;
const BULK_ROUTES = 50;
let http: KubeHttp;
let observer: XdsObserver | undefined;
const tracker = new AttachmentTracker({ namespace, name: 'gw', listener: 'http' });
const watches: CollectionWatch<HTTPRoute | Gateway>[] = [];

const host = (name: string) => `${name}.example.com`;
const path = (name: string) => `/${name}`;

function route(name: string, backend: string) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, labels },
    spec: {
      parentRefs: [{ name: 'gw', sectionName: 'http' }],
      hostnames: [host(name)],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: path(name) } }], backendRefs: [{ name: backend, port: 80 }] }],
    },
  };
}

function xds(): XdsObserver {
  if (!observer) throw new Error('the xDS observer did not start (see beforeAll)');
  return observer;
}

function describeCounters(counters: XdsCounters): string {
  const short = (typeUrl: string) => typeUrl.split('.').at(-1);
  const total = totalOf(counters);
  const parts = Object.entries(counters).map(([typeUrl, c]) => `${short(typeUrl)} ${c.responses} (${(c.bytes / 1024).toFixed(1)} KiB)`);
  return `${total.responses} responses, ${(total.bytes / 1024).toFixed(1)} KiB: ${parts.join(', ') || 'none'}`;
}

const fmt = (values: number[]) => `p50 ${quantile(values, 0.5).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;

beforeAll(async () => {
  if (!description.xdsAddress) return;
  http = await connect();
  // Only status entries of the class's own controller count, as in a run.
  tracker.expectController((await preflightGatewayClass(http, description.gatewayClassName)).controllerName);
  await http.create('/api/v1/namespaces', { metadata: { name: namespace, labels } });
  await http.create(`/api/v1/namespaces/${namespace}/services`, { metadata: { name: 'backend', labels }, spec: { ports: [{ port: 80, targetPort: 8080 }] } });
  await http.create(`/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`, {
    metadata: { name: 'backend-1', labels: { ...labels, 'kubernetes.io/service-name': 'backend' } },
    addressType: 'IPv4',
    ports: [{ port: 8080 }],
    endpoints: [{ addresses: ['10.244.0.10'], conditions: { ready: true } }],
  });
  const selector = `${RUN_LABEL}=${runId}`;
  watches.push(
    new CollectionWatch<HTTPRoute>(http, `${api}/httproutes`, selector, tracker.onRouteEvent) as CollectionWatch<HTTPRoute | Gateway>,
    new CollectionWatch<Gateway>(http, `${api}/gateways`, selector, tracker.onGatewayEvent) as CollectionWatch<HTTPRoute | Gateway>,
  );
  await Promise.all(watches.map((w) => w.start()));
  const gateway = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', labels },
    spec: { gatewayClassName: description.gatewayClassName, listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
  };
  // With the controller's status nudge, as every suite: kgateway v2.4.2 can drop a new Gateway's first status write
  // (kgateway-dev/kgateway#14414; seen in a fresh-machine .ci/run, the Gateway still "Waiting for controller" after 60 s).
  const ready = await createGatewayAndWait(() => http.create(`${api}/gateways`, gateway), {
    tracker,
    http,
    path: `${api}/gateways/gw`,
    timeoutMs: TIMEOUT_MS,
    nudge: controllerOf(description).gatewayStatusNudge,
    describeTimeout: () => `Gateway not Accepted+Programmed: ${JSON.stringify(tracker.gatewayConditions)}`,
    progress: console.log,
  });
  if (ready.statusNudges > 0) console.log(`Gateway Accepted+Programmed after ${ready.statusNudges} status nudge(s) for ${ready.nudgedFor}`);
  const connecting = performance.now();
  const nodeMetadata = controllerOf(description).xdsNodeMetadata?.({ namespace, name: 'gw' });
  if (!nodeMetadata) throw new Error(`${controllerOf(description).name} says nothing about how its proxies identify themselves to its xDS server`);
  observer = new XdsObserver({ address: description.xdsAddress, nodeId: `observer.${namespace}`, nodeMetadata });
  await observer.start();
  console.log(
    `xDS observer connected to ${description.xdsAddress} as ${observer.identity}: first LDS+RDS after ${(performance.now() - connecting).toFixed(0)} ms ` +
      `(kgateway holds a new stream's first answer for KGW_XDS_FIRST_CONNECT_DELAY, 1 s by default); ${describeCounters(observer.snapshot())}`,
  );
}, 180_000);

afterAll(async () => {
  observer?.stop();
  for (const watch of watches) watch.stop();
  if (http) {
    // Delete by label: only this run's namespace.
    const list = await http.get<{ items: { metadata: { name: string } }[] }>(`/api/v1/namespaces?labelSelector=${encodeURIComponent(`${RUN_LABEL}=${runId}`)}`);
    for (const item of list.items) await http.delete(`/api/v1/namespaces/${item.metadata.name}`);
    await http.close();
  }
});

describe(`xDS observer on ${description.controller?.name ?? description.gatewayClassName}`, () => {
  test("the Gateway's pushed configuration has its listener and route configuration, kgateway-named", (context) => {
    if (!description.xdsAddress) {
      console.log(`xDS not observed: ${description.xdsAbsentReason}`);
      return context.skip(description.xdsAbsentReason);
    }
    expect([...xds().routeConfigs().keys()]).toEqual(['listener~80']);
    expect(countRoutes(xds().routeConfigs())).toBe(0);
  });

  test(`a route reaches xDS after its create and leaves after its delete (${SAMPLES} samples, status times beside)`, async (context) => {
    if (!description.xdsAddress) return context.skip(description.xdsAbsentReason);
    const ready: number[] = [];
    const gone: number[] = [];
    const attached: number[] = [];
    /** Routes whose status kgateway never wrote within the timeout (see below). */
    const dropped: string[] = [];
    const mark = xds().snapshot();
    for (let i = 0; i < SAMPLES; i++) {
      const name = `sample-${i}`;
      const has = routeConfigHas(host(name), path(name));
      const pushed = xds().when(has, TIMEOUT_MS, () => `${name} not in the pushed route configuration`);
      const statusAttached = tracker.when(
        () => tracker.isAttached(name),
        TIMEOUT_MS,
        () => `${name}: ${tracker.describeUnattached([name])}`,
      );
      const createSentAt = performance.now();
      await http.create(`${api}/httproutes`, route(name, 'backend'));
      ready.push((await pushed) - createSentAt);
      const statusMs = await statusAttached.then(
        (at) => at - createSentAt,
        (error: unknown) => {
          if (!(error instanceof WaitTimeoutError)) throw error;
          dropped.push(error.message);
          return undefined;
        },
      );
      if (statusMs !== undefined) attached.push(statusMs);
      if (i === 0) {
        // The naming facts the predicates rest on (kgateway v2.4.2).
        const [virtualHost] = virtualHostsFor(xds().routeConfigs(), host(name));
        expect(virtualHost?.name).toBe(`listener~80~${host(name).replaceAll('.', '_')}`);
        const [envoyRoute] = routesFor(xds().routeConfigs(), host(name), path(name));
        expect(envoyRoute?.name).toBe(`${virtualHost?.name}-route-0-httproute-${name}-${namespace}-0-0-matcher-0`);
        expect(envoyRoute?.match?.path_separated_prefix).toBe(path(name));
        expect(envoyRoute?.action).toBe('route');
        console.log(`pushed: virtual host ${virtualHost?.name}, route ${envoyRoute?.name} -> cluster ${envoyRoute?.route?.cluster}`);
      }
      const removed = xds().when(
        (configs) => !has(configs),
        TIMEOUT_MS,
        () => `${name} still in the pushed route configuration`,
      );
      const deleteSentAt = performance.now();
      await http.delete(`${api}/httproutes/${name}`);
      gone.push((await removed) - deleteSentAt);
    }
    console.log(`route ready (xDS push): ${fmt(ready)}; route gone (xDS push): ${fmt(gone)}; Accepted+ResolvedRefs status: ${fmt(attached)}`);
    console.log(`xDS during the ${SAMPLES} create/delete samples: ${describeCounters(countersSince(mark, xds().snapshot()))}`);
    expect(ready).toHaveLength(SAMPLES);
    expect(gone).toHaveLength(SAMPLES);
    // The status is beside this test's subject (xDS). kgateway up to v2.4.2 can drop a new object's first status write
    // and write nothing until the object's report changes (kgateway-dev/kgateway#14414; seen here once in 15 samples,
    // its route in xDS within milliseconds and no status for 60 s): one such drop is that known bug, said here; more
    // would be a new failure of its status path.
    if (dropped.length > 0) {
      console.log(
        `status never written within ${TIMEOUT_MS} ms for ${dropped.length} of ${SAMPLES} routes (kgateway-dev/kgateway#14414): ${dropped.join('; ')}`,
      );
    }
    expect(dropped.length, dropped.join('; ')).toBeLessThanOrEqual(1);
  }, 300_000);

  test(`the pushed configuration holds all ${BULK_ROUTES} routes created at once, and none after they are deleted`, async (context) => {
    if (!description.xdsAddress) return context.skip(description.xdsAbsentReason);
    const names = Array.from({ length: BULK_ROUTES }, (_, i) => `bulk-${i}`);
    const mark = xds().snapshot();
    const allIn = xds().when(
      holdsHttpRoutes(namespace, BULK_ROUTES),
      TIMEOUT_MS,
      () => `${httpRoutesIn(xds().routeConfigs(), namespace).size} of ${BULK_ROUTES} routes pushed`,
    );
    const started = performance.now();
    await Promise.all(names.map((name) => http.create(`${api}/httproutes`, route(name, 'backend'))));
    const allInMs = (await allIn) - started;
    expect([...httpRoutesIn(xds().routeConfigs(), namespace)].sort()).toEqual([...names].sort());
    expect(countRoutes(xds().routeConfigs())).toBe(BULK_ROUTES);
    const createPhase = countersSince(mark, xds().snapshot());
    const deleteMark = xds().snapshot();
    const allOut = xds().when(
      (configs) => httpRoutesIn(configs, namespace).size === 0,
      TIMEOUT_MS,
      () => `${httpRoutesIn(xds().routeConfigs(), namespace).size} routes still pushed`,
    );
    const deleting = performance.now();
    await Promise.all(names.map((name) => http.delete(`${api}/httproutes/${name}`)));
    const allOutMs = (await allOut) - deleting;
    console.log(
      `${BULK_ROUTES} routes created at once: all in the pushed configuration after ${allInMs.toFixed(0)} ms (${describeCounters(createPhase)}); ` +
        `all gone after ${allOutMs.toFixed(0)} ms (${describeCounters(countersSince(deleteMark, xds().snapshot()))})`,
    );
  }, 300_000);

  test('a route whose backend Service is missing still reaches xDS, routed to a cluster CDS never has (Envoy answers 500), and ResolvedRefs=False agrees', async (context) => {
    if (!description.xdsAddress) return context.skip(description.xdsAbsentReason);
    const name = 'orphan';
    const pushed = xds().when(routeConfigHas(host(name), path(name)), TIMEOUT_MS, () => `${name} never pushed`);
    const judged = tracker.when(
      () => tracker.route(name)?.problem?.startsWith('ResolvedRefs=False') ?? false,
      TIMEOUT_MS,
      () => `${name}: ${tracker.route(name)?.problem ?? 'no status'}`,
    );
    const createSentAt = performance.now();
    await http.create(`${api}/httproutes`, route(name, 'no-such-service'));
    const pushedMs = (await pushed) - createSentAt;
    const judgedMs = (await judged) - createSentAt;
    const [envoyRoute] = routesFor(xds().routeConfigs(), host(name), path(name));
    const action = envoyRoute?.toJSON().route;
    console.log(
      `missing backend: in xDS after ${pushedMs.toFixed(1)} ms as ${envoyRoute?.action} ${JSON.stringify(action)}, ` +
        `CDS clusters ${JSON.stringify(xds().clusterNames())}; status ${tracker.route(name)?.problem} after ${judgedMs.toFixed(1)} ms`,
    );
    expect(tracker.route(name)).toMatchObject({ accepted: true, resolvedRefs: false });
    expect(tracker.route(name)?.problem).toMatch(/BackendNotFound/);
    // kgateway v2.4.2: an unresolved backendRef routes to "blackhole-cluster", never materialized in the snapshot
    // (pkg/kgateway/wellknown/constants.go, krtcollections/policy.go), with a 500 for a cluster that is not found.
    expect(envoyRoute?.action).toBe('route');
    expect(action).toMatchObject({ cluster: 'blackhole-cluster', cluster_not_found_response_code: 'INTERNAL_SERVER_ERROR' });
    expect(xds().clusterNames()).not.toContain('blackhole-cluster');
    expect(xds().clusterNames().length).toBeGreaterThan(0);
  }, 120_000);
});
