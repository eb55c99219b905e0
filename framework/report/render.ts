// A run's results as rows of figures, rendered as the console table (the files are written by reportFile.ts).
import Table from 'cli-table3';
import type { Sample, TestResults } from '../loadtest/results.js';
import { STALL_THRESHOLD_MS } from '../measure/attachmentStall.js';
import { describeUpdates } from '../measure/envoyConfig.js';
import { isNotMeasured, type Measured } from '../measure/notMeasured.js';
import { describeSettle } from '../measure/settle.js';
import { describeStableProbe } from '../measure/stableProbe.js';
import { suiteOfTest } from '../suite/registry.js';
import { xdsTypeName } from '../xds/counters.js';
import { sharedNote } from './figures.js';
import { quantiles } from './statistics.js';
import { formatQuantiles, summarize } from './summary.js';

/** The route-ready row's label names the method that measured it. */
export function routeReadyLabel(method: TestResults['routeReadyMethod']): string {
  return method === 'http' ? 'route ready (HTTP 302)' : method === 'xds' ? 'route ready (xDS push)' : 'route ready';
}

/** A duration, or "not measured: why". */
export function ms(value: Measured<number>): string {
  if (isNotMeasured(value)) return `not measured: ${value.notMeasured}`;
  return Number.isNaN(value) ? 'not measured: no values' : `${value.toFixed(1)} ms`;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A figure, or "not measured: why". */
function figure<T>(value: Measured<T>, show: (value: T) => string): string {
  return isNotMeasured(value) ? `not measured: ${value.notMeasured}` : show(value);
}

/** Why the per-sample rows are empty: a workload without incremental samples (gateway-api-bench's). */
const NO_SAMPLES = 'not measured: the run has no incremental samples';

export function rows(results: TestResults): [string, string][] {
  const summary = results.samples.length > 0 ? summarize(results.samples) : undefined;
  const { config, gateway } = results;
  const nudged = gateway.statusNudges
    ? ` after ${gateway.statusNudges} status nudge(s): the controller wrote no status until nudged (${gateway.nudgedFor ?? 'a known controller bug'})`
    : '';
  const result: [string, string][] = [
    ['routes (baseline)', String(config.routes)],
    ['samples', String(results.samples.length)],
    ['gateway Accepted+Programmed', `${ms(gateway.readyMs)}${nudged}`],
    ['baseline create', ms(results.baseline.createMs)],
    ['baseline all attached', ms(results.baseline.attachMs)],
    ['baseline all in xDS', ms(results.baseline.xdsAllPushedMs)],
    [
      'baseline longest stall',
      figure(
        results.baseline.longestStall ?? { notMeasured: 'not recorded' },
        (s) =>
          `${(s.ms / 1000).toFixed(1)} s with attachedRoutes at ${s.attachedRoutes} of ${s.created} created (${(s.fromMs / 1000).toFixed(1)}-${(s.toMs / 1000).toFixed(1)} s after the first create)${s.ms > STALL_THRESHOLD_MS ? `: STALLED, over ${STALL_THRESHOLD_MS / 1000} s` : ''}`,
      ),
    ],
    ['setup', summary ? `${formatQuantiles(summary.setup)}, threshold ${config.thresholds.setupMs} ms` : NO_SAMPLES],
    ['teardown', summary ? `${formatQuantiles(summary.teardown)}, threshold ${config.thresholds.teardownMs} ms` : NO_SAMPLES],
    [routeReadyLabel(results.routeReadyMethod), summary ? figure(summary.routeReady, formatQuantiles) : NO_SAMPLES],
    ...dataPlaneRows(results),
    ...(suiteOfTest(results.testName).summaryRows?.(results) ?? []),
  ];
  for (const phase of results.phases) {
    const shared = sharedNote(phase);
    if (phase.settle) result.push([`${phase.name}: phase end`, `${describeSettle(phase.settle)}; phase ${phase.durationMs.toFixed(0)} ms in all`]);
    result.push([`${phase.name}: status writes`, figure(phase.writes, (w) => `Gateway ${w.gateway}, HTTPRoutes ${w.routes}`)]);
    result.push([
      `${phase.name}: controller (/metrics)`,
      figure(phase.controller, (c) => {
        const requests = figure(
          c.apiRequests,
          (byMethod) =>
            Object.entries(byMethod)
              .map(([method, n]) => `${method} ${n}`)
              .join(', ') || 'none',
        );
        return `CPU ${c.cpuSeconds.toFixed(2)} s, RSS peak ${mib(c.residentBytesPeak)} (1 s samples), end ${mib(c.residentBytesEnd)}, API requests ${requests}${shared}`;
      }),
    ]);
    // Older reports have no kernel figures.
    if (phase.controllerProcess) {
      result.push([
        `${phase.name}: controller (kernel)`,
        figure(
          phase.controllerProcess,
          (p) =>
            `CPU ${p.cpuSeconds.toFixed(2)} s${p.childrenCpuSeconds ? ` (+ ${p.childrenCpuSeconds.toFixed(2)} s in child processes it ran)` : ''}, VmHWM peak ${mib(p.residentBytesPeak)}, RSS end ${mib(p.residentBytesEnd)}${shared}`,
        ),
      ]);
    }
    result.push([
      `${phase.name}: API server requests`,
      figure(phase.apiServerRequests, ({ requests, harness, others }) => {
        const top = (counts: Readonly<Record<string, number>>) =>
          Object.entries(counts)
            .sort(([, a], [, b]) => b - a)
            .slice(0, 5)
            .map(([key, n]) => `${key} ${n}`)
            .join(', ');
        const total = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
        const all = `${total(requests)} in all${shared}; ${top(requests)}`;
        if (!harness || !others) return all;
        return `${all}. The harness's own: ${total(harness)} (${top(harness)}). The rest (controller and other clients): ${total(others)} (${top(others)})`;
      }),
    ]);
    if (phase.envoyProcess) {
      result.push([
        `${phase.name}: Envoy (kernel)`,
        figure(phase.envoyProcess, (p) => `CPU ${p.cpuSeconds.toFixed(2)} s, VmHWM peak ${mib(p.residentBytesPeak)}, RSS end ${mib(p.residentBytesEnd)}`),
      ]);
    }
    if (phase.envoyConfig) result.push([`${phase.name}: Envoy config updates`, figure(phase.envoyConfig, describeUpdates)]);
    result.push([
      `${phase.name}: xDS pushes`,
      figure(phase.xds, (counters) => {
        const types = Object.entries(counters).map(([typeUrl, c]) => `${xdsTypeName(typeUrl)} ${c.responses} (${(c.bytes / 1024).toFixed(0)} KiB)`);
        return types.join(', ') || 'none';
      }),
    ]);
  }
  result.push(['wall time', ms(results.wallMs)]);
  return result;
}

/** The data plane that served the probes, the xDS push beside route ready, the apply time, the stable route. */
function dataPlaneRows(results: TestResults): [string, string][] {
  const rows: [string, string][] = [];
  const plane = results.dataPlane;
  if (plane !== undefined) {
    rows.push([
      'data plane',
      figure(plane, (p) =>
        p.kind === 'envoy' ? `Envoy ${p.version} (pid ${p.pid}) at ${p.url}, listener bound ${p.readyMs.toFixed(0)} ms after start` : `${p.url} (given)`,
      ),
    ]);
  }
  const series = (pick: (s: TestResults['samples'][number]) => number | undefined) =>
    results.samples.flatMap((s) => {
      const v = pick(s);
      return typeof v === 'number' && Number.isFinite(v) ? [v] : [];
    });
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const pairs = [
    ['route ready', (s: Sample) => num(s.routeReadyMs), (s: Sample) => num(s.routeReadyXdsMs)],
    ['route gone', (s: Sample) => num(s.routeGoneMs), (s: Sample) => num(s.routeGoneXdsMs)],
  ] as const;
  for (const [what, http, xds] of pairs) {
    const pushed = series(xds);
    if (pushed.length === 0) continue;
    rows.push([`${what} (xDS push, beside HTTP)`, formatQuantiles(quantiles(pushed))]);
    const applied = series((s) => {
      const h = http(s);
      const x = xds(s);
      return h === undefined || x === undefined ? undefined : h - x;
    });
    if (applied.length) rows.push([`${what}: data plane apply (HTTP - xDS)`, formatQuantiles(quantiles(applied))]);
  }
  if (results.stableRoute !== undefined) rows.push(['stable route (zero downtime)', figure(results.stableRoute, describeStableProbe)]);
  return rows;
}

/**
 * The answer, ahead of the table: each judged figure against its threshold (every sample must be under it, as the
 * suite's tests assert), then what was not measured, in one line each.
 */
export function headline(results: TestResults): string {
  const { config } = results;
  const attachMs = results.baseline.attachMs;
  const attached = isNotMeasured(attachMs)
    ? `baseline all attached not measured (${attachMs.notMeasured})`
    : `all ${config.routes} routes attached after ${(attachMs / 1000).toFixed(1)} s`;
  if (results.samples.length === 0) {
    return `${results.testName}: ${attached}\nnot measured: setup, teardown and route ready per sample (the run has no incremental samples)`;
  }
  const summary = summarize(results.samples);
  const judged = (label: string, q: { p50: number; max: number }, threshold: number) =>
    `${label} p50 ${q.p50.toFixed(0)} ms, max ${q.max.toFixed(0)} ms: ${q.max < threshold ? 'within' : 'OVER'} ${threshold} ms`;
  const parts = [judged('setup', summary.setup, config.thresholds.setupMs), judged('teardown', summary.teardown, config.thresholds.teardownMs)];
  const ready = summary.routeReady;
  if (!isNotMeasured(ready)) parts.push(judged(routeReadyLabel(results.routeReadyMethod), ready, config.thresholds.setupMs));
  const stable = results.stableRoute;
  if (stable !== undefined && !isNotMeasured(stable)) parts.push(`stable route ${stable.failures} failed of ${stable.requests} requests`);
  const lines = [`${results.testName}: ${parts.join('; ')} (${results.samples.length} samples beside ${config.routes} routes; ${attached})`];
  if (isNotMeasured(ready)) lines.push(`not measured: route ready (${ready.notMeasured})`);
  return lines.join('\n');
}

export function printSummary(results: TestResults): string {
  const table = new Table({ head: [`${results.testName} (${results.runId})`, 'measured'], wordWrap: true, colWidths: [32, 90] });
  table.push(...rows(results));
  return `${headline(results)}\n${table.toString()}`;
}
