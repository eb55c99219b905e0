// gateway-api-bench's attached-routes program (tests/attachedroutes in howardjohn/gateway-api-bench), built by the user
// from its public source and run unmodified: started against the cluster's kubeconfig with --gateways=<ns>/<name>
// --routes=N, its log kept, and its result line read. It creates its apps in the namespace `mesh` (and one fake Node)
// and deletes them itself; this module never touches them.
import { accessSync, constants, readFileSync, rmSync, statSync } from 'node:fs';
import { startProcess } from '../cluster/process/processes.js';
import { ConfigError } from '../env.js';

/** The namespace the program's pilot-load simulation creates its apps in (its cfgTemplate). */
export const PEER_NAMESPACE = 'mesh';

/** What the program printed: its three figures and its creation time, as it measured them. */
export interface PeerFigures {
  /** `add-all`: the first Gateway event with attachedRoutes = N, minus the time all apps were created. */
  readonly setupMs: number;
  /** `remove-all`: the event showing N (its deletes start) -> its last Gateway event. */
  readonly teardownMs: number;
  /** `writes`: its Gateway informer's events after the first. */
  readonly writes: number;
  /** `ready time`: its clock start -> all apps created. */
  readonly createMs?: number;
}

/** A path to an executable file, checked before any cluster starts. */
export function checkPeerBinary(path: string | undefined): string {
  if (!path) throw new ConfigError('--peer: the path of a gateway-api-bench attached-routes binary you built (see docs/gateway-api-bench.md) is needed');
  try {
    if (!statSync(path).isFile()) throw new ConfigError(`--peer ${path}: not a file`);
    accessSync(path, constants.X_OK);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`--peer ${path}: not an executable file (${(error as Error).message})`);
  }
  return path;
}

const UNITS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, µs: 1e-3, ns: 1e-6 };

/** A Go time.Duration as String() prints it (1m2.5s, 350.2ms, 0s) in milliseconds; NaN if it is not one. */
export function parseGoDuration(text: string): number {
  if (text === '0s' || text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text.replace(/^-/, '')) return Number.NaN;
  const ms = parts.reduce((sum, [, value, unit]) => sum + Number(value) * (UNITS[unit as string] ?? Number.NaN), 0);
  return text.startsWith('-') ? -ms : ms;
}

/**
 * The figures from the program's log: its line `complete name=<ns/name> add-all=<d> remove-all=<d> writes=<n>` for
 * `gateway`, and `Test complete ready time=<d> ...`; undefined if it printed no complete line for that Gateway.
 */
export function parsePeerLog(log: string, gateway: string): PeerFigures | undefined {
  const lines = log.split('\n');
  const at = lines.findIndex((l) => /\bcomplete\b/.test(l) && l.includes(`name=${gateway}`) && l.includes('add-all='));
  const line = lines[at];
  if (!line) return undefined;
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(line)?.[1];
  const setupMs = parseGoDuration(field('add-all') ?? '');
  const teardownMs = parseGoDuration(field('remove-all') ?? '');
  const writes = Number(field('writes'));
  if (![setupMs, teardownMs, writes].every(Number.isFinite)) return undefined;
  // Its summary line comes just before the complete lines of the same run.
  const summary = lines
    .slice(0, at)
    .reverse()
    .find((l) => l.includes('ready time='));
  const ready = summary === undefined ? undefined : /ready time=(\S+)/.exec(summary)?.[1];
  const createMs = ready === undefined ? Number.NaN : parseGoDuration(ready);
  return { setupMs, teardownMs, writes, ...(Number.isFinite(createMs) ? { createMs } : {}) };
}

/**
 * Runs the program once against `kubeconfig` (its current context) for `gateway` (ns/name) and `routes` apps, its
 * output to `logPath`; stopped (SIGTERM: it then deletes what it created) if it has not finished after `timeoutMs`.
 */
export async function runPeer(options: {
  readonly binary: string;
  readonly kubeconfig: string;
  readonly gateway: string;
  readonly routes: number;
  readonly logPath: string;
  readonly timeoutMs: number;
}): Promise<PeerFigures> {
  const { binary, kubeconfig, gateway, routes, logPath, timeoutMs } = options;
  // A fresh log: the figures are read from it, and an older run's lines must not be among them.
  rmSync(logPath, { force: true });
  const peer = startProcess({
    name: 'gateway-api-bench attachedroutes',
    binary,
    args: [`--gateways=${gateway}`, `--routes=${routes}`, `--kubeconfig=${kubeconfig}`],
    logPath,
    env: { ...process.env, KUBECONFIG: kubeconfig },
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void peer.stop(60_000);
  }, timeoutMs);
  const exit = await peer.exited.finally(() => clearTimeout(timer));
  const log = readFileSync(logPath, 'utf8');
  const figures = parsePeerLog(log, gateway);
  if (timedOut) throw new Error(`gateway-api-bench's program did not finish within ${timeoutMs} ms (stopped); its log ${logPath} ends:\n${peer.logTail(15)}`);
  if (exit !== 'exit code 0' || !figures) {
    throw new Error(`gateway-api-bench's program ended with ${exit}${figures ? '' : ' and no "complete" line'}; its log ${logPath} ends:\n${peer.logTail(15)}`);
  }
  return figures;
}
