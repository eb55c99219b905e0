// The embedded default: real etcd, kube-apiserver and kube-controller-manager as child processes on 127.0.0.1.
// Like envtest's ControlPlane: a failed start stops what already started, and stop() gathers every error.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenKubeconfig } from '../../kube/kubeconfig.js';
import { type Progress, printProgress } from '../build/progress.js';
import { freePort } from '../process/ports.js';
import type { ManagedProcess } from '../process/processes.js';
import { removeOnExit } from '../process/processes.js';
import { ApiServer } from './apiServer.js';
import { ensureControlPlaneBinaries } from './binaries.js';
import type { LocalComponent } from './component.js';
import { ControllerManager } from './controllerManager.js';
import { Etcd } from './etcd.js';
import { ensureKwokBinaries, KubeScheduler, Kwok } from './kwok.js';
import { createCredentials } from './pki.js';

export const LOCAL_CONTEXT = 'gateway-loadtest-local';

export interface RunningControlPlane {
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly server: string;
  readonly logs: Record<string, string>;
  /** Every running child process, in start order. */
  processes(): readonly ManagedProcess[];
  /** Stops and starts kube-apiserver on the same port and data (for fault tests). */
  restartApiServer(): Promise<void>;
  stop(): Promise<void>;
}

/** Stops the components in reverse order; every failure is reported, none stops the others from stopping. */
async function stopAll(components: readonly LocalComponent[]): Promise<void> {
  const errors: unknown[] = [];
  for (const component of [...components].reverse()) await component.stop().catch((error: unknown) => errors.push(error));
  if (errors.length > 0) throw new AggregateError(errors, `stopping the local control plane: ${errors.map((e) => (e as Error).message).join('; ')}`);
}

/** Flag adjustments by component name (etcd, kube-apiserver, kube-controller-manager), as envtest's Configure(). */
export type ConfigureFlags = Readonly<Record<string, (args: string[]) => string[]>>;

/**
 * kube-controller-manager's client limits with KWOK: its Deployment, ReplicaSet and EndpointSlice controllers write
 * thousands of pods and slices, which client-go's default 20 requests per second would stretch over minutes.
 */
const KWOK_CONTROLLER_MANAGER_FLAGS = ['--kube-api-qps=200', '--kube-api-burst=400'];

/**
 * Starts the control plane; certificates and etcd data go to a temporary directory, logs to logDir. With `kwok`, also
 * kube-scheduler and KWOK (kwok.ts), so that pods of Deployments are scheduled onto fake Nodes and become Ready.
 */
export async function startControlPlane(
  logDir: string,
  progress: Progress = printProgress,
  configure: ConfigureFlags = {},
  options: { readonly kwok?: boolean } = {},
): Promise<RunningControlPlane> {
  const binaries = await ensureControlPlaneBinaries(progress);
  const dir = mkdtempSync(join(tmpdir(), 'gateway-loadtest-'));
  const removeDir = removeOnExit(dir);
  const kwokBinaries = options.kwok
    ? await ensureKwokBinaries(dir, progress).catch((error: unknown) => {
        removeDir();
        throw error;
      })
    : undefined;
  const started = performance.now();
  mkdirSync(logDir, { recursive: true });
  const components: LocalComponent[] = [];
  try {
    const credentials = await createCredentials(dir);
    const ca = readFileSync(credentials.caCertPath, 'utf8');
    const [etcdPort, etcdPeerPort, apiPort, kcmPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const etcd = new Etcd(binaries.etcd, logDir, dir, etcdPort, etcdPeerPort);
    const apiServer = new ApiServer(binaries.kubeApiserver, logDir, dir, { ...credentials, ca }, etcd.clientUrl, apiPort);
    const kubeconfigPath = join(dir, 'admin.kubeconfig');
    const controllerManager = new ControllerManager(binaries.kubeControllerManager, logDir, kubeconfigPath, credentials, kcmPort);
    for (const component of [etcd, apiServer, controllerManager]) component.configure = configure[component.name] ?? component.configure;
    if (kwokBinaries && !configure[controllerManager.name]) controllerManager.configure = (args) => [...args, ...KWOK_CONTROLLER_MANAGER_FLAGS];
    for (const component of [etcd, apiServer]) {
      components.push(component);
      await component.start();
    }
    const kubeconfig = tokenKubeconfig({ context: LOCAL_CONTEXT, server: apiServer.server, ca, user: 'loadtest-admin', token: credentials.adminToken });
    writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
    components.push(controllerManager);
    await controllerManager.start();
    if (kwokBinaries) {
      const [schedulerPort, kwokPort] = await Promise.all([freePort(), freePort()]);
      const scheduler = new KubeScheduler(kwokBinaries.kubeScheduler, logDir, kubeconfigPath, schedulerPort);
      const kwok = new Kwok(kwokBinaries.kwok, logDir, kubeconfigPath, kwokBinaries.stagesPath, kwokPort);
      for (const component of [scheduler, kwok]) {
        component.configure = configure[component.name] ?? component.configure;
        components.push(component);
        await component.start();
      }
    }
    const withKwok = kwokBinaries ? ', with kube-scheduler and KWOK' : '';
    progress(
      `[local] control plane ready at ${apiServer.server}${withKwok} in ${((performance.now() - started) / 1000).toFixed(1)} s (kubeconfig ${kubeconfigPath})`,
    );

    return {
      dir,
      kubeconfigPath,
      server: apiServer.server,
      logs: Object.fromEntries(components.map((c) => [c.name, c.logPath])),
      processes: () => components.filter((c) => c.isRunning).map((c) => c.process),
      async restartApiServer() {
        await apiServer.stop();
        await apiServer.start();
      },
      async stop() {
        try {
          await stopAll(components);
        } finally {
          removeDir();
        }
      },
    };
  } catch (error) {
    await stopAll(components).catch(() => {});
    removeDir();
    throw error;
  }
}
