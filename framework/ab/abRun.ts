// A/B of two controllers: the same test for arm A and arm B, over several rounds that alternate which arm goes first
// (AB, BA, AB, ...), each run on a fresh local control plane in a child `vitest run` with that arm's environment.
// Machine drift (a build next door, a warming page cache) then falls on both arms alike. The rounds' samples are
// pooled per arm and compared with compare's rank-sum test: A is "before", B is "after".
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Progress } from '../cluster/build/progress.js';
import { configSection, NO_CONFIG_FILE } from '../config/file.js';
import { controllerNamed, controllerVariables } from '../controllers/index.js';
import type { ControllerSpec } from '../controllers/spec.js';
import { ConfigError } from '../env.js';
import { quantile } from '../measure/quantiles.js';
import { type CompareOptions, type Comparison, compareReports, DEFAULT_COMPARE_OPTIONS } from '../report/compare.js';
import { suiteOfTest, suiteTests } from '../suite/registry.js';
import { vitestRunArgs } from '../vitestRun.js';
import { poolArm, type RoundReport, readRoundReport } from './pool.js';

/** The tests an A/B can run (those of suites whose rounds pool), with the variable that sets their route count. */
export const AB_TESTS: Readonly<Record<string, string>> = Object.fromEntries(
  suiteTests()
    .filter(({ suite }) => suite.pools)
    .map(({ test }) => [test.name, test.routesVariable]),
);

export interface AbOptions {
  readonly a: ControllerSpec;
  readonly b: ControllerSpec;
  readonly rounds: number;
  readonly routes: number;
  readonly samples: number;
  readonly test: string;
  /** Where each run's reports and log go: <outDir>/round-<r>-<arm>/. */
  readonly outDir: string;
  readonly compare?: CompareOptions;
}

export interface AbRun {
  readonly round: number;
  readonly arm: 'A' | 'B';
  readonly spec: string;
  readonly report: RoundReport;
  readonly seconds: number;
}

export interface AbResult {
  readonly runs: readonly AbRun[];
  readonly comparison: Comparison;
}

/** The order of the arms in round r (1-based): AB, BA, AB, ... */
export function armOrder(round: number): readonly ('A' | 'B')[] {
  return round % 2 === 1 ? ['A', 'B'] : ['B', 'A'];
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

/** One `vitest run` of the Attached Routes suite, filtered to `test`, in a child with `env` (it starts its own cluster). */
export function runChild(
  env: NodeJS.ProcessEnv,
  test: string,
  logPath: string,
  progress: Progress,
  // Builds take minutes: their progress is passed on by default; the rest is in the log.
  passOn: (line: string) => boolean = (line) => line.startsWith('[build]'),
): Promise<number | null> {
  const suite = suiteOfTest(test);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, vitestRunArgs({ project: suite.project, file: suite.file, testName: test }), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(logPath);
    let partial = '';
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (passOn(line)) progress(`  ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (code) => log.end(() => resolve(code)));
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

const ms = (values: readonly number[]) => `${quantile([...values], 0.5).toFixed(1)} ms`;

export async function runAb(options: AbOptions, progress: Progress): Promise<AbResult> {
  const specs = { A: options.a, B: options.b };
  // Build (or find) both arms' controllers first: a build failure stops the A/B before any round.
  for (const [arm, spec] of Object.entries(specs)) {
    progress(`[ab] arm ${arm}: ${spec.text}`);
    await controllerNamed(spec.name).configure(spec.env).build(progress);
  }
  const runs: AbRun[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const arm of armOrder(round)) {
      const spec = specs[arm];
      const dir = join(options.outDir, `round-${round}-${arm}`);
      mkdirSync(dir, { recursive: true });
      const logPath = join(dir, 'vitest.log');
      progress(
        `[ab] round ${round}/${options.rounds}, arm ${arm} (${spec.text}): ${options.test}, ${options.routes} routes, ${options.samples} samples (log ${logPath})`,
      );
      const started = performance.now();
      const code = await runChild(armEnvironment(process.env, spec, options, dir), options.test, logPath, progress);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) throw new Error(`round ${round}, arm ${arm} (${spec.text}): vitest exited with ${code}; its log ${logPath} ends:\n${logTail(logPath)}`);
      const report = findReport(dir, options.test, logPath);
      const { samples } = report.results;
      progress(
        `[ab] round ${round}/${options.rounds}, arm ${arm}: setup p50 ${ms(samples.map((s) => s.setupMs))}, teardown p50 ${ms(samples.map((s) => s.teardownMs))}, ${samples.length} samples, ${seconds.toFixed(0)} s`,
      );
      runs.push({ round, arm, spec: spec.text, report, seconds });
    }
  }
  const pooled = (arm: 'A' | 'B') =>
    poolArm({
      arm,
      spec: specs[arm].text,
      rounds: runs.filter((run) => run.arm === arm).map((run) => run.report),
    });
  const comparison = compareReports(pooled('A'), pooled('B'), options.compare ?? DEFAULT_COMPARE_OPTIONS);
  return { runs, comparison };
}
