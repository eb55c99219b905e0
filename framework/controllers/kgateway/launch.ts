// The real kgateway controller run as a local process against a cluster: its CRDs and no-proxy parameters
// installed, its fixed ports checked, its environment set, and ready once it has accepted its GatewayClass.

import { waitForHealthy } from '../../cluster/process/health.js';
import { freePort, portInUse } from '../../cluster/process/ports.js';
import { startProcess } from '../../cluster/process/processes.js';
import { allTrue, statusConditions } from '../../gatewayApi/conditions.js';
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import { installCrds } from '../../kube/crds.js';
import { applyAll } from '../../kube/manifests.js';
import type { KubeObject } from '../../kube/object.js';
import { waitForObjects } from '../../kube/wait.js';
import type { ControllerStartContext, StartedController } from '../controller.js';
import { buildKgateway } from './build.js';
import { kgatewayCrds } from './crds.js';
import { kgatewayKubeconfig } from './rbac.js';
import { DEFAULT_KGATEWAY_SOURCE, type KgatewaySource } from './source.js';
import { kgatewayLaunch, kgatewayValidationEnv } from './validationMode.js';

export const KGATEWAY_CLASS = 'kgateway';
/** GatewayParameters that tell kgateway to deploy no proxy (there is no kubelet to run one). */
export const SELF_MANAGED_PARAMETERS = 'loadtest-self-managed';

// kgateway v2.4.x hard-codes these listeners (pkg/kgateway/setup/setup.go, pkg/kgateway/wellknown/ports.go).
export const KGATEWAY_PORTS = { metrics: 9092, health: 9093, admin: 9095, pprof: 9099 } as const;

/**
 * Installs kgateway's CRDs, the install namespace and the self-managed GatewayParameters, starts kgateway and waits
 * until it has accepted its GatewayClass.
 */
export async function startKgateway(options: ControllerStartContext, source: KgatewaySource = DEFAULT_KGATEWAY_SOURCE): Promise<StartedController> {
  const { http, installNamespace, progress } = options;
  const busy = (
    await Promise.all(Object.entries(KGATEWAY_PORTS).map(async ([name, port]) => ((await portInUse(port, '0.0.0.0')) ? `${name} ${port}` : '')))
  ).filter(Boolean);
  if (busy.length > 0) {
    throw new Error(`kgateway needs ports it cannot change, but these are in use: ${busy.join(', ')} (is another kgateway or test run active?)`);
  }
  const built = await buildKgateway(progress, source);
  const { binary } = built;
  const crdNames = await installCrds(http, kgatewayCrds(built.moduleDir));
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

  const kubeconfig = await kgatewayKubeconfig(http, options.kubeconfigPath, installNamespace);
  progress(`[kgateway] runs as ${kubeconfig.credentials} (KGATEWAY_CREDENTIALS)`);
  const validation = kgatewayValidationEnv(process.env);
  const launch = kgatewayLaunch(binary, validation.KGW_VALIDATION_MODE, options.envoyBinary);
  if (validation.KGW_VALIDATION_MODE) progress(`[kgateway] validation ${validation.KGW_VALIDATION_MODE}; Envoy validator: ${launch.validator}`);
  const started = performance.now();
  const xdsPort = await freePort();
  // The same binary, environment and ports on a restart (ControllerRestart), so the run's addresses stay valid.
  const spawnKgateway = () =>
    startProcess({
      name: 'kgateway',
      binary: launch.binary,
      args: launch.args,
      logPath: options.logPath,
      env: {
        ...process.env,
        KUBECONFIG: kubeconfig.path,
        POD_NAMESPACE: installNamespace,
        KGW_DISABLE_LEADER_ELECTION: 'true',
        // xDS clients are identified by node.metadata.role, not a ServiceAccount token (no Pods here).
        KGW_XDS_AUTH: 'false',
        // Without it a client's node id must name a Ready Pod (pkg/kgateway/setup/setup.go, krtcollections/uniqueclients.go).
        DISABLE_POD_LOCALITY_XDS: 'true',
        // KGW_XDS_FIRST_CONNECT_DELAY stays at kgateway's default (1 s before a new stream's first answer), as in a
        // release: it delays only a stream's first request, so an observer connected before the measured phase sees
        // every later push undelayed.
        KGW_XDS_SERVICE_PORT: String(xdsPort),
        // Puts controller-runtime's rest_client_requests_total (API calls by method) on /metrics.
        KGW_ENABLE_BUILTIN_DEFAULT_METRICS: 'true',
        // kgateway creates GatewayClass "kgateway" itself; this points it at the no-proxy parameters.
        KGW_GATEWAY_CLASS_PARAMETERS_REFS: JSON.stringify({ [KGATEWAY_CLASS]: { name: SELF_MANAGED_PARAMETERS, namespace: installNamespace } }),
        // KGATEWAY_VALIDATION_MODE (validationMode.ts): STANDARD, or STRICT where an Envoy binary can validate.
        ...validation,
      },
    });
  let child = spawnKgateway();
  try {
    await waitForHealthy({ url: `http://127.0.0.1:${KGATEWAY_PORTS.health}/readyz`, process: child, timeoutMs: 120_000 });
    await waitForObjects({
      http,
      collectionPath: gatewayApiPaths.gatewayClasses,
      names: [KGATEWAY_CLASS],
      what: `GatewayClass ${KGATEWAY_CLASS} to be Accepted by kgateway`,
      timeoutMs: 120_000,
      ready: (gatewayClass) => allTrue(statusConditions(gatewayClass), 'Accepted'),
    });
  } catch (error) {
    await child.stop();
    kubeconfig.remove();
    throw error;
  }
  progress(
    `[kgateway] ${built.version} (${built.origin}) ready in ${((performance.now() - started) / 1000).toFixed(1)} s, GatewayClass ${KGATEWAY_CLASS} Accepted (log ${options.logPath})`,
  );
  const readyUrl = `http://127.0.0.1:${KGATEWAY_PORTS.health}/readyz`;
  return {
    name: 'kgateway',
    version: built.version,
    origin: built.origin,
    gatewayClassName: KGATEWAY_CLASS,
    get pid() {
      return child.pid;
    },
    logPath: child.logPath,
    metricsUrl: `http://127.0.0.1:${KGATEWAY_PORTS.metrics}/metrics`,
    xdsAddress: `127.0.0.1:${xdsPort}`,
    readyUrl,
    // Stops the process (SIGTERM, SIGKILL after 5 s) and starts it again; readiness is the caller's to measure.
    restart: async () => {
      const stopping = performance.now();
      await child.stop();
      const stopMs = performance.now() - stopping;
      child = spawnKgateway();
      return { pid: child.pid, stopMs, readyUrl };
    },
    stop: async () => {
      await child.stop();
      kubeconfig.remove();
    },
  };
}
