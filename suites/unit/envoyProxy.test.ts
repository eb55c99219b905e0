// A Gateway's Envoy (the pinned binary from the cache) against a small ADS server of the harness's own
// (fixtures/adsServer.ts): it becomes ready only once its listener is bound, serves the route it was pushed, counts
// accepted and rejected updates in its admin stats, and an Envoy that exits is named in the probe's error. Printed and
// skipped where the binary is not installed (`npm run build:binaries` installs it).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestAdsServer } from '../../fixtures/adsServer.js';
import { listenerWithRds, routeConfiguration } from '../../fixtures/xdsResources.js';
import { cacheRoot } from '../../framework/cluster/build/goBuild.js';
import { freePort } from '../../framework/cluster/process/ports.js';
import { type GatewayEnvoy, startGatewayEnvoy } from '../../framework/envoy/proxy.js';
import { ENVOY_VERSION } from '../../framework/envoy/version.js';
import { HttpProbe } from '../../framework/measure/httpProbe.js';
import { TYPE_URL } from '../../framework/xds/protos.js';

/** The fixture's listener on 0.0.0.0 as kgateway binds it ("::" would be IPv6 only), with the router filter. */
function servingListener(port: number) {
  const listener = listenerWithRds(port) as unknown as { filter_chains: { filters: { typed_config: Record<string, unknown> }[] }[] };
  const manager = listener.filter_chains[0]?.filters[0];
  if (manager) {
    manager.typed_config.http_filters = [
      { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
    ];
  }
  return { ...(listener as unknown as ReturnType<typeof listenerWithRds>), address: { socket_address: { address: '0.0.0.0', port_value: port } } };
}

const binary = join(cacheRoot(), 'bin', `envoy-${ENVOY_VERSION}`, 'envoy');
if (!existsSync(binary)) console.log(`[envoy proxy] skipped: ${binary} is not installed (npm run build:binaries installs it)`);

describe.skipIf(!existsSync(binary))("a Gateway's Envoy against a test ADS server", () => {
  const ads = new TestAdsServer();
  let envoy: GatewayEnvoy;
  let logDir: string;
  let port: number;
  const route = { name: 'r1', namespace: 'ns', host: 'r1.example.com', pathPrefix: '/r1' };

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'envoy-proxy-test-'));
    port = await freePort();
    const address = await ads.start();
    // Listeners first, but no route configuration yet: the listener waits for RDS, Envoy is not LIVE before it.
    ads.set(TYPE_URL.cluster, []);
    ads.set(TYPE_URL.listener, [servingListener(port)]);
    // The stimulus, not a wait: route configuration held back 300 ms, so that readiness must wait for it.
    setTimeout(() => ads.set(TYPE_URL.routeConfiguration, [routeConfiguration(port, [route])]), 300);
    envoy = await startGatewayEnvoy({
      binary,
      node: { id: 'gw-envoy.ns', cluster: 'gw.ns', metadata: { role: 'kgateway-kube-gateway-api~ns~gw' } },
      xdsAddress: address,
      logDir,
      name: 'envoy-test',
      listenerPort: port,
      timeoutMs: 30_000,
    });
  }, 60_000);

  afterAll(async () => {
    await envoy?.stop();
    ads.stop();
    if (process.env.KEEP_ENVOY_LOG) console.log(logDir);
    else rmSync(logDir, { recursive: true, force: true });
  });

  test('is ready once its listener is bound, and then serves the pushed route', async () => {
    expect(envoy.readyMs).toBeGreaterThan(250);
    expect(envoy.bootstrapPath).toBe(join(logDir, 'envoy-test.bootstrap.json'));
    expect(existsSync(join(logDir, 'envoy-test.log'))).toBe(true);
    const probe = new HttpProbe(envoy.dataPlaneUrl);
    try {
      expect((await probe.get('r1.example.com', '/r1')).status).toBe(200);
      expect((await probe.get('other.example.com', '/r1')).status).toBe(404);
    } finally {
      await probe.close();
    }
  });

  test('counts accepted updates, and a route configuration it rejects as a NACK', async () => {
    const before = await envoy.admin.configStats();
    expect(before.updates.lds.success).toBe(1);
    expect(before.updates.rds.success).toBe(1);
    expect(before.controlPlaneConnected).toBe(true);
    // A route whose regex does not compile is invalid: Envoy must refuse it, and keep serving the last good one.
    const broken = routeConfiguration(port, [route]) as unknown as { virtual_hosts: { routes: Record<string, unknown>[] }[] };
    const first = broken.virtual_hosts[0]?.routes[0];
    if (first) first.match = { safe_regex: { regex: '(' } };
    const nack = ads.nextRequest((request) => request.type_url === TYPE_URL.routeConfiguration && Boolean(request.error_detail));
    ads.set(TYPE_URL.routeConfiguration, [broken as unknown as ReturnType<typeof routeConfiguration>]);
    // Envoy counts the rejection before it sends the NACK: once the NACK is here, one read of its stats shows it.
    expect((await nack).request.error_detail?.message).toMatch(/regex|parse|missing \)/i);
    const after = await envoy.admin.configStats();
    expect(after.updates.rds.rejected).toBe(before.updates.rds.rejected + 1);
    const probe = new HttpProbe(envoy.dataPlaneUrl);
    try {
      expect((await probe.get('r1.example.com', '/r1')).status).toBe(200);
    } finally {
      await probe.close();
    }
  });

  test('an Envoy that exited is named, with its log, in the probe error', async () => {
    await envoy.process.stop();
    const probe = new HttpProbe(envoy.dataPlaneUrl, { describeDataPlane: () => envoy.describe() });
    try {
      await expect(probe.get('r1.example.com', '/r1')).rejects.toThrow(
        /failed: .*Envoy \(pid \d+\) has exited \((SIG\w+|exit code \d+)\); its log .* ends with/s,
      );
    } finally {
      await probe.close();
    }
  });
});
