// The bootstrap of a Gateway's Envoy: what identifies it to kgateway (node.metadata.role), where it finds the xDS server,
// what was left out of kgateway's template and why; and, where the pinned Envoy is in the cache, Envoy's own
// `--mode validate` accepts it (printed and skipped where it is not: `npm run build:binaries` installs it).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { cacheRoot } from '../../framework/cluster/build/goBuild.js';
import { controllerNamed } from '../../framework/controllers/index.js';
import { envoyBootstrap, xdsEndpoint } from '../../framework/envoy/bootstrap.js';
import { ENVOY_VERSION } from '../../framework/envoy/version.js';
import { envoyNodeFor } from '../../framework/loadtest/phases/dataPlane.js';

const run = promisify(execFile);
const gateway = { namespace: 'lt-run-app', name: 'test-gateway' };
const node = envoyNodeFor(controllerNamed('kgateway'), gateway);

describe("a Gateway's Envoy bootstrap", () => {
  test("identifies the Envoy as kgateway's proxy of that Gateway, as kgateway's own template does", () => {
    expect(node).toEqual({
      id: 'test-gateway-envoy.lt-run-app',
      cluster: 'test-gateway.lt-run-app',
      metadata: { role: 'kgateway-kube-gateway-api~lt-run-app~test-gateway' },
    });
    // biome-ignore lint/suspicious/noExplicitAny: the bootstrap is Envoy's JSON; the test reads deep paths of it.
    const bootstrap = envoyBootstrap({ node: node as NonNullable<typeof node>, xds: xdsEndpoint('127.0.0.1:40123'), adminPort: 40124 }) as Record<string, any>;
    expect(bootstrap.node).toEqual({
      id: 'test-gateway-envoy.lt-run-app',
      cluster: 'test-gateway.lt-run-app',
      metadata: { role: 'kgateway-kube-gateway-api~lt-run-app~test-gateway' },
    });
    expect(bootstrap.cluster_manager).toEqual({ local_cluster_name: 'test-gateway.lt-run-app' });
    const [local, xds] = bootstrap.static_resources.clusters;
    expect(local).toMatchObject({ name: 'test-gateway.lt-run-app', type: 'EDS', eds_cluster_config: { eds_config: { ads: {}, initial_fetch_timeout: '1s' } } });
    expect(xds.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({ address: '127.0.0.1', port_value: 40123 });
    expect(xds.typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'].explicit_http_config).toEqual({
      http2_protocol_options: {},
    });
    expect(bootstrap.dynamic_resources.ads_config).toMatchObject({
      api_type: 'GRPC',
      transport_api_version: 'V3',
      grpc_services: [{ envoy_grpc: { cluster_name: 'xds_cluster' } }],
    });
    expect(bootstrap.dynamic_resources.lds_config).toEqual({ ads: {}, resource_api_version: 'V3', initial_fetch_timeout: '0s' });
    expect(bootstrap.dynamic_resources.cds_config).toEqual({ ads: {}, resource_api_version: 'V3', initial_fetch_timeout: '0s' });
    // The admin endpoint on loopback only; no runtime flag that Envoy 1.40 reports removed; no fixed-port listeners.
    expect(bootstrap.admin.address.socket_address).toEqual({ address: '127.0.0.1', port_value: 40124 });
    expect(JSON.stringify(bootstrap)).not.toContain('use_eds_cache_for_ads');
    expect(bootstrap.static_resources.listeners).toBeUndefined();
  });

  test('an xDS address that is not <IPv4>:<port> is refused (the xDS cluster is STATIC)', () => {
    expect(() => xdsEndpoint('kgateway.kgateway-system.svc:9977')).toThrow(/is not <IPv4>:<port>/);
    expect(() => envoyBootstrap({ node: node as NonNullable<typeof node>, xds: { host: 'localhost', port: 1 }, adminPort: 2 })).toThrow(/IPv4 address/);
  });

  const binary = join(cacheRoot(), 'bin', `envoy-${ENVOY_VERSION}`, 'envoy');
  test.skipIf(!existsSync(binary))(`Envoy ${ENVOY_VERSION} itself accepts it (--mode validate)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'envoy-bootstrap-'));
    try {
      const path = join(dir, 'bootstrap.json');
      writeFileSync(path, JSON.stringify(envoyBootstrap({ node: node as NonNullable<typeof node>, xds: xdsEndpoint('127.0.0.1:40123'), adminPort: 40124 })));
      const { stdout, stderr } = await run(binary, ['--mode', 'validate', '-c', path, '--disable-hot-restart', '-l', 'warning'], { timeout: 30_000 });
      expect(`${stdout}${stderr}`).toContain('configuration');
      expect(`${stdout}${stderr}`).toMatch(/OK/);
      // A broken bootstrap fails the same check: the check can fail.
      writeFileSync(
        path,
        JSON.stringify({
          ...envoyBootstrap({ node: node as NonNullable<typeof node>, xds: xdsEndpoint('127.0.0.1:1'), adminPort: 2 }),
          admin: { address: 'nowhere' },
        }),
      );
      await expect(run(binary, ['--mode', 'validate', '-c', path, '--disable-hot-restart', '-l', 'warning'], { timeout: 30_000 })).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  if (!existsSync(binary)) console.log(`[envoy bootstrap] not validated by Envoy: ${binary} is not installed (npm run build:binaries installs it)`);
});
