// The line `npm run cluster:up` prints: read back by the existing-cluster provider's settings, it gives a later run
// every address the embedded run had (metrics, xDS, data plane), and its command loads the cluster tests only.
import { describe, expect, test } from 'vitest';
import type { ClusterDescription } from '../../framework/cluster/provider.js';
import { REUSE_COMMAND, reuseEnvironment, reuseExports, reuseLine } from '../../framework/cluster/reuse.js';
import { readClusterSettings } from '../../framework/cluster/settings.js';

const LOCAL: ClusterDescription = {
  provider: 'local',
  kubeconfigPath: '/tmp/gateway-loadtest-abc/kubeconfig',
  context: 'gateway-loadtest-local',
  server: 'https://127.0.0.1:40123',
  installNamespace: 'kgateway-system',
  gatewayClassName: 'kgateway',
  capabilities: { canRunFakeNodes: true },
  controllerMetricsUrl: 'http://127.0.0.1:9092/metrics',
  xdsAddress: '127.0.0.1:9977',
  logs: {},
};

describe('reusing a kept cluster', () => {
  test('the settings read back as the existing provider with the same metrics and xDS addresses', () => {
    const settings = readClusterSettings(reuseEnvironment(LOCAL), 'kgateway-system');
    expect(settings).toMatchObject({
      provider: 'existing',
      kubeconfig: LOCAL.kubeconfigPath,
      skipInstall: true,
      installNamespace: 'kgateway-system',
      gatewayClassName: 'kgateway',
      controllerMetricsUrl: LOCAL.controllerMetricsUrl,
      xdsAddress: LOCAL.xdsAddress,
    });
    expect(settings.dataPlaneUrl).toBeUndefined();
    // A controller that is its own data plane (Traefik) passes its URL on too.
    expect(reuseEnvironment({ ...LOCAL, dataPlaneUrl: 'http://127.0.0.1:80' }).LOADTEST_DATA_PLANE_URL).toBe('http://127.0.0.1:80');
  });

  test('the command selects the cluster project and the Attached Routes file, and odd paths are quoted', () => {
    expect(REUSE_COMMAND).toContain('--project cluster suites/attachedRoutes.test.ts');
    const line = reuseLine({ ...LOCAL, kubeconfigPath: "/tmp/it's here/kubeconfig" });
    expect(line).toContain(`KUBECONFIG='/tmp/it'\\''s here/kubeconfig'`);
    expect(line).toContain('LOADTEST_XDS_ADDRESS=127.0.0.1:9977');
    expect(line.endsWith(REUSE_COMMAND)).toBe(true);
    expect(reuseExports(LOCAL)).toContain('export LOADTEST_XDS_ADDRESS=127.0.0.1:9977\n');
  });
});
