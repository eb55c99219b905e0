// The harness's own performance, side by side against one local API server (not a timed test):
// route creation throughput (harness vs. a plain undici client), watch-detection delay, the harness's memory and
// CPU while holding 5,000 routes, and the calibration error. Prints a table and writes reports/bench-<time>.json.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import pLimit from 'p-limit';
import { Pool } from 'undici';
import { calibrationErrors, runCalibration } from '../fixtures/calibrationRun.js';
import type { HoldRequest, HoldResult } from '../fixtures/holdRoutes.js';
import { LocalProvider } from '../framework/cluster/providers/local.js';
import { KubeHttp } from '../framework/kube/http.js';
import { resolveConnection } from '../framework/kube/kubeconfig.js';
import { withRetry } from '../framework/kube/retry.js';
import { CollectionWatch } from '../framework/kube/watch.js';
import { cpuSeconds as processCpuSeconds } from '../framework/measure/procfs.js';
import { quantile } from '../framework/measure/quantiles.js';
import { appNamespaceOf } from '../framework/run/context.js';
import { RUN_LABEL, runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';

const ROUTES = Number(process.env.BENCH_ROUTES ?? 2000);
const CONCURRENCY = Number(process.env.LOADTEST_CONCURRENCY ?? 16);
const log = (line: string) => process.stderr.write(`${line}\n`);
const runId = newRunId();
const API = '/apis/gateway.networking.k8s.io/v1';

const cluster = await new LocalProvider({ installNamespace: 'kgateway-system', skipInstall: true, logDir: join('reports', 'logs', `bench-${runId}`) }).start();
const connection = await resolveConnection(cluster.description);
const http = KubeHttp.fromConnection(connection);
const pids = Object.fromEntries(cluster.controlPlane.processes().map((p) => [p.name, p.pid]));

/** CPU seconds a process has used so far (utime + stime from /proc). */
function cpuSeconds(pid: number): number {
  const seconds = processCpuSeconds(pid);
  if (seconds === undefined) throw new Error(`process ${pid} is gone`);
  return seconds;
}
const ownCpu = () => (process.cpuUsage().user + process.cpuUsage().system) / 1e6;

/**
 * Runs the Attached Routes test at `routes` in a child process of its own (fixtures/holdRoutes.ts), against a
 * calibration controller in another: the child's memory and CPU are the harness's alone.
 */
async function holdRoutes(routes: number): Promise<HoldResult> {
  const holdId = newRunId();
  const className = `calibration-${holdId}`;
  const { description } = cluster;
  const args = [
    '--import',
    'tsx',
    fileURLToPath(new URL('../fixtures/runCalibrationController.ts', import.meta.url)),
    description.kubeconfigPath,
    description.context,
    className,
    appNamespaceOf(holdId),
    '0',
    holdId,
  ];
  const controller = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let harness: ChildProcess | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      controller.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      controller.once('exit', (code) => reject(new Error(`calibration controller exited (${code})`)));
    });
    const child = fork(fileURLToPath(new URL('../fixtures/holdRoutes.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    harness = child;
    const request: HoldRequest = { connection, cluster: description, routes, runId: holdId, className };
    child.send(request);
    const reply = await new Promise<{ result?: HoldResult; error?: string }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { result?: HoldResult; error?: string }));
      child.once('exit', (code) => reject(new Error(`harness process exited (${code}) without a result`)));
    });
    if (!reply.result) throw new Error(`harness process failed: ${reply.error}`);
    return reply.result;
  } finally {
    harness?.kill('SIGTERM');
    controller.kill('SIGTERM');
  }
}

function route(name: string) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, labels: runLabels(runId) },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }] },
  };
}

async function namespace(name: string): Promise<string> {
  await http.create('/api/v1/namespaces', { metadata: { name, labels: runLabels(runId) } });
  return name;
}

interface Throughput {
  perSecond: number;
  cores: Record<string, number>;
}

/** Runs `create` for ROUTES routes and reports routes/s and the cores each process used meanwhile. */
async function measureCreation(create: (i: number) => Promise<unknown>): Promise<Throughput> {
  const before = { apiserver: cpuSeconds(pids['kube-apiserver'] ?? 0), etcd: cpuSeconds(pids.etcd ?? 0), harness: ownCpu() };
  const started = performance.now();
  await Promise.all(Array.from({ length: ROUTES }, (_, i) => create(i)));
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: ROUTES / seconds,
    cores: {
      'kube-apiserver': (cpuSeconds(pids['kube-apiserver'] ?? 0) - before.apiserver) / seconds,
      etcd: (cpuSeconds(pids.etcd ?? 0) - before.etcd) / seconds,
      harness: (ownCpu() - before.harness) / seconds,
    },
  };
}

try {
  // 0. The harness alone holding 5,000 routes, with the calibration controller in a process of its own.
  log('[bench] 5,000 routes held by the harness; the calibration controller (delay 0 ms) runs in its own process');
  const held = await holdRoutes(5000);

  // 1. Route creation: plain undici POSTs, then the harness's path (p-limit + retry + KubeHttp), after a warm-up.
  const warmup = await namespace(`${runId}-warmup`);
  await measureCreation((i) => http.create(`${API}/namespaces/${warmup}/httproutes`, route(`w-${i}`)));
  // By concurrency (requests in flight, and as many connections).
  const plain: Record<number, Throughput> = {};
  const harnessRuns: Record<number, Throughput> = {};
  const faster = (a: Throughput | undefined, b: Throughput) => (a && a.perSecond > b.perSecond ? a : b);
  // Two rounds, best of each, the harness first in one and last in the other: the API server's speed drifts as it
  // warms up and fills, so a fixed order would favour one side. Both sides run at the suite's concurrency and at 64.
  const concurrencies = [...new Set([CONCURRENCY, 64])];
  const harnessRound = async (round: number) => {
    for (const concurrency of concurrencies) {
      const harnessNs = await namespace(`${runId}-harness-${concurrency}-${round}`);
      const client = KubeHttp.fromConnection(connection, concurrency);
      const limit = pLimit(concurrency);
      log(`[bench] round ${round}: ${ROUTES} routes through the harness (concurrency ${concurrency})`);
      harnessRuns[concurrency] = faster(
        harnessRuns[concurrency],
        await measureCreation((i) => limit(() => withRetry('create', () => client.create(`${API}/namespaces/${harnessNs}/httproutes`, route(`r-${i}`))))),
      );
      await client.close();
    }
  };
  for (const round of [1, 2]) {
    if (round === 1) await harnessRound(round);
    for (const connections of concurrencies) {
      const ns = await namespace(`${runId}-plain-${connections}-${round}`);
      const pool = new Pool(connection.server, { connections, connect: { ca: connection.ca } });
      const headers = { ...connection.headers, 'content-type': 'application/json' };
      log(`[bench] round ${round}: ${ROUTES} routes with plain undici POSTs over ${connections} connections`);
      const inFlight = pLimit(connections);
      plain[connections] = faster(
        plain[connections],
        await measureCreation((i) =>
          inFlight(async () => {
            const response = await pool.request({ method: 'POST', path: `${API}/namespaces/${ns}/httproutes`, headers, body: JSON.stringify(route(`r-${i}`)) });
            await response.body.dump();
            if (response.statusCode !== 201) throw new Error(`HTTP ${response.statusCode}`);
          }),
        ),
      );
      await pool.close();
    }
    if (round === 2) await harnessRound(round);
  }
  const fastestPlain = Math.max(...Object.values(plain).map((p) => p.perSecond));
  const fastestHarness = Math.max(...Object.values(harnessRuns).map((p) => p.perSecond));

  // 2. Watch-detection delay: a status write, then the watch event that reports it.
  log('[bench] watch-detection delay over 200 status writes');
  const watchNs = await namespace(`${runId}-watch`);
  await http.create(`${API}/namespaces/${watchNs}/httproutes`, route('watched'));
  const seen = new Map<string, number>();
  const watch = new CollectionWatch<{ status?: { parents?: { controllerName: string }[] } }>(
    http,
    `${API}/namespaces/${watchNs}/httproutes`,
    `${RUN_LABEL}=${runId}`,
    (event) => {
      const marker = event.object.status?.parents?.[0]?.controllerName;
      if (marker && !seen.has(marker)) seen.set(marker, event.at);
    },
  );
  await watch.start();
  const fromReturn: number[] = [];
  const fromSend: number[] = [];
  for (let i = 0; i < 200; i++) {
    const marker = `example.com/bench-${i}`;
    const sent = performance.now();
    await http.mergePatchStatus(`${API}/namespaces/${watchNs}/httproutes/watched`, {
      status: {
        parents: [
          {
            parentRef: { name: 'gw' },
            controllerName: marker,
            conditions: [
              { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'bench', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
            ],
          },
        ],
      },
    });
    const returned = performance.now();
    while (!seen.has(marker)) await new Promise((resolve) => setImmediate(resolve));
    fromSend.push((seen.get(marker) ?? 0) - sent);
    fromReturn.push((seen.get(marker) ?? 0) - returned);
  }
  watch.stop();

  // 3. Calibration error, with the calibration controller in a process of its own (fixtures/calibrationProcess.ts).
  log('[bench] calibration, delay 0 ms, 1,000 routes, 10 samples; delay 50 ms, 1,000 routes, 20 samples');
  const calibrate = (delayMs: number, samples: number) =>
    runCalibration({ cluster: cluster.description, connection, http, delays: { routeMs: delayMs, gatewayMs: delayMs }, routes: 1000, samples });
  const big = await calibrate(0, 10);
  const small = await calibrate(50, 20);
  for (const run of [big, small]) if (run.controllerErrors.length > 0) throw new Error(`calibration controller errors: ${run.controllerErrors.join('; ')}`);
  const errors = [big, small].map((run) => calibrationErrors(run.samples));
  const setupErrors = errors.flatMap((e) => e.setupMs);
  const teardownErrors = errors.flatMap((e) => e.teardownMs);

  const p = (values: number[], q: number) => quantile(values, q).toFixed(2);
  const cores = (t: Throughput) =>
    Object.entries(t.cores)
      .map(([name, c]) => `${name} ${c.toFixed(2)}`)
      .join(', ');
  const rows: [string, string][] = [
    ...Object.entries(harnessRuns).map(([n, t]): [string, string] => [
      `harness, concurrency ${n} (${ROUTES} routes, best of 2)`,
      `${t.perSecond.toFixed(0)} routes/s (cores: ${cores(t)})`,
    ]),
    ...Object.entries(plain).map(([n, t]): [string, string] => [
      `plain undici, ${n} connections (best of 2)`,
      `${t.perSecond.toFixed(0)} routes/s (cores: ${cores(t)})`,
    ]),
    ['fastest harness / fastest plain', `${(fastestHarness / fastestPlain).toFixed(2)} (goal >= 0.9)`],
    [
      `harness / plain, both at concurrency ${CONCURRENCY}`,
      `${((harnessRuns[CONCURRENCY]?.perSecond ?? Number.NaN) / (plain[CONCURRENCY]?.perSecond ?? Number.NaN)).toFixed(2)}`,
    ],
    ['watch detection, from write returned', `p50 ${p(fromReturn, 0.5)} ms, p99 ${p(fromReturn, 0.99)} ms`],
    ['watch detection, from write sent', `p50 ${p(fromSend, 0.5)} ms, p99 ${p(fromSend, 0.99)} ms`],
    [
      'harness peak RSS (5,000 routes held)',
      `${held.peakRssMiB.toFixed(0)} MiB, ${held.startRssMiB.toFixed(0)} MiB before the first route (goal < 200 MB; the harness alone in its process)`,
    ],
    ['harness CPU during the 5,000-route run', `${held.cores.toFixed(2)} cores over ${held.seconds.toFixed(0)} s`],
    ['calibration error, setup', `p50 ${p(setupErrors, 0.5)} ms, p99 ${p(setupErrors, 0.99)} ms (${setupErrors.length} samples)`],
    ['calibration error, teardown', `p50 ${p(teardownErrors, 0.5)} ms, p99 ${p(teardownErrors, 0.99)} ms`],
  ];
  const table = new Table({ head: ['figure', 'measured'], wordWrap: true, colWidths: [40, 90] });
  table.push(...rows);
  console.log(table.toString());
  mkdirSync('reports', { recursive: true });
  const file = join('reports', `bench-${runId}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ runId, routes: ROUTES, concurrency: CONCURRENCY, harness: harnessRuns, plain, fromReturn, fromSend, held, setupErrors, teardownErrors, rows }, null, 2)}\n`,
  );
  console.log(`written ${file}`);
} finally {
  await http.close();
  await cluster.stop();
}
