// What every load-test suite does with its results (Attached Routes, ControllerRestart, Churn): describe the run,
// write its reports, and check it against a saved report (LOADTEST_COMPARE_TO). One place, so the suites agree.
import { join } from 'node:path';
import { expect, type TestContext, test } from 'vitest';
import { readSetting } from '../../framework/config/section.js';
import { KGATEWAY_MODULE } from '../../framework/controllers/kgateway/version.js';
import type { TestResults } from '../../framework/loadtest/results.js';
import type { AttachmentPoint } from '../../framework/report/charts.js';
import { compareReports, comparisonMarkdown, comparisonTable } from '../../framework/report/compare.js';
import { COMPARE_TO_VARIABLE } from '../../framework/report/compareTo.js';
import { type RunReport, runReport } from '../../framework/report/reportFile.js';
import { type DescribedCluster, describeControllerUnderTest, describeRun, type RunDescription, runSettings } from '../../framework/report/runDescription.js';
import { reportsSection } from '../../framework/report/section.js';
import { type WrittenReport, writeRunReport } from '../../framework/report/writeReport.js';
import { suiteOfTest, undeclaredPhases } from '../../framework/suite/registry.js';

/** The Go module each controller is built from by default, for the report's "origin" when its module names none. */
const DEFAULT_MODULES = { kgateway: KGATEWAY_MODULE };

export interface SuiteReport {
  readonly run: RunDescription;
  readonly written: WrittenReport;
}

/** Describes the run (controller, versions, settings plus the suite's own) and writes its JSON, Markdown, HTML, charts. */
export async function writeSuiteReport(options: {
  readonly testName: string;
  readonly results: TestResults;
  readonly cluster: DescribedCluster;
  readonly timeline: readonly AttachmentPoint[] | undefined;
  readonly suiteSettings?: Record<string, unknown>;
  readonly progress: (line: string) => void;
}): Promise<SuiteReport> {
  const { testName, results, cluster, progress } = options;
  const controller = describeControllerUnderTest(cluster, DEFAULT_MODULES);
  const run = describeRun({
    controller,
    kubernetesVersion: results.cluster.kubernetesVersion,
    settings: { ...runSettings(results.config, cluster), ...options.suiteSettings },
    controllerVariablePrefixes: 'name' in controller ? [`${controller.name.toUpperCase()}_`] : [],
  });
  const written = await writeRunReport(results, run, readSetting(process.env, reportsSection.settings.dir) ?? join(process.cwd(), 'reports'), options.timeline);
  progress(`[${testName}] reports: ${[written.json, written.markdown, written.html, ...written.charts].join(', ')}`);
  return { run, written };
}

export const REGRESSION_TEST_NAME = `no significant regression against the saved report (${COMPARE_TO_VARIABLE})`;

/** The body of every suite's regression test: skipped, with the reason printed, when no saved report is given. */
export async function expectNoRegression(
  context: Pick<TestContext, 'annotate' | 'skip'>,
  options: {
    readonly testName: string;
    readonly saved: RunReport | undefined;
    readonly results: TestResults;
    readonly run: RunDescription;
    readonly timeline: readonly AttachmentPoint[] | undefined;
    readonly progress: (line: string) => void;
  },
): Promise<void> {
  const { testName, saved, progress } = options;
  if (!saved) {
    const reason = `${COMPARE_TO_VARIABLE} is not set: no saved report to compare this run with`;
    progress(`[${testName}] regression check skipped: ${reason}`);
    context.skip(reason);
    return;
  }
  const comparison = compareReports(saved, runReport(options.results, options.run, options.timeline));
  progress(comparisonTable(comparison));
  await context.annotate(`compared with run ${comparison.before.runId}`, {
    body: comparisonMarkdown(comparison),
    bodyEncoding: 'utf-8',
    contentType: 'text/markdown',
  });
  expect(
    comparison.regressions.map((figure) => `${figure.label}: ${figure.basis}`),
    `significantly slower than run ${comparison.before.runId} beyond the ${comparison.options.tolerance * 100} % tolerance`,
  ).toEqual([]);
}

export const PHASES_TEST_NAME = 'the measured phases are those its suite declares (framework/<suite>/suite.ts)';

/** The body of every suite's phases test: reports, compare and docs name phases by the suite's declaration. */
export function expectDeclaredPhases(results: TestResults): void {
  const suite = suiteOfTest(results.testName);
  expect(results.phases.length, 'phases measured').toBeGreaterThan(0);
  expect(undeclaredPhases(suite, results), `phases ${suite.name} does not declare (${suite.phases.map((p) => p.name).join(', ')})`).toEqual([]);
}

/** What the closing tests read once the suite's beforeAll has run. */
export interface ClosingState {
  readonly testName: string;
  readonly saved: RunReport | undefined;
  readonly results: TestResults;
  readonly run: RunDescription;
  readonly loadTest: {
    readonly attachmentTimeline: readonly AttachmentPoint[] | undefined;
    cleanup(): Promise<void>;
    remainingObjects(): Promise<Record<string, number>>;
  };
  readonly progress: (line: string) => void;
}

export const CLEANUP_TEST_NAME = 'cleanup leaves nothing with the run label in the cluster';

/**
 * The three tests every suite ends with, registered inside its describe block: the phases it declares were measured,
 * no significant regression against a saved report, and its cleanup (delete by the run's label, wait until its
 * namespaces are gone) leaves nothing behind. `state` is read when the tests run, after the suite's beforeAll.
 */
export function closingTests(state: () => ClosingState): void {
  test(PHASES_TEST_NAME, () => expectDeclaredPhases(state().results));
  test(REGRESSION_TEST_NAME, (context) => {
    const { testName, saved, results, run, loadTest, progress } = state();
    return expectNoRegression(context, { testName, saved, results, run, timeline: loadTest.attachmentTimeline, progress });
  });
  test(
    CLEANUP_TEST_NAME,
    async () => {
      const { loadTest } = state();
      await loadTest.cleanup();
      expect(await loadTest.remainingObjects()).toEqual({});
    },
    10 * 60_000,
  );
}
