// The real kgateway controller, built from the Go module proxy and run as a local process against a cluster.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KGATEWAY_VERSION } from '../../versions.js';
import { installCrds } from '../../kube/crds.js';
import { downloadModule, ensureGoBinaries, requiredVersion, type GoBuildSpec, type Progress } from '../../cluster/build/goBuild.js';
import { waitForHealthy } from '../../cluster/process/health.js';
import type { KubeHttp } from '../../kube/http.js';
import { applyAll, readManifests, yamlFilesIn } from '../../kube/manifests.js';
import { freePort, portInUse } from '../../cluster/process/ports.js';
import { startProcess, type ManagedProcess } from '../../cluster/process/processes.js';
import type { ClusterDescription } from '../../cluster/provider.js';
import type { KubeObject } from '../../kube/object.js';
import { waitForObjects } from '../../kube/wait.js';

export const KGATEWAY_MODULE = 'github.com/kgateway-dev/kgateway/v2';
export const KGATEWAY_CLASS = 'kgateway';
/** GatewayParameters that tell kgateway to deploy no proxy (there is no kubelet to run one). */
export const SELF_MANAGED_PARAMETERS = 'loadtest-self-managed';

// kgateway v2.4.x hard-codes these listeners (pkg/kgateway/setup/setup.go, pkg/kgateway/wellknown/ports.go).
export const KGATEWAY_PORTS = { metrics: 9092, health: 9093, admin: 9095, pprof: 9099 } as const;

export const kgatewayBuild: GoBuildSpec = {
  key: `kgateway-${KGATEWAY_VERSION}`,
  module: KGATEWAY_MODULE,
  version: KGATEWAY_VERSION,
  // The wrapper module must keep kgateway's godebug settings, or TLS parsing differs from a release build.
  goModExtra: (goMod) => goMod.split('\n').filter((line) => line.startsWith('godebug')).join('\n'),
  binaries: [{ name: 'kgateway', pkg: `${KGATEWAY_MODULE}/cmd/kgateway` }],
  ldflags: `-s -w -X ${KGATEWAY_MODULE}/pkg/version.Version=${KGATEWAY_VERSION}`,
};

/** The Gateway API standard-channel CRDs at the version kgateway's go.mod requires. */
async function gatewayApiCrds(): Promise<{ version: string; objects: KubeObject[] }> {
  const kgateway = await downloadModule(KGATEWAY_MODULE, KGATEWAY_VERSION);
  const version = requiredVersion(readFileSync(kgateway.goMod, 'utf8'), 'sigs.k8s.io/gateway-api');
  const gatewayApi = await downloadModule('sigs.k8s.io/gateway-api', version);
  return { version, objects: readManifests(yamlFilesIn(join(gatewayApi.dir, 'config/crd/standard'))) };
}

export async function installGatewayApi(http: KubeHttp, progress: Progress): Promise<void> {
  const crds = await gatewayApiCrds();
  const names = await installCrds(http, crds.objects);
  progress(`[crds] Gateway API ${crds.version} standard channel: ${names.length} CRDs Established`);
}

/** kgateway's own CRDs (GatewayParameters, TrafficPolicy, ...) from the same module version. */
async function kgatewayCrds(): Promise<KubeObject[]> {
  const kgateway = await downloadModule(KGATEWAY_MODULE, KGATEWAY_VERSION);
  return readManifests(yamlFilesIn(join(kgateway.dir, 'install/helm/kgateway-crds/templates')));
}

export interface RunningKgateway {
  readonly process: ManagedProcess;
  readonly version: string;
  readonly metricsUrl: string;
  readonly adminUrl: string;
}

/**
 * Installs kgateway's CRDs, the install namespace and the self-managed GatewayParameters, starts kgateway and waits
 * until it has accepted its GatewayClass.
 */
export async function startKgateway(options: {
  kubeconfigPath: string;
  http: KubeHttp;
  installNamespace: string;
  logPath: string;
  progress: Progress;
}): Promise<RunningKgateway> {
  const { http, installNamespace, progress } = options;
  const busy = (await Promise.all(Object.entries(KGATEWAY_PORTS).map(async ([name, port]) => ((await portInUse(port, '0.0.0.0')) ? `${name} ${port}` : '')))).filter(Boolean);
  if (busy.length > 0) {
    throw new Error(`kgateway needs ports it cannot change, but these are in use: ${busy.join(', ')} (is another kgateway or test run active?)`);
  }
  const [built, crds] = await Promise.all([ensureGoBinaries(kgatewayBuild, progress), kgatewayCrds()]);
  const binary = built.kgateway;
  if (!binary) throw new Error('kgateway binary missing after build');
  const crdNames = await installCrds(http, crds);
  progress(`[kgateway] ${crdNames.length} kgateway CRDs Established`);

  await applyAll(http, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: installNamespace } },
    {
      apiVersion: 'gateway.kgateway.dev/v1alpha1',
      kind: 'GatewayParameters',
      metadata: { name: SELF_MANAGED_PARAMETERS, namespace: installNamespace },
      spec: { selfManaged: {} },
    } as KubeObject,
  ]);

  const started = performance.now();
  const xdsPort = await freePort();
  const child = startProcess({
    name: 'kgateway',
    binary,
    args: [],
    logPath: options.logPath,
    env: {
      ...process.env,
      KUBECONFIG: options.kubeconfigPath,
      POD_NAMESPACE: installNamespace,
      KGW_DISABLE_LEADER_ELECTION: 'true',
      KGW_XDS_AUTH: 'false',
      KGW_XDS_SERVICE_PORT: String(xdsPort),
      // Puts controller-runtime's rest_client_requests_total (API calls by method) on /metrics.
      KGW_ENABLE_BUILTIN_DEFAULT_METRICS: 'true',
      // kgateway creates GatewayClass "kgateway" itself; this points it at the no-proxy parameters.
      KGW_GATEWAY_CLASS_PARAMETERS_REFS: JSON.stringify({ [KGATEWAY_CLASS]: { name: SELF_MANAGED_PARAMETERS, namespace: installNamespace } }),
    },
  });
  try {
    await waitForHealthy({ url: `http://127.0.0.1:${KGATEWAY_PORTS.health}/readyz`, process: child, timeoutMs: 120_000 });
    await waitForObjects({
      http,
      collectionPath: '/apis/gateway.networking.k8s.io/v1/gatewayclasses',
      names: [KGATEWAY_CLASS],
      what: `GatewayClass ${KGATEWAY_CLASS} to be Accepted by kgateway`,
      timeoutMs: 120_000,
      ready: (gatewayClass) => hasCondition(gatewayClass, 'Accepted', 'True'),
    });
  } catch (error) {
    await child.stop();
    throw error;
  }
  progress(`[kgateway] ${KGATEWAY_VERSION} ready in ${((performance.now() - started) / 1000).toFixed(1)} s, GatewayClass ${KGATEWAY_CLASS} Accepted (log ${options.logPath})`);
  return {
    process: child,
    version: KGATEWAY_VERSION,
    metricsUrl: `http://127.0.0.1:${KGATEWAY_PORTS.metrics}/metrics`,
    adminUrl: `http://127.0.0.1:${KGATEWAY_PORTS.admin}`,
  };
}

export function describeKgateway(kgateway: RunningKgateway): NonNullable<ClusterDescription['controller']> {
  return {
    name: 'kgateway',
    version: kgateway.version,
    pid: kgateway.process.pid,
    logPath: kgateway.process.logPath,
    metricsUrl: kgateway.metricsUrl,
  };
}

export function hasCondition(object: KubeObject, type: string, status: string): boolean {
  const conditions = (object.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((condition) => condition.type === type && condition.status === status);
}
