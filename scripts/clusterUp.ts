// Keeps one cluster running (the local control plane with kgateway by default) until Ctrl-C or `gateway-loadtest
// cluster down`, for repeated runs and VS Code. It prints the environment that points later runs at it, and leaves a
// state file (reports/cluster-up.json) that tells `cluster down` which process to stop; the file goes with the process.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { removeOnExit } from '../framework/cluster/process/processes.js';
import { readSetting } from '../framework/config/section.js';
import { applySettings } from '../framework/config/settings.js';
import { ConfigError } from '../framework/env.js';
import { reportsSection } from '../framework/report/section.js';
import { selectProvider } from '../framework/testBed.js';
import { runIfProgram } from './entry.js';

/** What `cluster up` leaves for `cluster down`. */
export interface ClusterUpState {
  readonly pid: number;
  readonly startedAt: string;
  readonly kubeconfigPath: string;
}

export function clusterUpStatePath(cwd = process.cwd()): string {
  return join(cwd, 'reports', 'cluster-up.json');
}

export function readClusterUpState(path: string): ClusterUpState | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as ClusterUpState;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Starts the cluster and resolves only when the process is told to stop (processes.ts stops everything then). */
export async function clusterUp(): Promise<never> {
  applySettings();
  const statePath = clusterUpStatePath();
  const earlier = readClusterUpState(statePath);
  if (earlier && isRunning(earlier.pid)) {
    throw new ConfigError(`a cluster is already up (pid ${earlier.pid}, kubeconfig ${earlier.kubeconfigPath}); stop it first: gateway-loadtest cluster down`);
  }
  const logDir =
    readSetting(process.env, reportsSection.settings.logDir) ??
    join(process.cwd(), 'reports', 'logs', `cluster-up-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const cluster = await selectProvider(process.env, logDir).start();
  const d = cluster.description;
  mkdirSync(dirname(statePath), { recursive: true });
  const state: ClusterUpState = { pid: process.pid, startedAt: new Date().toISOString(), kubeconfigPath: d.kubeconfigPath };
  writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);
  removeOnExit(statePath);
  console.log(`
Cluster is up (${d.provider}): ${d.server}
  kubeconfig:   ${d.kubeconfigPath}
  context:      ${d.context}
  logs:         ${logDir}${d.controller ? `\n  controller:   ${d.controller.name} ${d.controller.version} (pid ${d.controller.pid}), metrics ${d.controller.metricsUrl}` : ''}

Run the suites against it from another terminal:
  KUBECONFIG=${d.kubeconfigPath} SKIP_INSTALL=true INSTALL_NAMESPACE=${d.installNamespace}${d.controllerMetricsUrl ? ` LOADTEST_CONTROLLER_METRICS_URL=${d.controllerMetricsUrl}` : ''} npx vitest run -t AttachedRoutesBaseline

Press Ctrl-C (or run gateway-loadtest cluster down) to stop it; everything it started is stopped and its temporary files removed.
`);
  // Keep the event loop alive until a signal arrives; processes.ts stops everything on SIGINT/SIGTERM.
  return new Promise<never>(() => setInterval(() => {}, 1 << 30));
}

/** `npm run cluster:up` and `gateway-loadtest cluster up`: runs until stopped; the exit status of a failed start. */
export async function clusterUpCommand(): Promise<number> {
  try {
    return await clusterUp();
  } catch (error) {
    process.stderr.write(`cluster up: ${(error as Error).message}\n`);
    if (error instanceof ConfigError) return 2;
    process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }
}

runIfProgram(import.meta.url, clusterUpCommand);
