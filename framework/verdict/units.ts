// What a verdict is computed from: per figure, one value per unit of replication on each side.
//
// An A/B has several rounds per side, each a fresh control plane with its own baseline: the round is the unit. A
// per-sample figure gives one value per round (the median of its samples), a figure measured once per run gives its
// value (or, asked for, its fastest sample); samples of one round share that round's machine state, so they are not independent of each other and are
// never pooled into the interval. A comparison of two single runs has one round per side: its only replication is
// the samples, so they become the units, and the interval knows nothing of how runs differ (said in the output).

import type { TestResults } from '../loadtest/results.js';
import { median } from '../measure/quantiles.js';
import { type Figure, isSampleFigure, isScalarFigure, type Unit } from '../report/figures.js';
import { figuresOf } from '../report/runFigures.js';

export interface FigureUnits {
  readonly key: string;
  readonly label: string;
  readonly unit: Unit;
  /** `samples`: a per-sample figure; `run`: one value per run. */
  readonly kind: 'samples' | 'run';
  /** One value per unit (round medians, round values, or samples). */
  readonly units: readonly number[];
  /** Every sample (per-sample figures) or every round's value, for quantiles and charts. */
  readonly values: readonly number[];
  /** Rounds in which the figure was not measured, with why; empty when measured in all. */
  readonly missing: readonly string[];
}

export interface NotMeasuredUnits {
  readonly key: string;
  readonly label: string;
  readonly unit: Unit;
  readonly notMeasured: string;
}

export type SideUnits = FigureUnits | NotMeasuredUnits;

export const isMeasured = (side: SideUnits): side is FigureUnits => !('notMeasured' in side);

/** One run: a per-sample figure's samples are its units; a figure measured once has one unit (no interval). */
export function unitsOfRun(results: TestResults): Map<string, SideUnits> {
  return new Map(
    figuresOf(results).map((figure): [string, SideUnits] => {
      const { key, label, unit } = figure;
      if (isSampleFigure(figure)) return [key, { key, label, unit, kind: 'samples', units: figure.samples, values: figure.samples, missing: [] }];
      if (isScalarFigure(figure)) return [key, { key, label, unit, kind: 'run', units: [figure.value], values: [figure.value], missing: [] }];
      return [key, { key, label, unit, notMeasured: figure.notMeasured }];
    }),
  );
}

/**
 * What one round's samples of a per-sample figure are summarised by: `median` (the typical sample, the default) or
 * `min` (the fastest sample: on a loaded machine, noise only ever adds time, so the minimum moves least between
 * rounds; it sees a change that shifts every sample, not one that only widens the tail).
 */
export type RoundStatistic = 'median' | 'min';

export const ROUND_STATISTICS: readonly RoundStatistic[] = ['median', 'min'];

/** Several rounds of one side: one unit per round in which the figure was measured. */
export function unitsOfRounds(rounds: readonly TestResults[], statistic: RoundStatistic = 'median'): Map<string, SideUnits> {
  const perRound = rounds.map((results) => new Map(figuresOf(results).map((figure) => [figure.key, figure])));
  const keys = [...new Set(perRound.flatMap((figures) => [...figures.keys()]))];
  const summarise = statistic === 'min' ? (values: readonly number[]) => Math.min(...values) : median;
  return new Map(
    keys.map((key) => [
      key,
      roundUnits(
        key,
        perRound.map((figures) => figures.get(key)),
        summarise,
      ),
    ]),
  );
}

function roundUnits(key: string, figures: readonly (Figure | undefined)[], summarise: (values: readonly number[]) => number): SideUnits {
  const present = figures.find((figure): figure is Figure => figure !== undefined) as Figure;
  const { label, unit } = present;
  const units: number[] = [];
  const values: number[] = [];
  const missing: string[] = [];
  let kind: FigureUnits['kind'] = 'run';
  figures.forEach((figure, index) => {
    const round = `round ${index + 1}`;
    if (!figure) missing.push(`${round}: absent`);
    else if (isSampleFigure(figure)) {
      kind = 'samples';
      units.push(summarise(figure.samples));
      values.push(...figure.samples);
    } else if (isScalarFigure(figure)) {
      units.push(figure.value);
      values.push(figure.value);
    } else missing.push(`${round}: ${figure.notMeasured}`);
  });
  if (units.length === 0) return { key, label, unit, notMeasured: [...new Set(missing.map((m) => m.replace(/^round \d+: /, '')))].join('; ') };
  return { key, label, unit, kind, units, values, missing };
}
