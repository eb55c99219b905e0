// The figures a run report shows and `compare` compares, taken out of the run's results.
// This is the one module that reads the results type; it depends only on these fields of TestResults:
//   samples[].{setupMs, acceptedMs, attachedMs, routeReadyMs, teardownMs, routeGoneMs}, routeReadyMethod,
//   baseline.{attachMs, xdsAllPushedMs}, bench.{setupMs, teardownMs, writes}, phases[].{name, settle, writes.{gateway,
//   routes}, controller, controllerProcess, apiServerRequests.{requests, harness, others}, xds, otherRuns}. A suite that
//   extends the results (Churn's `churn`, ControllerRestart's `restart`) is read by its own figures module, which takes
//   the per-sample figures' place (suiteFigures below).
// A figure that was not measured may be null (today) or `{ notMeasured: reason }` (after the restructure): both are read.

import { CHURN_KEY_PREFIX, churnChangeTable, churnFigures } from '../churn/figures.js';
import { isChurnResults } from '../churn/results.js';
import type { TestResults } from '../loadtest/results.js';
import { isNotMeasured } from '../measure/notMeasured.js';
import type { ProcessUsage } from '../measure/processUsage.js';
import type { Settle } from '../measure/settle.js';
import { restartFigures } from '../restart/figures.js';
import { isRestartResults } from '../restart/results.js';
import { dataPlanePhaseFigures, dataPlaneRunFigures, dataPlaneSampleFigures } from './dataPlaneFigures.js';

/** `decimal`: a ratio such as xDS pushes per change, shown with two decimals. */
export type Unit = 'ms' | 's' | 'bytes' | 'count' | 'decimal';

interface FigureBase {
  /** Stable key to match a figure across reports, e.g. "setup" or "baseline: controller CPU". */
  readonly key: string;
  readonly label: string;
  readonly unit: Unit;
}

/** A per-sample figure: one value per incremental route. */
export type SampleFigure = FigureBase & { readonly samples: readonly number[] };
/** A figure measured once per run. */
export type ScalarFigure = FigureBase & { readonly value: number };
export type NotMeasuredFigure = FigureBase & { readonly notMeasured: string };
export type Figure = SampleFigure | ScalarFigure | NotMeasuredFigure;

export const isSampleFigure = (figure: Figure): figure is SampleFigure => 'samples' in figure;
export const isScalarFigure = (figure: Figure): figure is ScalarFigure => 'value' in figure;

type SampleField = 'setupMs' | 'acceptedMs' | 'attachedMs' | 'routeReadyMs' | 'teardownMs' | 'routeGoneMs';

/** The per-sample figures, in the order reports show them. */
export const SAMPLE_FIGURES: readonly { readonly key: string; readonly label: string; readonly field: SampleField }[] = [
  { key: 'setup', label: 'setup (create -> Accepted and counted)', field: 'setupMs' },
  { key: 'accepted', label: 'route Accepted', field: 'acceptedMs' },
  { key: 'attachedRoutes', label: 'listener attachedRoutes = N+1', field: 'attachedMs' },
  { key: 'routeReady', label: 'route ready', field: 'routeReadyMs' },
  { key: 'routeGone', label: 'route gone', field: 'routeGoneMs' },
  { key: 'teardown', label: 'teardown (delete -> attachedRoutes = N)', field: 'teardownMs' },
];

export const SAMPLE_FIGURE_KEYS: ReadonlySet<string> = new Set(SAMPLE_FIGURES.map((figure) => figure.key));

function notMeasuredReason(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'notMeasured' in value && typeof value.notMeasured === 'string') return value.notMeasured;
  return undefined;
}

function sampleFigure(results: TestResults, key: string, label: string, field: SampleField): Figure {
  const values: number[] = [];
  const reasons = new Set<string>();
  for (const sample of results.samples) {
    const value: unknown = sample[field];
    if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
    else reasons.add(notMeasuredReason(value) ?? 'no value recorded');
  }
  if (values.length === 0) {
    return { key, label, unit: 'ms', notMeasured: results.samples.length === 0 ? 'the run has no samples' : [...reasons].join('; ') };
  }
  // Some samples measured and some not: compare what was measured, and say so in the label.
  const missing = results.samples.length - values.length;
  return {
    key,
    label: missing ? `${label} (${missing} of ${results.samples.length} samples not measured: ${[...reasons].join('; ')})` : label,
    unit: 'ms',
    samples: values,
  };
}

function sumOf(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/**
 * " (shared with other runs: a, b)" when other runs' namespaces were in the cluster during the phase: the controller
 * and the API server then worked for them too. Empty for a phase that had the cluster alone (or an older report).
 */
export function sharedNote(phase: TestResults['phases'][number]): string {
  const otherRuns: unknown = (phase as { otherRuns?: unknown }).otherRuns;
  const reason = notMeasuredReason(otherRuns);
  if (reason) return ` (shared or not: unknown, ${reason})`;
  const runs = (otherRuns as { runs?: readonly string[] } | undefined)?.runs ?? [];
  return runs.length ? ` (shared with other runs: ${runs.join(', ')})` : '';
}

function phaseFigures(phase: TestResults['phases'][number]): Figure[] {
  const at = (what: string) => ({ key: `${phase.name}: ${what}`, label: `${phase.name}: ${what}` });
  const shared = sharedNote(phase);
  const atShared = (what: string) => ({ key: `${phase.name}: ${what}`, label: `${phase.name}: ${what}${shared}` });
  const figures: Figure[] = [];
  // Reports written before phases ended on the controller's quiet have no settle.
  const settle = (phase as { settle?: Settle }).settle;
  if (settle) {
    figures.push({
      ...at('controller quiet after the work'),
      label: settle.settled
        ? `${phase.name}: controller quiet after the work (then ${settle.settleMs} ms without a status write or xDS push)`
        : `${phase.name}: controller did not settle within ${settle.maxMs} ms (its last activity after the work)`,
      unit: 'ms',
      value: settle.quietAfterMs,
    });
  }
  figures.push(
    { ...at('Gateway status writes'), unit: 'count', value: phase.writes.gateway },
    { ...at('HTTPRoute status writes'), unit: 'count', value: phase.writes.routes },
  );
  const usage = phase.controller;
  if (usage && !('notMeasured' in usage)) {
    figures.push(
      { ...atShared('controller CPU'), unit: 's', value: usage.cpuSeconds },
      { ...atShared('controller peak memory'), unit: 'bytes', value: usage.residentBytesPeak },
      isNotMeasured(usage.apiRequests)
        ? { ...at('controller API requests'), unit: 'count', notMeasured: usage.apiRequests.notMeasured }
        : { ...atShared('controller API requests'), unit: 'count', value: sumOf(usage.apiRequests) },
    );
  } else {
    const notMeasured = usage ? usage.notMeasured : 'no controller metrics endpoint known';
    figures.push(
      { ...at('controller CPU'), unit: 's', notMeasured },
      { ...at('controller peak memory'), unit: 'bytes', notMeasured },
      { ...at('controller API requests'), unit: 'count', notMeasured },
    );
  }
  // Reports written before the kernel was read have no such field.
  const kernel: unknown = (phase as { controllerProcess?: unknown }).controllerProcess;
  if (kernel && typeof kernel === 'object' && !('notMeasured' in kernel)) {
    const { cpuSeconds, residentBytesPeak, childrenCpuSeconds } = kernel as ProcessUsage;
    figures.push(
      { ...atShared('controller CPU (kernel, /proc stat)'), unit: 's', value: cpuSeconds },
      { ...atShared('controller peak memory (kernel, VmHWM)'), unit: 'bytes', value: residentBytesPeak },
    );
    // The processes it ran (kgateway's STRICT validation runs Envoy per check); older reports have no such field.
    if (childrenCpuSeconds !== undefined)
      figures.push({ ...atShared('controller child processes CPU (kernel, cutime+cstime)'), unit: 's', value: childrenCpuSeconds });
  } else {
    const notMeasured = notMeasuredReason(kernel) ?? 'not recorded in this report';
    figures.push(
      { ...at('controller CPU (kernel, /proc stat)'), unit: 's', notMeasured },
      { ...at('controller peak memory (kernel, VmHWM)'), unit: 'bytes', notMeasured },
    );
  }
  const served = phase.apiServerRequests;
  if ('requests' in served) {
    figures.push({ ...atShared('API server requests'), unit: 'count', value: sumOf(served.requests) });
    // Reports written before the harness counted its own requests have neither.
    if (served.harness && served.others) {
      figures.push(
        { ...at("API server requests: the harness's own"), unit: 'count', value: sumOf(served.harness) },
        { ...atShared('API server requests: the rest (controller and other clients)'), unit: 'count', value: sumOf(served.others) },
      );
    }
  } else figures.push({ ...at('API server requests'), unit: 'count', notMeasured: served.notMeasured });
  // Reports written before xDS was observed have no such field.
  const xds: unknown = (phase as { xds?: unknown }).xds;
  if (xds && typeof xds === 'object' && !('notMeasured' in xds)) {
    const counts = Object.values(xds as Record<string, { responses: number; bytes: number }>);
    figures.push(
      { ...at('xDS responses'), unit: 'count', value: counts.reduce((sum, c) => sum + c.responses, 0) },
      { ...at('xDS bytes'), unit: 'bytes', value: counts.reduce((sum, c) => sum + c.bytes, 0) },
    );
  } else {
    const notMeasured = notMeasuredReason(xds) ?? 'not recorded in this report';
    figures.push({ ...at('xDS responses'), unit: 'count', notMeasured }, { ...at('xDS bytes'), unit: 'bytes', notMeasured });
  }
  return figures;
}

/** Route readiness is named after what measured it: HTTP through a data plane, or the xDS push to a proxy. */
function withMethod(results: TestResults, key: string, label: string): string {
  if (key !== 'routeReady' && key !== 'routeGone') return label;
  const method: unknown = (results as { routeReadyMethod?: unknown }).routeReadyMethod;
  if (method === 'xds') return `${label} (xDS push)`;
  if (method === 'http') return `${label} (HTTP ${key === 'routeReady' ? '302' : '404'})`;
  return label;
}

/** Per-sample figures a report draws as distributions: Attached Routes' main three, and every Churn sample figure. */
export function isDrawnFigure(key: string): boolean {
  return ['setup', 'routeReady', 'teardown'].includes(key) || key.startsWith(CHURN_KEY_PREFIX);
}

/** gateway-api-bench's three figures (measure/benchFigures.ts), keyed "bench: ...", in the order it publishes them. */
export const BENCH_FIGURES = [
  { key: 'bench: setup', label: 'gateway-api-bench setup (last create -> attachedRoutes = N)', field: 'setupMs', unit: 'ms' },
  { key: 'bench: teardown', label: 'gateway-api-bench teardown (all deleted at once -> attachedRoutes = 0)', field: 'teardownMs', unit: 'ms' },
  { key: 'bench: writes', label: 'gateway-api-bench writes (Gateway status updates during both)', field: 'writes', unit: 'count' },
] as const satisfies readonly { key: string; label: string; field: string; unit: Unit }[];

function benchFigures(results: TestResults): Figure[] {
  // Optional in the type: reports written before the figures existed have none.
  const bench = results.bench;
  return BENCH_FIGURES.map(({ key, label, field, unit }) => {
    if (bench === undefined) return { key, label, unit, notMeasured: 'not recorded in this report' };
    if (isNotMeasured(bench)) return { key, label, unit, notMeasured: bench.notMeasured };
    return { key, label, unit, value: bench[field] };
  });
}

/** A suite that extends a run's results with figures of its own, in place of the per-sample figures it has none of. */
function suiteFigures(results: TestResults): Figure[] | undefined {
  if (isRestartResults(results)) return restartFigures(results);
  if (isChurnResults(results)) return churnFigures(results);
  return undefined;
}

/**
 * Every figure of a run: the per-sample ones (or the suite's own) first, then baseline attach time, gateway-api-bench's
 * three (Attached Routes alone deletes its baseline at once), then per phase.
 */
export function figuresOf(results: TestResults): Figure[] {
  const attachMs: unknown = results.baseline.attachMs;
  const pushedMs: unknown = (results.baseline as { xdsAllPushedMs?: unknown }).xdsAllPushedMs;
  const suite = suiteFigures(results);
  return [
    ...(suite ?? [
      ...SAMPLE_FIGURES.map(({ key, label, field }) => sampleFigure(results, key, withMethod(results, key, label), field)),
      ...dataPlaneSampleFigures(results),
    ]),
    typeof attachMs === 'number'
      ? { key: 'baselineAttach', label: 'baseline: all routes attached', unit: 'ms', value: attachMs }
      : { key: 'baselineAttach', label: 'baseline: all routes attached', unit: 'ms', notMeasured: notMeasuredReason(attachMs) ?? 'no value recorded' },
    typeof pushedMs === 'number'
      ? { key: 'baselineXds', label: 'baseline: all routes in the xDS push', unit: 'ms', value: pushedMs }
      : {
          key: 'baselineXds',
          label: 'baseline: all routes in the xDS push',
          unit: 'ms',
          notMeasured: notMeasuredReason(pushedMs) ?? 'not recorded in this report',
        },
    ...(suite ? [] : benchFigures(results)),
    ...dataPlaneRunFigures(results),
    ...results.phases.flatMap((phase) => [...phaseFigures(phase), ...dataPlanePhaseFigures(phase)]),
  ];
}

/** A figure's value for people: 312.4 ms, 1.23 s, 85.0 MiB, 1200. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'ms':
      return `${value.toFixed(1)} ms`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'bytes':
      return `${(value / 2 ** 20).toFixed(1)} MiB`;
    case 'count':
      return String(Math.round(value));
    case 'decimal':
      return value.toFixed(2);
  }
}

/** Every sample's times, one row per sample: the raw data behind the quantiles. */
export function sampleTable(results: TestResults): { head: string[]; rows: string[][] } {
  if (isChurnResults(results)) return churnChangeTable(results);
  const cell = (value: unknown) => (typeof value === 'number' ? formatValue(value, 'ms') : notMeasuredReason(value) ? 'not measured' : '-');
  // With HTTP and xDS side by side, the push's times too (apply time is their difference).
  const beside = results.samples.some((sample) => sample.routeReadyXdsMs !== undefined);
  const extra = beside ? (['routeReadyXdsMs', 'routeGoneXdsMs'] as const) : [];
  return {
    head: ['#', ...SAMPLE_FIGURES.map((figure) => figure.key), ...(beside ? ['routeReady (xDS)', 'routeGone (xDS)'] : [])],
    rows: results.samples.map((sample, i) => [
      String(i + 1),
      ...SAMPLE_FIGURES.map((figure) => cell(sample[figure.field])),
      ...extra.map((field) => cell(sample[field])),
    ]),
  };
}
