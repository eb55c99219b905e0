// What a load-test suite is to the rest of the harness: its name and tests, its phases, and how its results turn into
// the named figures that reports, `compare` and A/B read. Each suite defines one (framework/<suite>/suite.ts) and is
// listed in registry.ts; report/ knows this interface and the registry, never a suite.
import type { z } from 'zod';
import type { TestResults } from '../loadtest/results.js';
import type { Chart } from '../report/charts.js';
import type { Figure } from '../report/figures.js';

/** One way to run the suite: a Vitest describe block, whose name is also the results' testName and the report's suffix. */
export interface SuiteTest {
  /** The describe block's name, e.g. "AttachedRoutesBaseline" (CI, the VS Code explorer and `-t` filter on it). */
  readonly name: string;
  /** The command-line name, e.g. "baseline" (`gateway-loadtest run baseline`). */
  readonly command: string;
  /** The variable that sets its route count, e.g. LOADTEST_BASELINE_ROUTES, and the count without it. */
  readonly routesVariable: string;
  readonly defaultRoutes: number;
}

/** A measured phase: its name in results.phases and in the per-phase figures' keys ("baseline: controller CPU"). */
export interface SuitePhase {
  /** The phase's name; one ending in "..." stands for a family of phases named with that prefix. */
  readonly name: string;
  /** What the controller does during it, in a line. */
  readonly about: string;
}

/** Every sample (or change) of a run, one row each: the raw data behind the quantiles. */
export interface SampleTable {
  /** What a row is, plural: "samples", "changes". */
  readonly noun: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface Suite {
  /** e.g. "AttachedRoutes": the outer describe block where there is one, and the name docs and the registry use. */
  readonly name: string;
  /** For people, e.g. "Attached Routes". */
  readonly title: string;
  /** The test file, relative to the repository root, and its Vitest project (tier). */
  readonly file: string;
  readonly project: 'cluster' | 'lifecycle';
  readonly tests: readonly SuiteTest[];
  /** The measured phases, in the order they run. */
  readonly phases: readonly SuitePhase[];
  /**
   * The key of the figure a comparison's verdict is decided on at full confidence (the others are secondary and share
   * alpha: report/compare.ts). Declared here, before any data is seen: choosing it after would spend the correction
   * for multiple figures.
   */
  readonly primaryFigure: string;
  /**
   * The fields its results add to TestResults, as a report reader checks them (only what its figures read); undefined
   * when it adds none.
   */
  readonly resultsSchema?: z.ZodType;
  /** Its own figures, ahead of those every run has (the baseline's and each phase's: report/figures.ts). */
  figures(results: TestResults): Figure[];
  /**
   * The per-sample figures a comparison leads with: drawn as distributions in a run's report and side by side in
   * `compare`, and printed per A/B round.
   */
  readonly compareKeys: readonly string[];
  /** Charts of its own, beyond the distributions of compareKeys and the baseline's attachment curve. */
  charts(results: TestResults): Promise<Chart[]>;
  sampleTable(results: TestResults): SampleTable;
}
