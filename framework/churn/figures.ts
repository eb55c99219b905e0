// The Churn run's own figures for reports and `npm run compare`: per kind of change, its convergence times as
// samples (so a comparison gives them an interval), and per phase what a change cost the controller and the proxy.
import type { PhaseResult } from '../loadtest/results.js';
import { isNotMeasured, type Measured } from '../measure/notMeasured.js';
import type { Figure } from '../report/figures.js';
import { totalOf, type XdsCounters } from '../xds/counters.js';
import type { QuietCpu } from './quietCpu.js';
import { CHANGE_KINDS, type ChurnChange, type ChurnResults, KIND_LABELS } from './results.js';

/** Keys of the Churn figures start with this (charts draw its sample figures). */
export const CHURN_KEY_PREFIX = 'churn:';

function sampleFigure(key: string, label: string, changes: readonly ChurnChange[], pick: (c: ChurnChange) => Measured<number>): Figure {
  const values = changes.map(pick).filter((v): v is number => !isNotMeasured(v));
  const reasons = [
    ...new Set(
      changes
        .map(pick)
        .filter(isNotMeasured)
        .map((v) => v.notMeasured),
    ),
  ];
  if (values.length === 0) return { key, label, unit: 'ms', notMeasured: reasons.join('; ') || 'no change of this kind ran', perSample: true };
  const missing = changes.length - values.length;
  return {
    key,
    label: missing ? `${label} (${missing} of ${changes.length} not measured: ${reasons.join('; ')})` : label,
    unit: 'ms',
    samples: values,
  };
}

/** What one change of a phase cost on average: the phase's figures divided by its changes. */
export interface ChangeCost {
  readonly phase: string;
  readonly changes: number;
  readonly cpuMs: Measured<number>;
  /** CPU per change less what the idle phase's rate would have cost over the same phase time. */
  readonly cpuMsNetOfIdle: Measured<number>;
  readonly allocatedBytes: Measured<number>;
  readonly xdsResponses: Measured<number>;
  readonly xdsBytes: Measured<number>;
  readonly statusWrites: number;
}

const perChange = (total: number, changes: number) => total / changes;

/** The controller's CPU ms and allocated bytes per second of the idle phase. */
export function idleRates(idle: PhaseResult | undefined): Measured<{ cpuMsPerSecond: number; allocatedBytesPerSecond: number | undefined }> {
  if (!idle) return { notMeasured: 'no idle phase in the results' };
  if (isNotMeasured(idle.controller)) return idle.controller;
  const seconds = idle.durationMs / 1000;
  const { cpuSeconds, allocatedBytes } = idle.controller;
  return { cpuMsPerSecond: (cpuSeconds * 1000) / seconds, allocatedBytesPerSecond: allocatedBytes === undefined ? undefined : allocatedBytes / seconds };
}

export function changeCost(phase: PhaseResult, changes: number, idle: PhaseResult | undefined): ChangeCost {
  if (changes <= 0) throw new Error(`phase ${phase.name}: no changes to divide its cost by`);
  const controller = phase.controller;
  const xds = phase.xds as Measured<XdsCounters>;
  const rates = idleRates(idle);
  const cpuMs: Measured<number> = isNotMeasured(controller) ? controller : perChange(controller.cpuSeconds * 1000, changes);
  return {
    phase: phase.name,
    changes,
    cpuMs,
    cpuMsNetOfIdle: isNotMeasured(cpuMs) ? cpuMs : isNotMeasured(rates) ? rates : cpuMs - perChange((rates.cpuMsPerSecond * phase.durationMs) / 1000, changes),
    allocatedBytes: isNotMeasured(controller)
      ? controller
      : controller.allocatedBytes === undefined
        ? { notMeasured: 'the controller exports no go_memstats_alloc_bytes_total' }
        : perChange(controller.allocatedBytes, changes),
    xdsResponses: isNotMeasured(xds) ? xds : perChange(totalOf(xds).responses, changes),
    xdsBytes: isNotMeasured(xds) ? xds : perChange(totalOf(xds).bytes, changes),
    statusWrites: perChange(phase.writes.gateway + phase.writes.routes, changes),
  };
}

/** Each churn phase's cost per change, in the order the phases ran. */
export function churnCosts(results: ChurnResults): ChangeCost[] {
  const idle = results.phases.find((p) => p.name === results.churn.idlePhase);
  return results.churn.phases.flatMap((churnPhase) => {
    const phase = results.phases.find((p) => p.name === churnPhase.name);
    const changes = results.churn.changes.filter((c) => c.phase === churnPhase.name).length;
    return phase && changes > 0 ? [changeCost(phase, changes, idle)] : [];
  });
}

function measuredFigure(key: string, label: string, unit: Figure['unit'], value: Measured<number>): Figure {
  return isNotMeasured(value) ? { key, label, unit, notMeasured: value.notMeasured } : { key, label, unit, value };
}

/** The Churn figures: per kind, status and xDS convergence (samples); per phase, the cost of one change; the stable route. */
export function churnFigures(results: ChurnResults): Figure[] {
  const { changes, stableRoute } = results.churn;
  const figures: Figure[] = [];
  for (const kind of CHANGE_KINDS) {
    const of = changes.filter((c) => c.kind === kind);
    if (of.length === 0) continue;
    const label = KIND_LABELS[kind];
    figures.push(
      sampleFigure(`${CHURN_KEY_PREFIX}${kind}:status`, `${label}: request -> status written`, of, (c) => c.statusMs),
      sampleFigure(`${CHURN_KEY_PREFIX}${kind}:xds`, `${label}: request -> xDS push`, of, (c) => c.xdsMs),
    );
  }
  // Reports of the first Churn runs have no baseline tail.
  const tail: Measured<QuietCpu> = results.churn.baselineTail ?? { notMeasured: 'not recorded in this report' };
  figures.push(
    measuredFigure(
      `${CHURN_KEY_PREFIX}tail`,
      `baseline tail: controller CPU back below ${results.churn.config.quietCores} cores after the baseline's last event`,
      'ms',
      isNotMeasured(tail)
        ? tail
        : tail.quiet
          ? tail.waitedMs
          : { notMeasured: `still ${tail.lastCores.toFixed(2)} cores after ${tail.waitedMs.toFixed(0)} ms` },
    ),
  );
  const rates = idleRates(results.phases.find((p) => p.name === results.churn.idlePhase));
  figures.push(
    measuredFigure(`${CHURN_KEY_PREFIX}idle:cpu`, 'idle: controller CPU ms per second', 'decimal', isNotMeasured(rates) ? rates : rates.cpuMsPerSecond),
  );
  for (const cost of churnCosts(results)) {
    const at = (what: string) => `${cost.phase}: ${what}`;
    const key = (what: string) => `${CHURN_KEY_PREFIX}${cost.phase}:${what}`;
    figures.push(
      measuredFigure(key('cpu'), at('controller CPU per change'), 'ms', cost.cpuMs),
      measuredFigure(key('cpuNet'), at('controller CPU per change, net of idle'), 'ms', cost.cpuMsNetOfIdle),
      measuredFigure(key('alloc'), at('controller bytes allocated per change'), 'bytes', cost.allocatedBytes),
      measuredFigure(key('xdsResponses'), at('xDS responses per change'), 'decimal', cost.xdsResponses),
      measuredFigure(key('xdsBytes'), at('xDS bytes per change'), 'bytes', cost.xdsBytes),
      { key: key('writes'), label: at('status writes per change'), unit: 'decimal', value: cost.statusWrites },
    );
  }
  if (isNotMeasured(stableRoute)) {
    figures.push({ key: `${CHURN_KEY_PREFIX}stable`, label: 'stable route in every RDS push', unit: 'count', notMeasured: stableRoute.notMeasured });
  } else {
    figures.push(
      {
        key: `${CHURN_KEY_PREFIX}stable:pushes`,
        label: `stable route ${stableRoute.route}: RDS pushes checked`,
        unit: 'count',
        value: stableRoute.pushesChecked,
      },
      {
        key: `${CHURN_KEY_PREFIX}stable:misses`,
        label: `stable route ${stableRoute.route}: RDS pushes without it`,
        unit: 'count',
        value: stableRoute.misses.length,
      },
    );
  }
  // By real traffic through the data plane (reports without a data plane, or older ones, have none).
  const http = results.churn.stableRouteHttp;
  if (http !== undefined) {
    const label = 'stable route through the data plane during the churn';
    if (isNotMeasured(http)) figures.push({ key: `${CHURN_KEY_PREFIX}stable:http`, label, unit: 'count', notMeasured: http.notMeasured });
    else {
      figures.push(
        {
          key: `${CHURN_KEY_PREFIX}stable:httpFailed`,
          label: `${label}: failed requests (non-2xx/3xx, connection errors)`,
          unit: 'count',
          value: http.failures,
        },
        { key: `${CHURN_KEY_PREFIX}stable:httpRequests`, label: `${label}: requests`, unit: 'count', value: http.requests },
        { key: `${CHURN_KEY_PREFIX}stable:httpRate`, label: `${label}: requests per second`, unit: 'decimal', value: http.ratePerSecond },
        { key: `${CHURN_KEY_PREFIX}stable:httpGap`, label: `${label}: longest time without an answer`, unit: 'ms', value: http.maxGapMs },
      );
    }
  }
  return figures;
}

/** Every change, one row each: the raw data behind the quantiles. */
export function churnChangeTable(results: ChurnResults): { head: string[]; rows: string[][] } {
  const cell = (value: Measured<number>) => (isNotMeasured(value) ? 'not measured' : `${value.toFixed(1)} ms`);
  return {
    head: ['#', 'kind', 'object', 'status', 'xDS push'],
    rows: results.churn.changes.map((c, i) => [String(i + 1), c.kind, c.object, cell(c.statusMs), cell(c.xdsMs)]),
  };
}
