// The figures a run report shows and `compare` compares: their types, and those every run has (the baseline's and each
// phase's). A suite's own figures come first, from its suite module (Suite.figures); report/runFigures.ts joins them.
// These read only these fields of TestResults: baseline.{attachMs, xdsAllPushedMs, longestStall}, stableRoute,
// phases[].{name, settle, writes.{gateway, routes}, controller, controllerProcess, apiServerRequests.{requests, harness,
// others}, xds, otherRuns, envoyProcess, envoyConfig}.
// A figure that was not measured may be null (older reports) or `{ notMeasured: reason }`: both are read.

import type { TestResults } from '../loadtest/results.js';
import { STALL_THRESHOLD_MS } from '../measure/attachmentStall.js';
import { XDS_KINDS } from '../measure/envoyConfig.js';
import { isNotMeasured } from '../measure/notMeasured.js';
import type { ProcessUsage } from '../measure/processUsage.js';
import type { Settle } from '../measure/settle.js';

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
/** `perSample`: a per-sample figure with no sample measured (reports list it with the per-sample figures). */
export type NotMeasuredFigure = FigureBase & { readonly notMeasured: string; readonly perSample?: boolean };
export type Figure = SampleFigure | ScalarFigure | NotMeasuredFigure;

export const isSampleFigure = (figure: Figure): figure is SampleFigure => 'samples' in figure;
export const isScalarFigure = (figure: Figure): figure is ScalarFigure => 'value' in figure;

/** Why a value of a results field was not measured, when it says so. */
export function notMeasuredReason(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'notMeasured' in value && typeof value.notMeasured === 'string') return value.notMeasured;
  return undefined;
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
    // The processes it ran (a validator the controller runs per check); older reports have no such field.
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

/**
 * The baseline's longest attachment stall (measure/attachmentStall.ts), marked when it is longer than the threshold.
 * Every suite builds a baseline the same way, so every run has one.
 */
function stallFigure(results: TestResults): Figure {
  const key = 'baselineStall';
  const label = "baseline: longest attachment stall (routes waiting, the listener's attachedRoutes unchanged)";
  const stall = results.baseline.longestStall;
  if (stall === undefined) return { key, label, unit: 'ms', notMeasured: 'not recorded in this report' };
  if (isNotMeasured(stall)) return { key, label, unit: 'ms', notMeasured: stall.notMeasured };
  const where = `at ${stall.attachedRoutes} of ${stall.created} created, ${(stall.fromMs / 1000).toFixed(1)}-${(stall.toMs / 1000).toFixed(1)} s`;
  const stalled = stall.ms > STALL_THRESHOLD_MS ? `; STALLED: over ${STALL_THRESHOLD_MS / 1000} s` : '';
  return { key, label: `${label} (${where}${stalled})`, unit: 'ms', value: stall.ms };
}

/** The stable route probed through the data plane during the samples (runs without a data plane have none). */
function dataPlaneRunFigures(results: TestResults): Figure[] {
  const stable = results.stableRoute;
  if (stable === undefined) return [];
  const label = 'stable route through the data plane during the samples';
  if (isNotMeasured(stable))
    return [{ key: 'stableRoute: failed requests', label: `${label}: failed requests`, unit: 'count', notMeasured: stable.notMeasured }];
  return [
    { key: 'stableRoute: failed requests', label: `${label}: failed requests (non-2xx/3xx, connection errors)`, unit: 'count', value: stable.failures },
    { key: 'stableRoute: requests', label: `${label}: requests`, unit: 'count', value: stable.requests },
    { key: 'stableRoute: rate', label: `${label}: requests per second`, unit: 'decimal', value: stable.ratePerSecond },
    { key: 'stableRoute: longest gap', label: `${label}: longest time without an answer`, unit: 'ms', value: stable.maxGapMs },
  ];
}

/** A phase's Envoy CPU, peak memory and configuration updates, NACKs included (runs without an Envoy have none). */
function dataPlanePhaseFigures(phase: TestResults['phases'][number]): Figure[] {
  const at = (what: string) => ({ key: `${phase.name}: ${what}`, label: `${phase.name}: ${what}` });
  const figures: Figure[] = [];
  const usage = phase.envoyProcess;
  if (usage !== undefined) {
    if (isNotMeasured(usage)) {
      figures.push({ ...at('Envoy CPU (kernel)'), unit: 's', notMeasured: usage.notMeasured });
    } else {
      figures.push(
        { ...at('Envoy CPU (kernel)'), unit: 's', value: usage.cpuSeconds },
        { ...at('Envoy peak memory (kernel, VmHWM)'), unit: 'bytes', value: usage.residentBytesPeak },
      );
    }
  }
  const config = phase.envoyConfig;
  if (config !== undefined) {
    if (isNotMeasured(config)) {
      figures.push({ ...at('Envoy configuration updates rejected (NACK)'), unit: 'count', notMeasured: config.notMeasured });
    } else {
      figures.push({
        ...at('Envoy configuration updates rejected (NACK)'),
        unit: 'count',
        value: XDS_KINDS.reduce((sum, kind) => sum + config.updates[kind].rejected, 0),
      });
      for (const kind of XDS_KINDS) {
        figures.push({ ...at(`Envoy ${kind.toUpperCase()} updates accepted`), unit: 'count', value: config.updates[kind].success });
      }
    }
  }
  return figures;
}

/** The figures every run has, after its suite's own: the baseline's attach, xDS and stall times, then each phase's. */
export function baselineAndPhaseFigures(results: TestResults): Figure[] {
  const attachMs: unknown = results.baseline.attachMs;
  const pushedMs: unknown = (results.baseline as { xdsAllPushedMs?: unknown }).xdsAllPushedMs;
  return [
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
    stallFigure(results),
    ...dataPlaneRunFigures(results),
    ...results.phases.flatMap((phase) => [...phaseFigures(phase), ...dataPlanePhaseFigures(phase)]),
  ];
}

/** A figure's value for people: 312.4 ms, 1.23 s, 85.0 MiB (48.2 KiB below a MiB, where 0.0 MiB would say nothing), 1200. */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'ms':
      return `${value.toFixed(1)} ms`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'bytes':
      return Math.abs(value) < 2 ** 20 ? `${(value / 2 ** 10).toFixed(1)} KiB` : `${(value / 2 ** 20).toFixed(1)} MiB`;
    case 'count':
      return String(Math.round(value));
    case 'decimal':
      return value.toFixed(2);
  }
}
