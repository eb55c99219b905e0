// `gateway-loadtest run <suite>`: the same Vitest suite that `npm run baseline` and the VS Code explorer run, in a
// child `vitest run` with the effective settings in its environment. Everything that can be checked without a
// cluster is checked first, so that bad input fails in a second (exit 2) and not after a cluster started.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { configSection, NO_CONFIG_FILE } from '../framework/config/file.js';
import { applySettings } from '../framework/config/settings.js';
import { didYouMean } from '../framework/config/suggest.js';
import { attachedRoutesSection } from '../framework/loadtest/section.js';
import { reportsSection } from '../framework/report/section.js';
import { vitestRunArgs } from '../framework/vitestRun.js';
import { EXIT, UsageError } from './exitCodes.js';
import { type CliIo, colorsFor } from './io.js';
import { RUNNABLE_SUITES, type RunnableSuite } from './suites.js';

export interface RunOptions {
  readonly routes?: number;
  readonly samples?: number;
  readonly controller?: string;
  readonly compareTo?: string;
  readonly reportDir?: string;
  readonly dryRun?: boolean;
}

export function suiteNamed(name: string): RunnableSuite {
  const suite = RUNNABLE_SUITES.find((s) => s.name === name);
  const names = RUNNABLE_SUITES.map((s) => s.name);
  if (!suite) throw new UsageError(`no suite named ${JSON.stringify(name)}${didYouMean(name, names)} (suites: ${names.join(', ')})`);
  return suite;
}

/** The child's environment: the caller's, the options' variables, and the config file's values (then read no file again). */
async function runEnvironment(suite: RunnableSuite, options: RunOptions, io: CliIo): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...io.env };
  if (options.routes !== undefined) env[suite.routes.env] = String(options.routes);
  if (options.samples !== undefined) env[attachedRoutesSection.settings.samples.env] = String(options.samples);
  if (options.compareTo !== undefined) env[reportsSection.settings.compareTo.env] = options.compareTo;
  if (options.reportDir !== undefined) env[reportsSection.settings.dir.env] = options.reportDir;
  if (options.controller !== undefined) {
    const { parseControllerSpec } = await import('../framework/controllers/spec.js');
    Object.assign(env, parseControllerSpec(options.controller).env);
  }
  applySettings(env, io.cwd);
  env[configSection.settings.file.env] = NO_CONFIG_FILE;
  // What globalSetup will do, short of starting anything: the provider, the controller and its build choice.
  const { selectProvider } = await import('../framework/testBed.js');
  selectProvider(env, join(io.cwd, 'reports', 'logs'));
  await suite.check(env);
  return env;
}

export async function runSuite(name: string, options: RunOptions, io: CliIo): Promise<number> {
  const suite = suiteNamed(name);
  const env = await runEnvironment(suite, options, io);
  const args = vitestRunArgs({ project: 'cluster', file: suite.file, testName: suite.testName });
  const color = colorsFor(io.err, io.env);
  const said = (line: string) => io.err.write(`${color.bold('[gateway-loadtest]')} ${line}\n`);
  said(`${suite.name}: ${suite.testName} (${suite.file}), settings checked; vitest run --project cluster -t ${suite.testName}`);
  if (options.dryRun) {
    io.out.write(`${[process.execPath, ...args].join(' ')}\n`);
    return EXIT.ok;
  }
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: io.cwd, env, stdio: 'inherit' });
  // Ctrl-C reaches the child too (same terminal): it stops what it started; this process waits for it to finish.
  const ignore = () => {};
  const forward = () => child.kill('SIGTERM');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve([c, s]));
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (code === 0) {
      said(`${color.green('passed')}: ${suite.testName} in ${seconds} s`);
      return EXIT.ok;
    }
    if (signal !== null || code === 130) {
      said(`${color.yellow('interrupted')} after ${seconds} s (${signal ?? code})`);
      return EXIT.interrupted;
    }
    said(
      `${color.red('failed')}: ${suite.testName} after ${seconds} s (vitest exit ${code}): a check failed, a regression, or the run did not complete; see above`,
    );
    return EXIT.failed;
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', forward);
  }
}
