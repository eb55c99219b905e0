// The embedded default: real etcd, kube-apiserver and kube-controller-manager as child processes on 127.0.0.1.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ensureControlPlaneBinaries } from './binaries.js';
import { printProgress, type Progress } from '../build/goBuild.js';
import { waitForHealthy } from '../process/health.js';
import { createCredentials, type ControlPlaneCredentials } from './pki.js';
import { freePort } from '../process/ports.js';
import { removeOnExit, startProcess, type ManagedProcess } from '../process/processes.js';

export const LOCAL_CONTEXT = 'gateway-loadtest-local';

export interface RunningControlPlane {
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly server: string;
  readonly kubeConfig: KubeConfig;
  readonly logs: Record<string, string>;
  /** Every child process, in start order. */
  readonly processes: () => readonly ManagedProcess[];
  /** Stops and starts kube-apiserver on the same port and data (for fault tests). */
  restartApiServer(): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** Starts the control plane; certificates and etcd data go to a temporary directory, logs to logDir. */
export async function startControlPlane(logDir: string, progress: Progress = printProgress): Promise<RunningControlPlane> {
  const binaries = await ensureControlPlaneBinaries(progress);
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'gateway-loadtest-'));
  mkdirSync(logDir, { recursive: true });
  const removeDir = removeOnExit(dir);
  const processes: ManagedProcess[] = [];
  const stopAll = async () => {
    for (const child of [...processes].reverse()) await child.stop();
    processes.length = 0;
  };
  try {
    const credentials = await createCredentials(dir);
    const [etcdPort, etcdPeerPort, apiPort, kcmPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const logs: Record<string, string> = {};
    const launch = (name: string, binary: string, args: string[]) => {
      logs[name] = join(logDir, `${name}.log`);
      const child = startProcess({ name, binary, args, logPath: logs[name] });
      processes.push(child);
      return child;
    };

    const etcd = launch('etcd', binaries.etcd, etcdArgs(dir, etcdPort, etcdPeerPort));
    await waitForHealthy({ url: `http://127.0.0.1:${etcdPort}/health`, process: etcd, timeoutMs: START_TIMEOUT_MS });

    const server = `https://127.0.0.1:${apiPort}`;
    const ca = readFileSync(credentials.caCertPath, 'utf8');
    const adminHeaders = { authorization: `Bearer ${credentials.adminToken}` };
    const apiArgs = apiServerArgs(dir, credentials, etcdPort, apiPort);
    let apiServer = launch('kube-apiserver', binaries.kubeApiserver, apiArgs);
    const waitForApiServer = () =>
      waitForHealthy({ url: `${server}/readyz`, ca, headers: adminHeaders, process: apiServer, timeoutMs: START_TIMEOUT_MS });
    await waitForApiServer();

    const kubeconfigPath = join(dir, 'admin.kubeconfig');
    writeFileSync(kubeconfigPath, adminKubeconfig(server, ca, credentials.adminToken), { mode: 0o600 });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);

    const kcm = launch('kube-controller-manager', binaries.kubeControllerManager, controllerManagerArgs(kubeconfigPath, credentials, kcmPort));
    await waitForHealthy({ url: `https://127.0.0.1:${kcmPort}/healthz`, insecure: true, process: kcm, timeoutMs: START_TIMEOUT_MS });
    progress(`[local] control plane ready at ${server} in ${((performance.now() - started) / 1000).toFixed(1)} s (kubeconfig ${kubeconfigPath})`);

    return {
      dir,
      kubeconfigPath,
      server,
      kubeConfig,
      logs,
      processes: () => [...processes],
      async restartApiServer() {
        await apiServer.stop();
        processes.splice(processes.indexOf(apiServer), 1);
        apiServer = launch('kube-apiserver', binaries.kubeApiserver, apiArgs);
        await waitForApiServer();
      },
      async stop() {
        await stopAll();
        removeDir();
      },
    };
  } catch (error) {
    await stopAll();
    removeDir();
    throw error;
  }
}

function etcdArgs(dir: string, port: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${port}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=default',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // Throw-away data: durability costs time and measures the disk, not the controller.
    '--unsafe-no-fsync',
  ];
}

function apiServerArgs(dir: string, credentials: ControlPlaneCredentials, etcdPort: number, port: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--bind-address=127.0.0.1',
    // Machines without a default route cannot pick an advertise address themselves.
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--tls-cert-file=${credentials.servingCertPath}`,
    `--tls-private-key-file=${credentials.servingKeyPath}`,
    `--client-ca-file=${credentials.caCertPath}`,
    `--token-auth-file=${credentials.tokenFilePath}`,
    `--service-account-key-file=${credentials.serviceAccountKeyPath}`,
    `--service-account-signing-key-file=${credentials.serviceAccountKeyPath}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--authorization-mode=RBAC',
    '--service-cluster-ip-range=10.96.0.0/16',
    '--allow-privileged=true',
    // No kubelet or real endpoints here: the apiserver must not try to maintain its own Endpoints.
    '--endpoint-reconciler-type=none',
  ];
}

function controllerManagerArgs(kubeconfigPath: string, credentials: ControlPlaneCredentials, port: number): string[] {
  return [
    `--kubeconfig=${kubeconfigPath}`,
    `--authentication-kubeconfig=${kubeconfigPath}`,
    `--authorization-kubeconfig=${kubeconfigPath}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    '--leader-elect=false',
    `--service-account-private-key-file=${credentials.serviceAccountKeyPath}`,
    `--root-ca-file=${credentials.caCertPath}`,
    `--cluster-signing-cert-file=${credentials.caCertPath}`,
    `--cluster-signing-key-file=${credentials.caKeyPath}`,
  ];
}

function adminKubeconfig(server: string, ca: string, token: string): string {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: LOCAL_CONTEXT, server, caData: Buffer.from(ca).toString('base64'), skipTLSVerify: false }],
    users: [{ name: 'loadtest-admin', token }],
    contexts: [{ name: LOCAL_CONTEXT, cluster: LOCAL_CONTEXT, user: 'loadtest-admin' }],
    currentContext: LOCAL_CONTEXT,
  });
  return kubeConfig.exportConfig();
}

