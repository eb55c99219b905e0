// A/B of two controllers: the same test for arm A and arm B, round after round, each run on a fresh local control
// plane in a child `vitest run` with that arm's environment. Rounds go in ABBA order (AB, BA, AB, BA, ...), so a
// drift of the machine over the A/B (a build next door, a warming page cache) falls on both arms alike. The round is
// the unit of the verdict (report/compare.ts compareRounds): A is "before", B is "after".
//
// Everything a run leaves is kept under the A/B's directory (the plan, each run's report, log and timing), so an
// interrupted A/B resumes from what it saved. With --min-rounds below --rounds it looks at the interval after each
// round from the minimum on and stops once the primary figure is decided; each look then spends alpha / looks
// (Bonferroni over the planned looks), so stopping early does not raise the false-verdict rate.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Progress } from '../cluster/build/progress.js';
import { runLoggedChild } from '../cluster/process/childRun.js';
import { configSection, NO_CONFIG_FILE } from '../config/file.js';
import { controllerNamed, controllerVariables } from '../controllers/index.js';
import type { ControllerSpec } from '../controllers/spec.js';
import { ConfigError } from '../env.js';
import { median } from '../measure/quantiles.js';
import { type CompareOptions, type Comparison, compareRounds, DEFAULT_COMPARE_OPTIONS } from '../report/compare.js';
import type { RunReport } from '../report/reportFile.js';
import { describeHarness, type RunDescription } from '../report/runDescription.js';
import { suiteOfTest, suiteTests } from '../suite/registry.js';
import { formatInterval } from '../verdict/interval.js';
import { vitestRunArgs } from '../vitestRun.js';
import { type RoundReport, readRoundReport, roundRunReport } from './pool.js';

/** The tests an A/B can run (every test of every suite), with the variable that sets their route count. */
export const AB_TESTS: Readonly<Record<string, string>> = Object.fromEntries(suiteTests().map(({ test }) => [test.name, test.routesVariable]));

export interface AbOptions {
  readonly a: ControllerSpec;
  readonly b: ControllerSpec;
  /** Rounds per side at most; each round runs A once and B once. */
  readonly rounds: number;
  /** Rounds per side before the first look at the interval (= rounds: no early stop). */
  readonly minRounds: number;
  readonly routes: number;
  readonly samples: number;
  readonly test: string;
  /** Where the plan and each run's reports, log and timing go: <outDir>/round-<r>-<arm>/. */
  readonly outDir: string;
  readonly compare?: CompareOptions;
}

export interface AbRun {
  readonly round: number;
  readonly arm: 'A' | 'B';
  readonly spec: string;
  readonly report: RoundReport;
  readonly seconds: number;
  /** /proc/loadavg's 1, 5 and 15 minute averages when the run started. */
  readonly loadAverage: readonly number[];
  /** True when the run was found saved by an earlier, interrupted A/B. */
  readonly resumed: boolean;
}

export interface AbResult {
  readonly runs: readonly AbRun[];
  readonly comparison: Comparison;
  /** Rounds per side the verdict used. */
  readonly rounds: number;
  readonly stoppedEarly: boolean;
  /** Planned looks at the interval, and the alpha each spent. */
  readonly looks: number;
  readonly alphaPerLook: number;
}

/** The order of the arms in round r (1-based): AB, BA, AB, BA, ... (ABBA blocks of two rounds). */
export function armOrder(round: number): readonly ('A' | 'B')[] {
  return round % 2 === 1 ? ['A', 'B'] : ['B', 'A'];
}

/** Bad input found before any cluster starts. */
export function checkAbOptions(options: Pick<AbOptions, 'a' | 'b' | 'test' | 'rounds' | 'minRounds'>): void {
  if (!AB_TESTS[options.test]) throw new ConfigError(`--test ${options.test}: not a test an A/B can run; known: ${Object.keys(AB_TESTS).join(', ')}`);
  if (options.minRounds > options.rounds) throw new ConfigError(`--min-rounds ${options.minRounds} is more than --rounds ${options.rounds}`);
  if (options.minRounds < 2) throw new ConfigError(`--min-rounds ${options.minRounds}: an interval needs at least 2 rounds per side`);
  for (const spec of [options.a, options.b]) {
    // The instrument has no restart of its own: ControllerRestart would skip itself and write no report.
    if (options.test === 'ControllerRestart' && spec.name === 'calibration') {
      throw new ConfigError(`--test ControllerRestart: ${spec.text} cannot be restarted (the calibration instrument has no restart)`);
    }
  }
}

/** The child's environment: ours without any cluster or controller choice, plus the arm's and the run's settings. */
export function armEnvironment(
  base: NodeJS.ProcessEnv,
  spec: ControllerSpec,
  options: Pick<AbOptions, 'test' | 'routes' | 'samples'>,
  reportDir: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  const cleared = [
    ...controllerVariables(),
    'KUBECONFIG',
    'CLUSTER_NAME',
    'CLUSTER_PROVIDER',
    'SKIP_INSTALL',
    'LOADTEST_REPORT_DIR',
    'LOADTEST_COMPARE_TO',
    ...Object.values(AB_TESTS),
  ];
  for (const name of cleared) delete env[name];
  // A parent Vitest (the lifecycle test) must not make the child think it is one of its workers.
  for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
  const routesVariable = AB_TESTS[options.test];
  if (!routesVariable) throw new ConfigError(`--test ${options.test}: not a test an A/B can run; known: ${Object.keys(AB_TESTS).join(', ')}`);
  return {
    ...env,
    ...spec.env,
    CLUSTER_PROVIDER: 'local',
    [routesVariable]: String(options.routes),
    LOADTEST_SAMPLES: String(options.samples),
    LOADTEST_REPORT_DIR: reportDir,
    // This environment already holds the config file's values (applySettings): the child must not read the file again,
    // or a setting cleared above for the arm would come back from it.
    [configSection.settings.file.env]: NO_CONFIG_FILE,
  };
}

/** One `vitest run` of `test` in a child with `env` (it starts its own cluster); stopped with this process. */
export function runChild(
  env: NodeJS.ProcessEnv,
  test: string,
  logPath: string,
  progress: Progress,
  // Builds take minutes: their progress is passed on by default; the rest is in the log.
  passOn: (line: string) => boolean = (line) => line.startsWith('[build]'),
): Promise<number | null> {
  const suite = suiteOfTest(test);
  return runLoggedChild({
    what: `the ${test} run`,
    args: vitestRunArgs({ project: suite.project, file: suite.file, testName: test }),
    env,
    logPath,
    progress,
    passOn,
  });
}

export function logTail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** The one report of `test` that the run wrote into its own directory. */
export function findReport(dir: string, test: string, logPath: string): RoundReport {
  const found = readdirSync(dir).filter((name) => name.endsWith(`-${test}.json`));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${test} report in ${dir}, found ${found.length} (${found.join(', ') || 'none'}); the run's log ${logPath} ends:\n${logTail(logPath)}`,
    );
  }
  const path = join(dir, found[0] as string);
  return readRoundReport(path, readFileSync(path, 'utf8'));
}

/** What the plan file holds: the options that make runs of one A/B alike (a resumed A/B must match them). */
export function planOf(options: AbOptions): Record<string, unknown> {
  return { a: options.a.text, b: options.b.text, test: options.test, routes: options.routes, samples: options.samples };
}

const PLAN = 'ab-plan.json';
const TIMING = 'ab-run.json';

/** Refuses to resume into a directory whose plan differs; writes the plan when there is none. */
export function claimDirectory(options: AbOptions): void {
  mkdirSync(options.outDir, { recursive: true });
  const path = join(options.outDir, PLAN);
  const plan = planOf(options);
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const differ = Object.keys(plan).filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(plan[key]));
    if (differ.length) {
      throw new ConfigError(
        `${options.outDir} holds an A/B with other settings (${differ.map((key) => `${key}: ${JSON.stringify(saved[key])}, not ${JSON.stringify(plan[key])}`).join('; ')}); resume it with those, or give another --out`,
      );
    }
    return;
  }
  writeFileSync(path, `${JSON.stringify(plan, null, 2)}\n`);
}

/** A run saved by an earlier A/B in `dir` (its report and timing), or undefined when it did not finish. */
export function savedRun(dir: string, test: string): { report: RoundReport; seconds: number; loadAverage: number[] } | undefined {
  const timing = join(dir, TIMING);
  if (!existsSync(timing)) return undefined;
  const { seconds, loadAverage } = JSON.parse(readFileSync(timing, 'utf8')) as { seconds: number; loadAverage: number[] };
  return { report: findReport(dir, test, join(dir, 'vitest.log')), seconds, loadAverage };
}

/**
 * Why a new run must not join an A/B's saved runs, or undefined: one A/B's runs come from one harness commit, or a
 * resume after a pull could mix two harnesses' defaults and methods (a data plane added, a figure redefined) in one
 * verdict. Runs or a harness whose commit git could not tell are let through.
 */
export function harnessMismatch(saved: readonly RoundReport[], current: RunDescription['harness']): string | undefined {
  if ('notMeasured' in current) return undefined;
  for (const { run, path } of saved) {
    if (!run || 'notMeasured' in run.harness || run.harness.commit === current.commit) continue;
    const short = (commit: string) => commit.slice(0, 12);
    return `${path} came from harness commit ${short(run.harness.commit)}, this harness is ${short(current.commit)}: a new run would mix two harnesses in one A/B; finish it from commit ${short(run.harness.commit)}, or give another --out`;
  }
  return undefined;
}

function loadAverage(): number[] {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return [];
  }
}

const minutes = (seconds: number) => (seconds >= 90 ? `${(seconds / 60).toFixed(0)} min` : `${seconds.toFixed(0)} s`);

/** The comparison of the rounds so far, A against B, at the alpha of one look. */
function compareSoFar(runs: readonly AbRun[], specs: Record<'A' | 'B', ControllerSpec>, options: CompareOptions): Comparison {
  const side = (arm: 'A' | 'B'): RunReport[] => runs.filter((run) => run.arm === arm).map((run) => roundRunReport(run.report, specs[arm].text));
  return compareRounds(side('A'), side('B'), options);
}

/** Decided: the primary figure is slower, or its whole interval lies within the tolerance. */
function decided(comparison: Comparison): boolean {
  return comparison.outcome === 'regression' || comparison.outcome === 'no regression';
}

export async function runAb(options: AbOptions, progress: Progress): Promise<AbResult> {
  checkAbOptions(options);
  const specs = { A: options.a, B: options.b };
  claimDirectory(options);
  // Build (or find) both arms' controllers first: a build failure stops the A/B before any round.
  for (const [arm, spec] of Object.entries(specs)) {
    progress(`[ab] arm ${arm}: ${spec.text}`);
    await controllerNamed(spec.name).configure(spec.env).build(progress);
  }
  const looks = options.rounds - options.minRounds + 1;
  const base = options.compare ?? DEFAULT_COMPARE_OPTIONS;
  const compare = { ...base, alpha: base.alpha / looks };
  if (looks > 1) {
    progress(
      `[ab] early stop: a look after each round from ${options.minRounds} to ${options.rounds}; each spends alpha ${base.alpha}/${looks} = ${compare.alpha.toPrecision(3)}`,
    );
  }
  const runs: AbRun[] = [];
  const harness = describeHarness(process.cwd());
  const started = performance.now();
  let measuredSeconds = 0;
  let measuredRuns = 0;
  let comparison: Comparison | undefined;
  let stoppedEarly = false;
  for (let round = 1; round <= options.rounds; round++) {
    for (const arm of armOrder(round)) {
      const spec = specs[arm];
      const dir = join(options.outDir, `round-${round}-${arm}`);
      const where = `[ab] round ${round}/${options.rounds}, arm ${arm} (${spec.text})`;
      const saved = existsSync(dir) ? savedRun(dir, options.test) : undefined;
      if (saved) {
        progress(`${where}: saved by an earlier run of this A/B (${saved.report.results.runId}), not run again`);
        runs.push({ round, arm, spec: spec.text, ...saved, resumed: true });
        continue;
      }
      const mismatch = harnessMismatch(
        runs.filter((r) => r.resumed).map((r) => r.report),
        harness,
      );
      if (mismatch) throw new ConfigError(mismatch);
      // A run that did not finish leaves a partial directory: start it afresh.
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const logPath = join(dir, 'vitest.log');
      const load = loadAverage();
      // Only Attached Routes measures incremental samples; Churn and ControllerRestart ignore LOADTEST_SAMPLES.
      const samples = options.test.startsWith('AttachedRoutes') ? `, ${options.samples} samples` : '';
      progress(`${where}: ${options.test}, ${options.routes} routes${samples}, load average ${load.join(' ')} (log ${logPath})`);
      const runStarted = performance.now();
      const code = await runChild(armEnvironment(process.env, spec, options, dir), options.test, logPath, progress);
      const seconds = (performance.now() - runStarted) / 1000;
      if (code !== 0) throw new Error(`round ${round}, arm ${arm} (${spec.text}): vitest exited with ${code}; its log ${logPath} ends:\n${logTail(logPath)}`);
      const report = findReport(dir, options.test, logPath);
      writeFileSync(join(dir, TIMING), `${JSON.stringify({ seconds, loadAverage: load, startedAt: new Date(Date.now() - seconds * 1000).toISOString() })}\n`);
      runs.push({ round, arm, spec: spec.text, report, seconds, loadAverage: load, resumed: false });
      measuredSeconds += seconds;
      measuredRuns++;
      const left = 2 * options.rounds - runs.length;
      const perRun = measuredSeconds / measuredRuns;
      progress(
        `${where}: done in ${seconds.toFixed(0)} s; ${runs.length}/${2 * options.rounds} runs, ${minutes((performance.now() - started) / 1000)} so far, at most about ${minutes(left * perRun)} left`,
      );
    }
    if (round >= options.minRounds) {
      comparison = compareSoFar(runs, specs, compare);
      const primary = comparison.figures.find((f) => f.key === comparison?.primary);
      const state = primary?.interval ? `${primary.label} ${formatInterval(primary.interval)}, ${comparison.outcome}` : comparison.outcome;
      if (round < options.rounds && decided(comparison)) {
        progress(`[ab] after ${round} rounds per side: ${state}: decided, stopping early`);
        stoppedEarly = true;
        break;
      }
      if (round < options.rounds) progress(`[ab] after ${round} rounds per side: ${state}: not decided yet, going on`);
    }
  }
  if (!comparison) throw new Error('no comparison: fewer rounds than --min-rounds ran');
  const rounds = Math.min(runs.filter((r) => r.arm === 'A').length, runs.filter((r) => r.arm === 'B').length);
  return { runs, comparison, rounds, stoppedEarly, looks, alphaPerLook: compare.alpha };
}

/** Median wall time of a run, in seconds (for the report). */
export function medianRunSeconds(runs: readonly AbRun[]): number {
  return median(runs.map((run) => run.seconds));
}
