// istiod's control plane (pilot-discovery) run as a local process against a cluster: Istio's CRDs and its install
// namespace, a mesh config file, every listener on a free loopback port, and ready once /ready answers and the
// GatewayClass it creates is Accepted. No CA, no webhooks, no gateway deployments: there is no kubelet to run a proxy.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGoBinaries } from '../../cluster/build/goBuild.js';
import { waitForHealthy } from '../../cluster/process/health.js';
import { freePort } from '../../cluster/process/ports.js';
import { startProcess } from '../../cluster/process/processes.js';
import { allTrue, statusConditions } from '../../gatewayApi/conditions.js';
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import { installCrds } from '../../kube/crds.js';
import { applyAll } from '../../kube/manifests.js';
import { waitForObjects } from '../../kube/wait.js';
import type { ControllerStartContext, StartedController } from '../controller.js';
import { ISTIO_MODULE, ISTIO_MODULE_VERSION, ISTIO_VERSION, istioBuild } from './build.js';
import { istioCrds } from './crds.js';

/** The GatewayClass istiod creates and claims (PILOT_ENABLE_GATEWAY_API_GATEWAYCLASS_CONTROLLER, on by default). */
export const ISTIO_CLASS = 'istio';
const HOST = '127.0.0.1';

// ingressControllerMode OFF: istiod does not also translate Kubernetes Ingress objects.
const MESH_CONFIG = 'ingressControllerMode: "OFF"\n';

/** pilot-discovery's flags: the run's kubeconfig, a mesh config file, loopback listeners, no TLS listeners. */
export function istioFlags(options: { kubeconfigPath: string; meshConfigPath: string; namespace: string; ports: IstioPorts }): string[] {
  const { ports } = options;
  return [
    'discovery',
    `--kubeconfig=${options.kubeconfigPath}`,
    `--meshConfig=${options.meshConfigPath}`,
    `--namespace=${options.namespace}`,
    // /ready, debug endpoints.
    `--httpAddr=${HOST}:${ports.http}`,
    // Plain-text xDS: what the observer connects to.
    `--grpcAddr=${HOST}:${ports.grpc}`,
    // /metrics.
    `--monitoringAddr=${HOST}:${ports.monitoring}`,
    // No TLS xDS and no webhook server: both need the certificates of a CA that is off.
    '--secureGRPCAddr=',
    '--httpsAddr=',
    // Stop in about a second (default 10 s of draining; nothing to drain in a test).
    '--shutdownDuration=1s',
  ];
}

export interface IstioPorts {
  readonly http: number;
  readonly grpc: number;
  readonly monitoring: number;
}

/** Environment of pilot-discovery (pilot/pkg/features): what is off, and why. */
export const ISTIO_ENV = {
  // No certificates: no CA server, no istiod DNS certificate (PILOT_CERT_PROVIDER other than istiod/k8s: none loaded).
  ENABLE_CA_SERVER: 'false',
  PILOT_CERT_PROVIDER: 'none',
  // One istiod: it writes status without a lease.
  ENABLE_LEADER_ELECTION: 'false',
  // No proxy Deployment and Service per Gateway: nothing could run the Deployment (the run creates the Service).
  PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER: 'false',
} as const;

export async function startIstio(options: ControllerStartContext): Promise<StartedController> {
  const { http, installNamespace, progress } = options;
  const binary = (await ensureGoBinaries(istioBuild, progress))['pilot-discovery'];
  if (!binary) throw new Error('pilot-discovery binary missing after build');
  const crdNames = await installCrds(http, await istioCrds());
  progress(`[istio] ${crdNames.length} Istio CRDs Established`);
  await applyAll(http, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: installNamespace } }]);

  const dir = mkdtempSync(join(tmpdir(), 'istio-mesh-'));
  const meshConfigPath = join(dir, 'mesh.yaml');
  writeFileSync(meshConfigPath, MESH_CONFIG);
  const ports: IstioPorts = { http: await freePort(), grpc: await freePort(), monitoring: await freePort() };
  const started = performance.now();
  const child = startProcess({
    name: 'pilot-discovery',
    binary,
    args: istioFlags({ kubeconfigPath: options.kubeconfigPath, meshConfigPath, namespace: installNamespace, ports }),
    logPath: options.logPath,
    env: { ...process.env, ...ISTIO_ENV, POD_NAMESPACE: installNamespace, KUBERNETES_SERVICE_HOST: '', KUBERNETES_SERVICE_PORT: '' },
  });
  const cleanUp = async () => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHealthy({ url: `http://${HOST}:${ports.http}/ready`, process: child, timeoutMs: 120_000 });
    await waitForObjects({
      http,
      collectionPath: gatewayApiPaths.gatewayClasses,
      names: [ISTIO_CLASS],
      what: `GatewayClass ${ISTIO_CLASS} to be created and Accepted by istiod`,
      timeoutMs: 120_000,
      ready: (gatewayClass) => allTrue(statusConditions(gatewayClass), 'Accepted'),
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  progress(
    `[istio] pilot-discovery ${ISTIO_VERSION} ready in ${((performance.now() - started) / 1000).toFixed(1)} s, GatewayClass ${ISTIO_CLASS} Accepted, xDS on ${HOST}:${ports.grpc} (log ${options.logPath})`,
  );
  return {
    name: 'istio',
    version: ISTIO_VERSION,
    origin: `Go module proxy: ${ISTIO_MODULE}@${ISTIO_MODULE_VERSION} (pilot/cmd/pilot-discovery, built from a copy of its tree)`,
    gatewayClassName: ISTIO_CLASS,
    pid: child.pid,
    logPath: child.logPath,
    metricsUrl: `http://${HOST}:${ports.monitoring}/metrics`,
    xdsAddress: `${HOST}:${ports.grpc}`,
    stop: cleanUp,
  };
}
