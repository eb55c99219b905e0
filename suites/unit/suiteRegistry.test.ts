// The suite registry and the suites' definitions, without a cluster (TEST FIXTURE reports: seeded, made-up numbers):
// every report is read through its suite, found by its test name; a report of no known suite, or without the fields
// its suite reads, is refused with the reason.
import { describe, expect, test } from 'vitest';
import { RUNNABLE_SUITES } from '../../cli/suites.js';
import { isSampleFigure } from '../../framework/report/figures.js';
import { parseRunReport, ReportFileError } from '../../framework/report/reportFile.js';
import { figuresOf } from '../../framework/report/runFigures.js';
import { suiteNamed, suiteOfTest, suites, suiteTests, UnknownSuiteError, undeclaredPhases } from '../../framework/suite/registry.js';
import { fixtureReport, fixtureResults } from '../support/reportFixture.js';

describe('Suite registry', () => {
  test('each test name belongs to one suite, and each command name to one test', () => {
    const tests = suiteTests().map(({ test }) => test.name);
    expect(tests).toEqual(expect.arrayContaining(['AttachedRoutesBaseline', 'AttachedRoutesProduction', 'ControllerRestart', 'Churn']));
    expect(new Set(tests).size).toBe(tests.length);
    const commands = suiteTests().map(({ test }) => test.command);
    expect(commands).toEqual(expect.arrayContaining(['baseline', 'production', 'restart', 'churn']));
    expect(new Set(commands).size).toBe(commands.length);
    expect(new Set(suites().map((suite) => suite.name)).size).toBe(suites().length);
    expect(suiteOfTest('AttachedRoutesProduction')).toBe(suiteNamed('AttachedRoutes'));
  });

  test("the CLI's `run <suite>` list is the registry's tests: same commands, files, test names and route defaults", () => {
    // cli/suites.ts stays a plain list so that `--help` imports no suite module; this keeps it from drifting.
    const fromRegistry = suiteTests().map(({ suite, test }) => ({
      name: test.command,
      file: suite.file,
      testName: test.name,
      routes: test.defaultRoutes,
      variable: test.routesVariable,
    }));
    const fromCli = RUNNABLE_SUITES.map((s) => ({ name: s.name, file: s.file, testName: s.testName, routes: s.routes.default, variable: s.routes.env }));
    expect(fromCli).toEqual(fromRegistry);
  });

  test('an unknown suite or test is an error that lists the known ones', () => {
    expect(() => suiteOfTest('AttachedRoutesBaselin')).toThrow(UnknownSuiteError);
    expect(() => suiteOfTest('AttachedRoutesBaselin')).toThrow(/known: AttachedRoutesBaseline, AttachedRoutesProduction, /);
    expect(() => suiteNamed('Capacity')).toThrow(/no suite named "Capacity"; known: AttachedRoutes, /);
  });

  test('a report of a test no suite runs is refused by the reader, before compare reads a figure', () => {
    const report = fixtureReport({ seed: 1, testName: 'Hold' });
    expect(() => parseRunReport(JSON.parse(JSON.stringify(report)), 'hold.json')).toThrow(ReportFileError);
    expect(() => parseRunReport(JSON.parse(JSON.stringify(report)), 'hold.json')).toThrow(/hold\.json: no suite of this harness runs a test named "Hold"/);
  });

  test("a suite's own results fields are checked by its schema: a Churn report without its changes is refused", () => {
    const report = fixtureReport({ seed: 1, samples: 0, testName: 'Churn' });
    expect(() => parseRunReport(JSON.parse(JSON.stringify(report)), 'churn.json')).toThrow(/churn\.json: not a valid run report:\n {2}results\.churn: /);
  });

  test("a run's figures are its suite's own, then the baseline's and each phase's", () => {
    const results = fixtureResults({ seed: 1 });
    const keys = figuresOf(results).map((figure) => figure.key);
    const own = suiteNamed('AttachedRoutes')
      .figures(results)
      .map((figure) => figure.key);
    expect(keys.slice(0, own.length)).toEqual(own);
    expect(keys.slice(own.length, own.length + 2)).toEqual(['baselineAttach', 'baselineXds']);
    expect(keys.at(-1)).toBe('incremental: xDS bytes');
  });

  test("Attached Routes' compare keys are per-sample figures of its runs, drawn in its report", () => {
    const results = fixtureResults({ seed: 1 });
    const { compareKeys } = suiteNamed('AttachedRoutes');
    const drawn = figuresOf(results).filter((figure) => compareKeys.includes(figure.key));
    expect(drawn.map((figure) => figure.key)).toEqual(['setup', 'routeReady', 'teardown']);
    expect(drawn.every(isSampleFigure)).toBe(true);
    // The verdict's primary figure is one of them.
    expect(compareKeys).toContain(suiteNamed('AttachedRoutes').primaryFigure);
  });

  test('declared phases: exact names, and "prefix..." for a family; any other phase is undeclared', () => {
    const phases = (...names: string[]) => ({ phases: names.map((name) => ({ name })) });
    expect(undeclaredPhases(suiteNamed('AttachedRoutes'), phases('baseline', 'incremental'))).toEqual([]);
    expect(undeclaredPhases(suiteNamed('AttachedRoutes'), phases('baseline', 'recovery'))).toEqual(['recovery']);
    expect(undeclaredPhases(suiteNamed('Churn'), phases('baseline', 'baseline tail', 'idle', 'churn: routes added and deleted'))).toEqual([]);
    expect(undeclaredPhases(suiteNamed('Churn'), phases('churning'))).toEqual(['churning']);
    expect(undeclaredPhases(suiteNamed('ControllerRestart'), phases('baseline', 'recovery'))).toEqual([]);
  });
});
