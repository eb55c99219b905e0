// LOADTEST_COMPARE_TO: the saved report(s) a run is checked against for regressions. Read and checked before the run
// starts, so that a wrong path fails in a second and not after a 30-minute run. One saved run against this one is one
// run per side: the check (report/compare.ts compareReports) says that between-run variance is unknown from it;
// `npm run ab` gives the verdict between builds.
import { existsSync } from 'node:fs';
import { readSetting } from '../config/section.js';
import { ConfigError, type Env } from '../env.js';
import { type RunReport, readRunReport } from './reportFile.js';
import { reportsSection } from './section.js';

export const COMPARE_TO_VARIABLE = reportsSection.settings.compareTo.env;

/**
 * The saved report of `testName` that LOADTEST_COMPARE_TO names (one report file, or several separated by commas,
 * one per test, when several blocks run), or undefined when the variable is not set. Throws a ConfigError for a
 * missing file, a file that is not a run report, or no report of this test and route count.
 */
export function readCompareTo(env: Env, testName: string, routes: number): RunReport | undefined {
  const value = readSetting(env, reportsSection.settings.compareTo);
  if (!value) return undefined;
  const paths = value
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean);
  const reports = paths.map((path) => {
    if (!existsSync(path)) {
      throw new ConfigError(`${COMPARE_TO_VARIABLE}: ${path} does not exist; give the JSON report of an earlier run, e.g. reports/<run>-${testName}.json`);
    }
    try {
      return { path, report: readRunReport(path) };
    } catch (error) {
      throw new ConfigError(`${COMPARE_TO_VARIABLE}: ${(error as Error).message}`);
    }
  });
  const ofTest = reports.filter(({ report }) => report.results.testName === testName);
  if (ofTest.length === 0) {
    const found = reports.map(({ path, report }) => `${path} is a report of ${report.results.testName}`).join('; ');
    throw new ConfigError(
      `${COMPARE_TO_VARIABLE} names no report of ${testName} (${found}); give one report per test that runs, separated by commas, or unset it`,
    );
  }
  if (ofTest.length > 1)
    throw new ConfigError(`${COMPARE_TO_VARIABLE} names ${ofTest.length} reports of ${testName} (${ofTest.map((r) => r.path).join(', ')}); give one`);
  const [{ path, report }] = ofTest as [{ path: string; report: RunReport }];
  if (report.results.config.routes !== routes) {
    throw new ConfigError(
      `${COMPARE_TO_VARIABLE}: ${path} measured ${report.results.config.routes} routes, this run ${routes}: times at different route counts do not compare`,
    );
  }
  return report;
}
