// Traefik v3 as the controller under test: one process that is both the Gateway API controller and the proxy.
// So, unlike kgateway here, the route-ready figure is a real HTTP answer from the controller's own data plane.
import { readFileSync } from 'node:fs';
import { ensureGoBinaries } from '../../cluster/build/goBuild.js';
import type { Progress } from '../../cluster/build/progress.js';
import { waitForHealthy } from '../../cluster/process/health.js';
import { freePort, portInUse } from '../../cluster/process/ports.js';
import { type ManagedProcess, startProcess } from '../../cluster/process/processes.js';
import type { KubeHttp } from '../../kube/http.js';
import { applyAll } from '../../kube/manifests.js';
import type { KubeObject } from '../../kube/object.js';
import { waitForObjects } from '../../kube/wait.js';
import { TRAEFIK_VERSION, traefikBuild } from './build.js';
import { traefikFlags } from './flags.js';

/** The controllerName Traefik handles (pkg/provider/kubernetes/gateway: controllerName). */
export const TRAEFIK_CONTROLLER_NAME = 'traefik.io/gateway-controller';
export const TRAEFIK_CLASS = 'traefik';
/** The proxy listens on loopback only: nothing outside this machine needs it. */
const HOST = '127.0.0.1';

export function traefikGatewayClass(name = TRAEFIK_CLASS): KubeObject & { spec: { controllerName: string } } {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name },
    spec: { controllerName: TRAEFIK_CONTROLLER_NAME },
  };
}

export interface RunningTraefik {
  readonly process: ManagedProcess;
  readonly version: string;
  readonly gatewayClassName: string;
  /** The Gateway listener's port, served by Traefik's "web" entry point. */
  readonly listenerPort: number;
  /** Base URL of the proxy: the suite's HTTP probe sends the routes' hosts and paths here. */
  readonly dataPlaneUrl: string;
  readonly metricsUrl: string;
  readonly pingUrl: string;
}

/** Ports below ip_unprivileged_port_start need root or CAP_NET_BIND_SERVICE. */
function canBind(port: number): boolean {
  if (process.getuid?.() === 0) return true;
  try {
    return port >= Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
  } catch {
    return port >= 1024;
  }
}

/**
 * Creates the GatewayClass, starts Traefik against the cluster of `kubeconfigPath` and waits until it answers /ping
 * and has Accepted its GatewayClass. `listenerPort` must be the port of the test Gateway's HTTP listener.
 */
export async function startTraefik(options: {
  kubeconfigPath: string;
  http: KubeHttp;
  logPath: string;
  progress: Progress;
  listenerPort: number;
}): Promise<RunningTraefik> {
  const { http, listenerPort, progress } = options;
  if (!canBind(listenerPort)) {
    throw new Error(`Traefik must listen on the Gateway listener's port ${listenerPort}, which needs root or CAP_NET_BIND_SERVICE here`);
  }
  if (await portInUse(listenerPort, HOST)) {
    throw new Error(`Traefik must listen on ${HOST}:${listenerPort} (the Gateway listener's port), but it is in use (is another Traefik running?)`);
  }
  const built = await ensureGoBinaries(traefikBuild, progress);
  const binary = built.traefik;
  if (!binary) throw new Error('traefik binary missing after build');
  await applyAll(http, [traefikGatewayClass()]);
  await resetGatewayClassStatus(http);

  const started = performance.now();
  const internalPort = await freePort();
  const child = startProcess({
    name: 'traefik',
    binary,
    args: traefikFlags({ web: { host: HOST, port: listenerPort }, internal: { host: HOST, port: internalPort } }),
    logPath: options.logPath,
    // The Gateway provider reads KUBECONFIG; without KUBERNETES_SERVICE_HOST it does not try the in-cluster config.
    env: { ...process.env, KUBECONFIG: options.kubeconfigPath, KUBERNETES_SERVICE_HOST: '', KUBERNETES_SERVICE_PORT: '' },
  });
  const pingUrl = `http://${HOST}:${internalPort}/ping`;
  try {
    await waitForHealthy({ url: pingUrl, process: child, timeoutMs: 60_000 });
    await waitForObjects({
      http,
      collectionPath: '/apis/gateway.networking.k8s.io/v1/gatewayclasses',
      names: [TRAEFIK_CLASS],
      what: `GatewayClass ${TRAEFIK_CLASS} to be Accepted by Traefik`,
      timeoutMs: 60_000,
      ready: (gatewayClass) => conditionTrue(gatewayClass, 'Accepted'),
    });
  } catch (error) {
    await child.stop();
    throw error;
  }
  progress(
    `[traefik] ${TRAEFIK_VERSION} ready in ${((performance.now() - started) / 1000).toFixed(1)} s, GatewayClass ${TRAEFIK_CLASS} Accepted, proxy on ${HOST}:${listenerPort} (log ${options.logPath})`,
  );
  return {
    process: child,
    version: TRAEFIK_VERSION,
    gatewayClassName: TRAEFIK_CLASS,
    listenerPort,
    dataPlaneUrl: `http://${HOST}:${listenerPort}`,
    metricsUrl: `http://${HOST}:${internalPort}/metrics`,
    pingUrl,
  };
}

/**
 * A GatewayClass left Accepted by an earlier Traefik would make the readiness wait below pass at once. Setting it
 * back to the CRD's default (Unknown, "Waiting for controller") means Accepted=True is this process's own write.
 */
async function resetGatewayClassStatus(http: KubeHttp): Promise<void> {
  const path = `/apis/gateway.networking.k8s.io/v1/gatewayclasses/${TRAEFIK_CLASS}`;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await http.mergePatchStatus(path, {
    status: { conditions: [{ type: 'Accepted', status: 'Unknown', reason: 'Pending', message: 'Waiting for controller', lastTransitionTime: now }] },
  });
}

function conditionTrue(object: KubeObject, type: string): boolean {
  const conditions = (object.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((condition) => condition.type === type && condition.status === 'True');
}
