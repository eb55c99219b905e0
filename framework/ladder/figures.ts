// The CapacityLadder's own figures for reports and `npm run compare`: each step's samples (so the rank-sum test applies
// step by step), each step's costs, the knee, the growth exponents, and the harness's share at the top step.
import { isNotMeasured, type Measured } from '../measure/notMeasured.js';
import type { Figure, Unit } from '../report/figures.js';
import { quantile } from '../report/statistics.js';
import { formatRSquared } from './growth.js';
import { GROWTH_FIGURES, type GrowthFigure, type LadderResults, type LadderStep } from './results.js';

export const LADDER_KEY_PREFIX = 'ladder:';

const SAMPLE_FIELDS = [
  { key: 'setup', label: 'setup', field: 'setupMs' },
  { key: 'routeReady', label: 'route ready', field: 'routeReadyMs' },
  { key: 'teardown', label: 'teardown', field: 'teardownMs' },
] as const;

/** A growth figure's value as a report figure: its unit, and the value in that unit (MiB and KiB as bytes). */
function asFigure(figure: GrowthFigure, value: number): { unit: Unit; value: number } {
  switch (GROWTH_FIGURES[figure].unit) {
    case 'MiB':
      return { unit: 'bytes', value: value * 2 ** 20 };
    case 'KiB':
      return { unit: 'bytes', value: value * 2 ** 10 };
    case 'writes':
      return { unit: 'decimal', value };
    default:
      return { unit: 'ms', value };
  }
}

function measured(key: string, label: string, unit: Unit, value: Measured<number>): Figure {
  return isNotMeasured(value) ? { key, label, unit, notMeasured: value.notMeasured } : { key, label, unit, value };
}

export function ladderFigures(results: LadderResults): Figure[] {
  const { steps, knee, growth, harnessShare, config } = results.ladder;
  const figures: Figure[] = [];
  for (const step of steps) {
    for (const { key, label, field } of SAMPLE_FIELDS) {
      const values = step.samples.map((s) => s[field]).filter((v): v is number => typeof v === 'number');
      const figureKey = `${LADDER_KEY_PREFIX}${step.routes}:${key}`;
      const figureLabel = `${step.routes} routes: ${label}`;
      figures.push(
        values.length
          ? { key: figureKey, label: figureLabel, unit: 'ms', samples: values }
          : { key: figureKey, label: figureLabel, unit: 'ms', notMeasured: step.knee?.reason ?? 'no sample measured it' },
      );
    }
  }
  figures.push(
    knee
      ? { key: `${LADDER_KEY_PREFIX}knee`, label: `the knee (${knee.kind}: ${knee.reason})`, unit: 'count', value: knee.routes }
      : {
          key: `${LADDER_KEY_PREFIX}knee`,
          label: 'the knee',
          unit: 'count',
          notMeasured: `no step crossed a limit up to ${steps.at(-1)?.routes ?? 0} routes (steps ${config.steps.join(', ')})`,
        },
  );
  for (const figure of Object.keys(GROWTH_FIGURES) as GrowthFigure[]) {
    const { label } = GROWTH_FIGURES[figure];
    const { values, fit } = growth[figure];
    steps.forEach((step, i) => {
      const value = values[i];
      const key = `${LADDER_KEY_PREFIX}${step.routes}:${figure}`;
      const what = `${step.routes} routes: ${label}`;
      if (value === null || value === undefined) figures.push({ key, label: what, unit: 'ms', notMeasured: step.knee?.reason ?? 'not measured at this step' });
      else figures.push({ key, label: what, ...asFigure(figure, value) });
    });
    figures.push(
      isNotMeasured(fit)
        ? { key: `${LADDER_KEY_PREFIX}exponent:${figure}`, label: `growth exponent of ${label}`, unit: 'decimal', notMeasured: fit.notMeasured }
        : {
            key: `${LADDER_KEY_PREFIX}exponent:${figure}`,
            label: `growth exponent of ${label} (N^b over ${fit.points} steps, R² ${formatRSquared(fit)})`,
            unit: 'decimal',
            value: fit.exponent,
          },
    );
  }
  if (isNotMeasured(harnessShare)) {
    figures.push({ key: `${LADDER_KEY_PREFIX}top:harness`, label: "the harness's own CPU at the top step", unit: 's', notMeasured: harnessShare.notMeasured });
  } else {
    const at = `at the top step (${harnessShare.routes} routes, ${harnessShare.wallSeconds.toFixed(0)} s)`;
    figures.push(
      measured(`${LADDER_KEY_PREFIX}top:harness`, `the harness's own CPU ${at}`, 's', harnessShare.harnessCpuSeconds),
      measured(`${LADDER_KEY_PREFIX}top:controller`, `the controller's CPU ${at}`, 's', harnessShare.controllerCpuSeconds),
      measured(`${LADDER_KEY_PREFIX}top:apiServer`, `the API server's CPU ${at}`, 's', harnessShare.apiServerCpuSeconds),
      {
        key: `${LADDER_KEY_PREFIX}top:machine`,
        label: `the machine's busy CPU ${at}, of ${(harnessShare.wallSeconds * harnessShare.cores).toFixed(0)} s on ${harnessShare.cores} cores${harnessShare.machineStealSeconds === undefined ? '' : ` (besides ${harnessShare.machineStealSeconds.toFixed(1)} s stolen by the hypervisor)`}`,
        unit: 's',
        value: harnessShare.machineBusySeconds,
      },
    );
  }
  return figures;
}

const p50Cell = (step: LadderStep, pick: (s: LadderStep['samples'][number]) => unknown) => {
  const values = step.samples.map(pick).filter((v): v is number => typeof v === 'number');
  return values.length ? `${quantile(values, 0.5).toFixed(1)} ms` : '-';
};

/** The API server's worst phase of the step: its mutating requests' p99 bound and mean APF queue wait. */
function apiServerCell(results: LadderResults, step: LadderStep): string {
  const loads = results.phases
    .filter((p) => step.phases.includes(p.name))
    .flatMap((p) => (p.apiServerLoad && !isNotMeasured(p.apiServerLoad) ? [p.apiServerLoad] : []));
  if (loads.length === 0) return 'not measured';
  const p99 = Math.max(...loads.map((l) => l.mutatingP99BoundMs ?? 0));
  const wait = Math.max(...loads.map((l) => l.meanQueueWaitMs ?? 0));
  return `${Number.isFinite(p99) ? `${p99} ms` : '> largest bucket'}, ${wait.toFixed(1)} ms`;
}

/** One row per step: what the report's sample table shows for a ladder. */
export function ladderStepTable(results: LadderResults): { head: string[]; rows: string[][] } {
  const { steps, growth } = results.ladder;
  const cell = (figure: GrowthFigure, i: number) => {
    const value = growth[figure].values[i];
    return value === null || value === undefined ? '-' : value.toFixed(1);
  };
  return {
    head: [
      'routes',
      'load avg (1 min)',
      'baseline attached',
      'setup p50',
      'route ready p50',
      'teardown p50',
      'CPU/route (ms)',
      'peak memory (MiB)',
      'xDS KiB/push',
      'writes/route',
      'API server: mutating p99 <=, APF wait',
      'ended the ladder',
    ],
    rows: steps.map((step, i) => [
      String(step.routes),
      step.loadAverage[0].toFixed(2),
      isNotMeasured(step.baseline) || isNotMeasured(step.baseline.attachMs) ? 'not measured' : `${(step.baseline.attachMs / 1000).toFixed(1)} s`,
      p50Cell(step, (s) => s.setupMs),
      p50Cell(step, (s) => s.routeReadyMs),
      p50Cell(step, (s) => s.teardownMs),
      cell('controllerCpuPerSample', i),
      cell('controllerPeakMemory', i),
      cell('xdsBytesPerPush', i),
      cell('statusWritesPerSample', i),
      apiServerCell(results, step),
      step.knee ? `${step.knee.kind}: ${step.knee.reason}` : '',
    ]),
  };
}
