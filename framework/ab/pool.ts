// An A/B round's report, read from the JSON file its run wrote. Rounds are never pooled into one report: the round is
// the unit of the verdict (framework/verdict/units.ts), so each stays a report of its own.
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

/** A round as a run report: its own description, or for bare results one made from the arm's controller spec. */
export function roundRunReport(round: RoundReport, spec: string): RunReport {
  if (round.run) return runReport(round.results, round.run);
  const name = spec.split(/[@:]/)[0] ?? spec;
  const run = describeRun({
    // Bare results name the controller as "<name> <version>" and do not say where its binary came from.
    controller: { name, version: round.results.cluster.controller?.replace(`${name} `, '') ?? spec, origin: `A/B arm ${spec}` },
    kubernetesVersion: round.results.cluster.kubernetesVersion,
    settings: { ...round.results.config },
  });
  return runReport(round.results, run);
}
