// The harness's own performance, side by side against one local API server (not a timed test):
// route creation throughput and the client's CPU per request (the suite's own baseline create path vs. a plain undici
// client), watch-detection delay (the harness's watch vs. a bare streaming GET), the harness's memory and
// CPU while holding 5,000 routes, and the calibration error. Prints a table and writes reports/bench-<time>.json.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import pLimit from 'p-limit';
import { Agent, Pool, request } from 'undici';
import { calibrationErrors, runCalibration } from '../fixtures/calibrationRun.js';
import type { HoldRequest, HoldResult } from '../fixtures/holdRoutes.js';
import { readSetting } from '../framework/config/section.js';
import { benchSection } from '../framework/config/sections.js';
import { applySettings } from '../framework/config/settings.js';
import { KubeHttp } from '../framework/kube/http.js';
import { resolveConnection } from '../framework/kube/kubeconfig.js';
import { CollectionWatch } from '../framework/kube/watch.js';
import type { AttachedRoutesConfig } from '../framework/loadtest/config.js';
import { createBaselineRoutes } from '../framework/loadtest/phases/baseline.js';
import { GATEWAY_NAME, LISTENER_NAME, RunRoutes } from '../framework/loadtest/routes.js';
import { attachedRoutesSection } from '../framework/loadtest/section.js';
import { readAttachedRoutesConfig } from '../framework/loadtest/settings.js';
import type { SimulatedCluster } from '../framework/loadtest/simulator.js';
import { serviceName } from '../framework/loadtest/simulator.js';
import { vclusterSizing } from '../framework/loadtest/sizing.js';
import { AttachmentTracker } from '../framework/measure/attachment.js';
import { cpuSeconds as processCpuSeconds } from '../framework/measure/procfs.js';
import { quantile } from '../framework/measure/quantiles.js';
import { appNamespaceOf, RunContext } from '../framework/run/context.js';
import { RunCreates } from '../framework/run/creates.js';
import { RUN_LABEL, runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';
import { localTestBed } from '../framework/testBed.js';

applySettings();
const ROUTES = readSetting(process.env, benchSection.settings.routes);
const CONCURRENCY = readSetting(process.env, attachedRoutesSection.settings.concurrency);
const log = (line: string) => process.stderr.write(`${line}\n`);
const runId = newRunId();
const API = '/apis/gateway.networking.k8s.io/v1';

const cluster = await localTestBed({ installNamespace: 'kgateway-system', skipInstall: true, logDir: join('reports', 'logs', `bench-${runId}`) }).start();
const connection = await resolveConnection(cluster.description);
const http = KubeHttp.fromConnection(connection);
const pids = Object.fromEntries(cluster.controlPlane.processes().map((p) => [p.name, p.pid]));

/** CPU seconds a process has used so far (utime + stime from /proc). */
function cpuSeconds(pid: number): number {
  const seconds = processCpuSeconds(pid);
  if (seconds === undefined) throw new Error(`process ${pid} is gone`);
  return seconds;
}
/** This process's CPU time so far, in microseconds (user + system). */
const ownCpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

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
  /** The sending process's CPU (this one: both sides send from here, one after the other) per request sent. */
  clientCpuMicrosPerRequest: number;
  requests: number;
  cores: Record<string, number>;
}

/**
 * Runs `createAll` (ROUTES routes) and reports routes/s, the client's CPU microseconds per request (`requests()`
 * tells how many it sent: the harness counts its own, retries included) and the cores each process used meanwhile.
 */
async function measureCreation(createAll: () => Promise<unknown>, requests: () => number = () => ROUTES): Promise<Throughput> {
  const before = { apiserver: cpuSeconds(pids['kube-apiserver'] ?? 0), etcd: cpuSeconds(pids.etcd ?? 0), client: ownCpuMicros() };
  const started = performance.now();
  await createAll();
  const seconds = (performance.now() - started) / 1000;
  const clientMicros = ownCpuMicros() - before.client;
  const sent = requests();
  return {
    perSecond: ROUTES / seconds,
    clientCpuMicrosPerRequest: clientMicros / sent,
    requests: sent,
    cores: {
      'kube-apiserver': (cpuSeconds(pids['kube-apiserver'] ?? 0) - before.apiserver) / seconds,
      etcd: (cpuSeconds(pids.etcd ?? 0) - before.etcd) / seconds,
      client: clientMicros / 1e6 / seconds,
    },
  };
}

const createAllIn = (ns: string, create: (path: string, body: unknown) => Promise<unknown>) => () =>
  Promise.all(Array.from({ length: ROUTES }, (_, i) => create(`${API}/namespaces/${ns}/httproutes`, route(`w-${i}`))));

/**
 * The suite's own baseline creates (createBaselineRoutes: batches, grace period, p-limit, RunCreates with its retry
 * and ownership check) of ROUTES routes at `concurrency`, into a run of their own. The attachment tracker only
 * feeds the progress lines: nothing here waits for a controller.
 */
async function suiteCreates(concurrency: number): Promise<Throughput> {
  const run = new RunContext(newRunId());
  await http.create('/api/v1/namespaces', { metadata: { name: run.appNamespace, labels: { ...run.labels, ...runLabels(runId) } } });
  const defaults = readAttachedRoutesConfig({}, 'BENCH', ROUTES, 'bench');
  const config: AttachedRoutesConfig = { ...defaults, concurrency };
  const client = KubeHttp.fromConnection(connection, concurrency);
  const creates = new RunCreates(client, run);
  const sizing = vclusterSizing(ROUTES, run.runId);
  const serviceNames = Array.from({ length: sizing.fakeNodeCount * sizing.servicesPerNode }, (_, i) => serviceName(i));
  const simulated: SimulatedCluster = { config: sizing, namespace: run.simNamespace, serviceNames, nodes: 0, endpointSlices: 0 };
  const parts = {
    config,
    creates,
    routes: new RunRoutes(run, config.gatewayClassName),
    tracker: new AttachmentTracker({ namespace: run.appNamespace, name: GATEWAY_NAME, listener: LISTENER_NAME }),
    progress: log,
  };
  const total = () => [...client.sent.snapshot().values()].reduce((a, b) => a + b, 0);
  const sentBefore = total();
  try {
    log(
      `[bench] the suite's baseline creates: ${ROUTES} routes in batches of ${config.batchSize}, grace ${config.gracePeriodMs} ms, concurrency ${concurrency}`,
    );
    return await measureCreation(
      () => createBaselineRoutes(parts, simulated),
      () => total() - sentBefore,
    );
  } finally {
    creates.close();
    await client.close();
  }
}

interface MarkedRoute {
  metadata: { resourceVersion: string };
  status?: { parents?: { controllerName: string }[] };
}
const markerOf = (object: MarkedRoute) => object.status?.parents?.[0]?.controllerName;

/** Delays (ms) from the status write's request sent / response returned to the watch event that reports it. */
interface Detection {
  fromSend: number[];
  fromReturn: number[];
}

/** Promises of the moment a watch first reports a marker, resolved from the watch callback (no polling). */
class MarkerWaits {
  private readonly waiting = new Map<string, (at: number) => void>();

  /** Registered before the write, so that an event that arrives before the write returns is not missed. */
  expect(marker: string, timeoutMs = 10_000): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(marker);
        reject(new Error(`no watch event reported ${marker} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(marker, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  seen(marker: string | undefined, at: number): void {
    const resolve = marker === undefined ? undefined : this.waiting.get(marker);
    if (!marker || !resolve) return;
    this.waiting.delete(marker);
    resolve(at);
  }
}

/** 100 status writes, one after another, each timed to the event `markers` reports it in. */
async function detectionSeries(series: string, objectPath: string, markers: MarkerWaits, into: Detection): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const marker = `example.com/bench-${series}-${i}`;
    const seenAt = markers.expect(marker);
    const sent = performance.now();
    await http.mergePatchStatus(objectPath, {
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
    const at = await seenAt;
    into.fromSend.push(at - sent);
    into.fromReturn.push(at - returned);
  }
}

/**
 * The baseline for the harness's watch: a bare undici streaming GET ?watch=1 from a plain list's resourceVersion,
 * split into lines and parsed, each object stamped with performance.now() once parsed. Returns its stop function.
 */
async function plainWatch(path: string, labelSelector: string, onObject: (object: MarkedRoute, at: number) => void): Promise<() => Promise<void>> {
  const { server, headers, ...tls } = connection;
  const agent = new Agent({ bodyTimeout: 0, connect: tls });
  const selector = encodeURIComponent(labelSelector);
  const list = await request(`${server}${path}?labelSelector=${selector}`, { headers, dispatcher: agent });
  if (list.statusCode !== 200) throw new Error(`plain watch: list answered HTTP ${list.statusCode}`);
  const { metadata } = (await list.body.json()) as { metadata: { resourceVersion: string } };
  const abort = new AbortController();
  const watch = await request(`${server}${path}?watch=1&labelSelector=${selector}&resourceVersion=${metadata.resourceVersion}`, {
    headers,
    dispatcher: agent,
    signal: abort.signal,
  });
  if (watch.statusCode !== 200) throw new Error(`plain watch: watch answered HTTP ${watch.statusCode}`);
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of watch.body) {
      buffer += decoder.decode(chunk as Buffer, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line) onObject((JSON.parse(line) as { object: MarkedRoute }).object, performance.now());
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  return async () => {
    abort.abort();
    await reading;
    await agent.close();
  };
}

try {
  // 0. The harness alone holding 5,000 routes, with the calibration controller in a process of its own.
  log('[bench] 5,000 routes held by the harness; the calibration controller (delay 0 ms) runs in its own process');
  const held = await holdRoutes(5000);

  // 1. Route creation: plain undici POSTs, then the suite's own baseline create path, after a warm-up.
  const warmup = await namespace(`${runId}-warmup`);
  await measureCreation(createAllIn(warmup, (path, body) => http.create(path, body)));
  // By concurrency (requests in flight, and as many connections).
  const plain: Record<number, Throughput> = {};
  const harnessRuns: Record<number, Throughput> = {};
  const faster = (a: Throughput | undefined, b: Throughput) => (a && a.perSecond > b.perSecond ? a : b);
  // Two rounds, best of each, the harness first in one and last in the other: the API server's speed drifts as it
  // warms up and fills, so a fixed order would favour one side. Both sides run at the suite's concurrency and at 64.
  const concurrencies = [...new Set([CONCURRENCY, 64])];
  const harnessRound = async (round: number) => {
    for (const concurrency of concurrencies) {
      log(`[bench] round ${round}: ${ROUTES} routes through the suite's baseline create path (concurrency ${concurrency})`);
      harnessRuns[concurrency] = faster(harnessRuns[concurrency], await suiteCreates(concurrency));
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
        await measureCreation(
          createAllIn(ns, (path, body) =>
            inFlight(async () => {
              const response = await pool.request({ method: 'POST', path, headers, body: JSON.stringify(body) });
              await response.body.dump();
              if (response.statusCode !== 201) throw new Error(`HTTP ${response.statusCode}`);
            }),
          ),
        ),
      );
      await pool.close();
    }
    if (round === 2) await harnessRound(round);
  }
  const fastestPlain = Math.max(...Object.values(plain).map((p) => p.perSecond));
  const fastestHarness = Math.max(...Object.values(harnessRuns).map((p) => p.perSecond));

  // 2. Watch-detection delay: a status write, then the watch event that reports it, through the harness's
  // CollectionWatch and through a bare streaming GET (no harness code), 2 rounds of 100 writes each in alternating
  // order. The bench waits on a promise the watch callback resolves, so it leaves the CPU to the API server.
  log('[bench] watch-detection delay: 200 status writes seen by the harness watch, 200 by a plain undici watch');
  const watchNs = await namespace(`${runId}-watch`);
  const watchedPath = `${API}/namespaces/${watchNs}/httproutes`;
  await http.create(watchedPath, route('watched'));
  const harnessWatch: Detection = { fromSend: [], fromReturn: [] };
  const plainWatchDelays: Detection = { fromSend: [], fromReturn: [] };
  const harnessSeries = async (round: number) => {
    const markers = new MarkerWaits();
    const watch = new CollectionWatch<MarkedRoute>(http, watchedPath, `${RUN_LABEL}=${runId}`, (event) => markers.seen(markerOf(event.object), event.at));
    await watch.start();
    try {
      await detectionSeries(`harness-${round}`, `${watchedPath}/watched`, markers, harnessWatch);
    } finally {
      watch.stop();
    }
  };
  const plainSeries = async (round: number) => {
    const markers = new MarkerWaits();
    const stop = await plainWatch(watchedPath, `${RUN_LABEL}=${runId}`, (object, at) => markers.seen(markerOf(object), at));
    try {
      await detectionSeries(`plain-${round}`, `${watchedPath}/watched`, markers, plainWatchDelays);
    } finally {
      await stop();
    }
  };
  await harnessSeries(1);
  await plainSeries(1);
  await plainSeries(2);
  await harnessSeries(2);
  const { fromSend, fromReturn } = harnessWatch;

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
      `suite's baseline creates (createBaselineRoutes), concurrency ${n} (${ROUTES} routes, best of 2)`,
      `${t.perSecond.toFixed(0)} routes/s, client CPU ${t.clientCpuMicrosPerRequest.toFixed(0)} µs/request over ${t.requests} requests (cores: ${cores(t)})`,
    ]),
    ...Object.entries(plain).map(([n, t]): [string, string] => [
      `plain undici, ${n} connections (best of 2)`,
      `${t.perSecond.toFixed(0)} routes/s, client CPU ${t.clientCpuMicrosPerRequest.toFixed(0)} µs/request (cores: ${cores(t)})`,
    ]),
    ['fastest harness / fastest plain', `${(fastestHarness / fastestPlain).toFixed(2)} (goal >= 0.9)`],
    [
      `harness / plain, both at concurrency ${CONCURRENCY}`,
      `${((harnessRuns[CONCURRENCY]?.perSecond ?? Number.NaN) / (plain[CONCURRENCY]?.perSecond ?? Number.NaN)).toFixed(2)}`,
    ],
    ['watch detection, harness watch, from write returned', `p50 ${p(fromReturn, 0.5)} ms, p99 ${p(fromReturn, 0.99)} ms (${fromReturn.length} writes)`],
    [
      'watch detection, plain undici watch, from write returned',
      `p50 ${p(plainWatchDelays.fromReturn, 0.5)} ms, p99 ${p(plainWatchDelays.fromReturn, 0.99)} ms (${plainWatchDelays.fromReturn.length} writes)`,
    ],
    ['watch detection, harness watch, from write sent', `p50 ${p(fromSend, 0.5)} ms, p99 ${p(fromSend, 0.99)} ms`],
    ['watch detection, plain undici watch, from write sent', `p50 ${p(plainWatchDelays.fromSend, 0.5)} ms, p99 ${p(plainWatchDelays.fromSend, 0.99)} ms`],
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
    `${JSON.stringify({ runId, routes: ROUTES, concurrency: CONCURRENCY, harness: harnessRuns, plain, fromReturn, fromSend, plainWatch: plainWatchDelays, held, setupErrors, teardownErrors, rows }, null, 2)}\n`,
  );
  console.log(`written ${file}`);
} finally {
  await http.close();
  await cluster.stop();
}
