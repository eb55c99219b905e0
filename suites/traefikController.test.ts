// Traefik v3 on the run's cluster: it is the controller and the proxy in one process. This checks what the harness
// relies on: its Gateway status (with and without a matching entry point), its route status, and what its proxy
// answers for a redirect route (302), a route whose backend has no EndpointSlices (500) and an unknown host (404).
// Start the shared cluster without kgateway (SKIP_INSTALL=true on the local provider); Traefik is started here.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type RunningTraefik, startTraefik, TRAEFIK_CLASS } from '../framework/controllers/traefik/traefik.js';
import type { KubeHttp } from '../framework/kube/http.js';
import type { KubeObject } from '../framework/kube/object.js';
import { waitForObjects } from '../framework/kube/wait.js';
import { HttpProbe } from '../framework/measure/httpProbe.js';
import { runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';

const { connect } = sharedCluster();
const runId = newRunId();
const namespace = `${runId}-traefik`;
const labels = runLabels(runId);
const GATEWAY_API = `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}`;
const TIMEOUT_MS = 60_000;
let http: KubeHttp;
let traefik: RunningTraefik;
let probe: HttpProbe;

type Condition = { type: string; status: string; reason: string };
const conditions = (status: unknown): Condition[] => (status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
const parentConditions = (route: KubeObject): Condition[] =>
  ((route.status as { parents?: { conditions?: Condition[] }[] } | undefined)?.parents ?? []).flatMap((p) => p.conditions ?? []);
const has = (list: Condition[], type: string, status: string, reason?: string) =>
  list.some((c) => c.type === type && c.status === status && (reason === undefined || c.reason === reason));

function gateway(name: string, port: number) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, labels },
    spec: { gatewayClassName: TRAEFIK_CLASS, listeners: [{ name: 'http', port, protocol: 'HTTP' }] },
  };
}

function route(name: string, rule: Record<string, unknown>) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, labels },
    spec: {
      parentRefs: [{ name: 'gw', sectionName: 'http' }],
      hostnames: [`${name}.example.com`],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], ...rule }],
    },
  };
}

async function gatewayStatus(name: string, ready: (gateway: KubeObject) => boolean, what: string): Promise<KubeObject> {
  await waitForObjects({ http, collectionPath: `${GATEWAY_API}/gateways`, names: [name], ready, timeoutMs: TIMEOUT_MS, what });
  return http.get<KubeObject>(`${GATEWAY_API}/gateways/${name}`);
}

beforeAll(async () => {
  http = await connect();
  const logDir = join(process.cwd(), 'reports', 'logs', runId);
  mkdirSync(logDir, { recursive: true });
  traefik = await startTraefik({
    kubeconfigPath: inject('cluster').kubeconfigPath,
    http,
    logPath: join(logDir, 'traefik.log'),
    progress: console.log,
    listenerPort: 80,
  });
  probe = new HttpProbe(traefik.dataPlaneUrl);
  await http.create('/api/v1/namespaces', { metadata: { name: namespace, labels } });
  await http.create(`/api/v1/namespaces/${namespace}/services`, {
    metadata: { name: 'no-slices', labels },
    spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
}, 600_000);

afterAll(async () => {
  await probe?.close();
  await http.delete(`/api/v1/namespaces/${namespace}`);
  await traefik?.process.stop();
  await http.delete(`/apis/gateway.networking.k8s.io/v1/gatewayclasses/${TRAEFIK_CLASS}`);
  await http.close();
});

describe('Traefik', () => {
  test('a Gateway whose listener port is an entry point is Accepted and Programmed, with the proxy address', async () => {
    await http.create(`${GATEWAY_API}/gateways`, gateway('gw', traefik.listenerPort));
    const gw = await gatewayStatus('gw', (g) => has(conditions(g.status), 'Programmed', 'True'), 'Gateway gw Programmed');
    expect(has(conditions(gw.status), 'Accepted', 'True')).toBe(true);
    expect((gw.status as { addresses?: unknown[] }).addresses).toEqual([{ type: 'IPAddress', value: '127.0.0.1' }]);
  });

  test('a listener port with no entry point is not Accepted (PortUnavailable)', async () => {
    await http.create(`${GATEWAY_API}/gateways`, gateway('no-entry-point', 8081));
    const listenerConditions = (g: KubeObject) =>
      ((g.status as { listeners?: { conditions?: Condition[] }[] } | undefined)?.listeners ?? []).flatMap((l) => l.conditions ?? []);
    const gw = await gatewayStatus('no-entry-point', (g) => has(listenerConditions(g), 'Accepted', 'False'), 'Gateway no-entry-point judged');
    expect(has(listenerConditions(gw), 'Accepted', 'False', 'PortUnavailable')).toBe(true);
    expect(has(conditions(gw.status), 'Accepted', 'False', 'ListenersNotValid')).toBe(true);
  });

  test('a RequestRedirect route is answered by the proxy with 302', async () => {
    const host = 'redirect.example.com';
    await http.create(
      `${GATEWAY_API}/httproutes`,
      route('redirect', { filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: 'ready.example.com', statusCode: 302 } }] }),
    );
    await waitForObjects({
      http,
      collectionPath: `${GATEWAY_API}/httproutes`,
      names: ['redirect'],
      ready: (r: KubeObject) => has(parentConditions(r), 'Accepted', 'True') && has(parentConditions(r), 'ResolvedRefs', 'True'),
      timeoutMs: TIMEOUT_MS,
      what: 'route redirect Accepted+ResolvedRefs',
    });
    // HTTP has no watch: the probe polls every 10 ms; 404 (no router yet) is the only other answer it accepts.
    await probe.until(host, '/x', { before: 404, after: 302 }, TIMEOUT_MS);
  });

  test('a route to a Service without EndpointSlices is ResolvedRefs=False (BackendNotFound) and answered with 500', async () => {
    await http.create(`${GATEWAY_API}/httproutes`, route('no-backend', { backendRefs: [{ name: 'no-slices', port: 80 }] }));
    await waitForObjects({
      http,
      collectionPath: `${GATEWAY_API}/httproutes`,
      names: ['no-backend'],
      ready: (r: KubeObject) => has(parentConditions(r), 'ResolvedRefs', 'False', 'BackendNotFound'),
      timeoutMs: TIMEOUT_MS,
      what: 'route no-backend ResolvedRefs=False',
    });
    await probe.until('no-backend.example.com', '/', { before: 404, after: 500 }, TIMEOUT_MS);
  });

  test('an unknown host is answered with 404 by Traefik itself', async () => {
    const response = await request(`${traefik.dataPlaneUrl}/`, { headers: { host: 'unknown.example.com' } });
    // Traefik's own body: this machine's network answers connections to unknown addresses with an empty 404 too.
    expect({ status: response.statusCode, body: await response.body.text() }).toEqual({ status: 404, body: '404 page not found\n' });
  });
});
