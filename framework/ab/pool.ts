// One arm's runs pooled into one report, so that compare's rank-sum test sees every sample of every round. Per-sample
// figures are concatenated; figures measured once per run (baseline attach time, per-phase counts, CPU, memory) have
// one value per round, and the pooled report carries their median over the rounds.
import type { TestResults } from '../loadtest/results.js';
import { parseRunReport, ReportFileError, type RunReport, runReport } from '../report/reportFile.js';
import { describeRun, type RunDescription } from '../report/runDescription.js';

/** What a round's JSON file gave: a self-describing report, or bare results from a suite that still writes those. */
export interface RoundReport {
  readonly path: string;
  readonly results: TestResults;
  readonly run?: RunDescription;
}

export function readRoundReport(path: string, text: string): RoundReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(`${path}: not JSON: ${(error as Error).message}`);
  }
  const record = value as Record<string, unknown>;
  if (record && typeof record === 'object' && !('schemaVersion' in record) && 'testName' in record && 'samples' in record) {
    // Bare results (the suite's writer before reports described themselves): the A/B run describes them itself.
    return { path, results: value as TestResults };
  }
  const report = parseRunReport(value, path);
  return { path, results: report.results, run: report.run };
}

const isNotMeasured = (value: unknown): boolean => typeof value === 'object' && value !== null && 'notMeasured' in value;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The median over rounds of a figure measured once per run, field by field: numbers by their median, objects key by
 * key, anything not measured in any round stays not measured (with that round's reason), other values from round 1.
 */
export function medianOverRounds(values: readonly unknown[]): unknown {
  const notMeasured = values.find(isNotMeasured);
  if (notMeasured !== undefined) return notMeasured;
  if (values.every((value) => typeof value === 'number')) return median(values as number[]);
  if (values.every((value) => typeof value === 'object' && value !== null && !Array.isArray(value))) {
    const objects = values as Record<string, unknown>[];
    const keys = [...new Set(objects.flatMap((object) => Object.keys(object)))];
    // A key missing from a round (e.g. no request of that verb) is left out of that key's median.
    return Object.fromEntries(keys.map((key) => [key, medianOverRounds(objects.map((object) => object[key]).filter((value) => value !== undefined))]));
  }
  return values[0];
}

export interface PooledArm {
  /** "A" or "B". */
  readonly arm: string;
  /** The controller spec, as given. */
  readonly spec: string;
  readonly rounds: readonly RoundReport[];
}

/** One report for an arm: every round's samples, the once-per-run figures' medians, the first round's description. */
export function poolArm({ arm, spec, rounds }: PooledArm): RunReport {
  const first = rounds[0];
  if (!first) throw new Error(`arm ${arm}: no runs to pool`);
  const results = rounds.map((round) => round.results);
  const samples = results.flatMap((result) => result.samples).map((sample, index) => ({ ...sample, index }));
  const phaseNames = first.results.phases.map((phase) => phase.name);
  const pooled: TestResults = {
    ...first.results,
    runId: `${arm}: ${results.map((result) => result.runId).join('+')}`,
    samples,
    baseline: medianOverRounds(results.map((result) => result.baseline)) as TestResults['baseline'],
    phases: phaseNames.map(
      (name) => medianOverRounds(results.map((result) => result.phases.find((phase) => phase.name === name)).filter(Boolean)) as TestResults['phases'][number],
    ),
    wallMs: median(results.map((result) => result.wallMs)),
  };
  const name = spec.split(/[@:]/)[0] ?? spec;
  const described =
    first.run ??
    describeRun({
      // Bare results name the controller as "<name> <version>" and do not say where its binary came from.
      controller: { name, version: first.results.cluster.controller?.replace(`${name} `, '') ?? spec, origin: `A/B arm ${spec}` },
      kubernetesVersion: first.results.cluster.kubernetesVersion,
      settings: { ...first.results.config },
    });
  const run: RunDescription = {
    ...described,
    settings: { ...described.settings, ab: { arm, spec, rounds: rounds.length, runs: rounds.map((round) => round.path) } },
  };
  return runReport(pooled, run);
}
