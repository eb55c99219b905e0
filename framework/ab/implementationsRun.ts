// `npm run compare:implementations`: the Attached Routes test for each controller, one after another, each in a child
// `vitest run` on a fresh local control plane (as an A/B arm runs: abRun.ts). A run that fails is kept with its
// reason, and the others still run.
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Progress } from '../cluster/build/progress.js';
import { controllerNames, controllersUnderTest } from '../controllers/index.js';
import { parseControllerSpec } from '../controllers/spec.js';
import { ConfigError } from '../env.js';
import type { ImplementationRun } from '../report/implementations.js';
import { readRunReport } from '../report/reportFile.js';
import { armEnvironment, findReport, runChild } from './abRun.js';

export interface ImplementationsOptions {
  readonly controllers: readonly string[];
  readonly test: string;
  readonly routes: number;
  readonly samples: number;
  /** Each run's reports and log go to <runsDir>/<controller>/. */
  readonly runsDir: string;
}

/** The controllers named by --controllers (comma-separated), checked against the registry; every one under test by default. */
export function chooseControllers(text: string | undefined): string[] {
  const known = controllersUnderTest();
  if (text === undefined) return known;
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) throw new ConfigError(`--controllers ${JSON.stringify(text)}: name at least one controller; known: ${known.join(', ')}`);
  const instruments = names.filter((name) => !known.includes(name) && controllerNames().includes(name));
  if (instruments.length)
    throw new ConfigError(`--controllers: ${instruments.join(', ')}: an instrument of the harness, never a controller under test; known: ${known.join(', ')}`);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length) throw new ConfigError(`--controllers: ${unknown.join(', ')}: no such controller; known: ${known.join(', ')}`);
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length) throw new ConfigError(`--controllers: ${[...new Set(repeated)].join(', ')} named more than once`);
  return names;
}

/** The child's lines worth passing on: builds, the baseline's and the teardown's milestones, failures. */
const PASS_ON = /^\[(build|teardown)\]|^\[baseline\] (all|waiting)|^\[[^\]]+\] run (failed|lt)/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters
const ANSI = /\u001b\[[0-9;]*m/g;

/** Why a child run failed, from its log: the run's own failure line, else the failing test and its first error. */
export function failureReason(log: string, code: number | null): string {
  const lines = log.replace(ANSI, '').split('\n');
  const clip = (text: string) => (text.length > 400 ? `${text.slice(0, 400)}...` : text);
  const runFailed = lines.find((line) => / run failed: /.test(line));
  if (runFailed) return clip(runFailed.replace(/^.* run failed: /, 'run failed: ').trim());
  const failedTest = lines.find((line) => /^\s*(FAIL|×)\s/.test(line) && line.includes('>'));
  const error = lines.find((line) => /^\s*(AssertionError|Error|TypeError|RangeError)\b.*:/.test(line));
  const parts = [failedTest?.replace(/^\s*(FAIL|×)\s+/, '').trim(), error?.trim()].filter(Boolean);
  const exit = code === null ? 'vitest was killed by a signal' : `vitest exited with ${code}`;
  return clip(parts.length ? `${exit}: ${parts.join(': ')}` : exit);
}

export async function runImplementations(options: ImplementationsOptions, progress: Progress): Promise<ImplementationRun[]> {
  const runs: ImplementationRun[] = [];
  const count = options.controllers.length;
  for (const [i, controller] of options.controllers.entries()) {
    const dir = join(options.runsDir, controller);
    mkdirSync(dir, { recursive: true });
    const logPath = join(dir, 'vitest.log');
    progress(
      `[implementations] ${i + 1}/${count} ${controller}: ${options.test}, ${options.routes} routes, ${options.samples} samples, fresh control plane (log ${logPath})`,
    );
    const started = performance.now();
    const loadAtStart = loadavg()[0] ?? Number.NaN;
    const env = armEnvironment(process.env, parseControllerSpec(controller), options, dir);
    const code = await runChild(env, options.test, logPath, progress, (line) => PASS_ON.test(line));
    const seconds = (performance.now() - started) / 1000;
    let failure = code === 0 ? undefined : failureReason(readLog(logPath), code);
    let report: ImplementationRun['report'];
    let reportPath: string | undefined;
    try {
      reportPath = findReport(dir, options.test, logPath).path;
      report = readRunReport(reportPath);
    } catch (error) {
      // A run that failed before its report has none; a passing run without one is a failure of its own.
      failure ??= `no report: ${(error as Error).message.split('\n')[0]}`;
    }
    const load = { atStart: loadAtStart, atEnd: loadavg()[0] ?? Number.NaN };
    runs.push({ controller, logPath, seconds, load, ...(report ? { report, reportPath } : {}), ...(failure ? { failure } : {}) });
    progress(`[implementations] ${i + 1}/${count} ${controller}: ${failure ? `FAILED (${failure})` : 'passed'} after ${seconds.toFixed(0)} s`);
  }
  return runs;
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
