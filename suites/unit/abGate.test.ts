// The A/B's pieces that need no cluster (bad input, the plan a resumed A/B must match, saved runs, rounds compared
// with the round as the unit) and the example CI gate: its YAML is a workflow, and every command it calls exists
// with the options it passes. Rounds here are TEST FIXTURE reports (seeded, made-up numbers).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { type AbOptions, armOrder, checkAbOptions, claimDirectory, harnessMismatch, savedRun } from '../../framework/ab/abRun.js';
import { parseControllerSpec } from '../../framework/controllers/spec.js';
import { ConfigError } from '../../framework/env.js';
import { compareRounds, exitCodeOf } from '../../framework/report/compare.js';
import type { RunReport } from '../../framework/report/reportFile.js';
import { fixtureReport } from '../support/reportFixture.js';

const scratch = mkdtempSync(join(tmpdir(), 'ab-gate-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const options = (overrides: Partial<AbOptions> = {}): AbOptions => ({
  a: parseControllerSpec('calibration:50'),
  b: parseControllerSpec('calibration:60'),
  rounds: 4,
  minRounds: 4,
  routes: 100,
  samples: 10,
  test: 'AttachedRoutesBaseline',
  outDir: join(scratch, 'ab'),
  ...overrides,
});

async function run(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** `rounds` fixture reports whose setup times are scaled by `factor` and by a round's own offset (between-round noise). */
function rounds(count: number, seed: number, factor: number): RunReport[] {
  return Array.from({ length: count }, (_, i) => {
    const report = JSON.parse(JSON.stringify(fixtureReport({ seed: seed + i, samples: 30, sigma: 0.2 }))) as { results: { samples: { setupMs: number }[] } };
    const offset = 1 + 0.03 * Math.sin(seed + 7 * i);
    for (const sample of report.results.samples) sample.setupMs *= factor * offset;
    return report as unknown as RunReport;
  });
}

describe('A/B input, plan and resume', () => {
  test('ABBA: the arms alternate which goes first', () => {
    expect([1, 2, 3, 4].map((round) => armOrder(round).join(''))).toEqual(['AB', 'BA', 'AB', 'BA']);
  });

  test.each([
    [{ test: 'Nope' }, /not a test an A\/B can run; known: AttachedRoutesBaseline, AttachedRoutesProduction, ControllerRestart, Churn/],
    [{ minRounds: 5 }, /--min-rounds 5 is more than --rounds 4/],
    [{ minRounds: 1 }, /needs at least 2 rounds per side/],
    [{ test: 'ControllerRestart' }, /cannot be restarted/],
  ])('refused before any cluster starts: %j', (overrides, message) => {
    expect(() => checkAbOptions(options(overrides as Partial<AbOptions>))).toThrow(ConfigError);
    expect(() => checkAbOptions(options(overrides as Partial<AbOptions>))).toThrow(message);
  });

  test('a directory holding an A/B with other settings is refused; the same settings resume it', () => {
    const dir = join(scratch, 'plan');
    claimDirectory(options({ outDir: dir }));
    expect(() => claimDirectory(options({ outDir: dir }))).not.toThrow();
    expect(() => claimDirectory(options({ outDir: dir, routes: 300 }))).toThrow(/routes: 100, not 300/);
  });

  test('a run is saved once its timing is written; a run without it (interrupted) is run again', () => {
    const dir = join(scratch, 'round-1-A');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'lt1-AttachedRoutesBaseline.json'), JSON.stringify(fixtureReport({ seed: 1 })));
    expect(savedRun(dir, 'AttachedRoutesBaseline')).toBeUndefined();
    writeFileSync(join(dir, 'ab-run.json'), JSON.stringify({ seconds: 42, loadAverage: [1, 2, 3] }));
    expect(savedRun(dir, 'AttachedRoutesBaseline')).toMatchObject({ seconds: 42, loadAverage: [1, 2, 3], report: { results: { runId: 'test-fixture-1' } } });
  });

  test('a new run does not join saved runs of another harness commit; the same commit, or one git cannot tell, may', () => {
    const saved = [{ path: 'round-1-A/lt1.json', results: fixtureReport({ seed: 1 }).results, run: fixtureReport({ seed: 1 }).run }];
    const other = { commit: '1111111111111111111111111111111111111111', dirty: false };
    expect(harnessMismatch(saved, other)).toMatch(
      /round-1-A\/lt1.json came from harness commit 000000000000, this harness is 111111111111: a new run would mix two harnesses/,
    );
    expect(harnessMismatch(saved, { commit: '0000000000000000000000000000000000000000', dirty: true })).toBeUndefined();
    expect(harnessMismatch(saved, { notMeasured: 'no git' })).toBeUndefined();
    expect(harnessMismatch([{ path: 'bare.json', results: saved[0]?.results as RunReport['results'] }], other)).toBeUndefined();
  });

  test('the ab CLI resumes a finished A/B without running anything, and writes its verdict into directories it makes', async () => {
    const dir = join(scratch, 'finished');
    claimDirectory(options({ outDir: dir, rounds: 2, minRounds: 2 }));
    for (const [round, arm, factor] of [
      [1, 'A', 1],
      [1, 'B', 1.5],
      [2, 'B', 1.5],
      [2, 'A', 1],
    ] as const) {
      const runDir = join(dir, `round-${round}-${arm}`);
      mkdirSync(runDir, { recursive: true });
      const [report] = rounds(1, 10 * round, factor);
      writeFileSync(join(runDir, `lt${round}${arm}-AttachedRoutesBaseline.json`), JSON.stringify(report));
      writeFileSync(join(runDir, 'ab-run.json'), JSON.stringify({ seconds: 60, loadAverage: [1, 1, 1] }));
    }
    const out = join(scratch, 'not-yet', 'there');
    // --rounds 2: the plan does not hold the rounds (an A/B may be extended), and the default 4 would start a cluster.
    const resumed = await run('scripts/ab.ts', '--resume', dir, '--rounds', '2', '--markdown', join(out, 'verdict.md'), '--json', join(out, 'verdict.json'));
    expect(resumed.stderr).toContain('saved by an earlier run of this A/B');
    expect(resumed.stderr).not.toContain('ENOENT');
    const written = JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8')) as { exitCode: number; rounds: number; runs: { resumed: boolean }[] };
    expect(written).toMatchObject({ rounds: 2, exitCode: resumed.code });
    expect(written.runs.every((r) => r.resumed)).toBe(true);
    expect(readFileSync(join(out, 'verdict.md'), 'utf8')).toContain('setup');
  }, 120_000);

  test('the ab CLI exits 2 on bad input before anything runs', async () => {
    const unknownTest = await run('scripts/ab.ts', '--a', 'calibration:50', '--b', 'calibration:60', '--test', 'Nope', '--out', join(scratch, 'cli'));
    expect(unknownTest.code).toBe(2);
    expect(unknownTest.stderr).toContain('not a test an A/B can run');
    const badTolerance = await run('scripts/ab.ts', '--a', 'calibration:50', '--b', 'calibration:60', '--tolerance', 'ten');
    expect(badTolerance.code).toBe(2);
    expect(badTolerance.stderr).toContain('--tolerance "ten"');
    const noResume = await run('scripts/ab.ts', '--resume', join(scratch, 'nothing-here'));
    expect(noResume.code).toBe(2);
    expect(noResume.stderr).toContain('no A/B there');
  }, 120_000);
});

describe('rounds compared with the round as the unit', () => {
  test('4 rounds per side, +30 % on setup: "slower", the interval around +30 %, exit 1; the note names the rounds', () => {
    const comparison = compareRounds(rounds(4, 100, 1), rounds(4, 200, 1.3));
    const setup = comparison.figures[0];
    expect(setup).toMatchObject({ key: 'setup', role: 'primary', verdict: 'slower' });
    expect(setup?.interval?.low).toBeLessThan(0.3);
    expect(setup?.interval?.high).toBeGreaterThan(0.3);
    expect(setup?.basis).toMatch(/^Welch's t on the logarithms of 4 and 4 round medians, 95 % interval/);
    expect(comparison.replication).toMatchObject({ unit: 'round', before: 4, after: 4 });
    expect(comparison.before.runId).toBe('A: test-fixture-100+test-fixture-101+test-fixture-102+test-fixture-103');
    expect(exitCodeOf(comparison)).toBe(1);
    // Figures measured once per run get an interval from the rounds too (all equal here: exact).
    expect(comparison.figures.find((f) => f.key === 'baselineAttach')).toMatchObject({ verdict: 'no change', interval: { change: 0, low: 0, high: 0 } });
  });

  test('the same rounds on both sides: "no change" on setup, exit 0', () => {
    const same = rounds(4, 300, 1);
    const comparison = compareRounds(same, same);
    expect(comparison.figures[0]).toMatchObject({ key: 'setup', verdict: 'no change' });
    expect(exitCodeOf(comparison)).toBe(0);
  });
});

describe('the example CI gate (docs/examples/perf-gate.yml)', () => {
  const workflow = parse(readFileSync('docs/examples/perf-gate.yml', 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, { 'runs-on': string; steps: { name?: string; uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

  test('is a pull-request workflow whose jobs have a runner and steps that each use an action or run a command', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    for (const job of Object.values(workflow.jobs)) {
      expect(job['runs-on']).toBeTruthy();
      for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run), JSON.stringify(step)).toBe(true);
    }
  });

  test('builds both sides from source: the base and the pull request are checked out and given as kgateway:source', () => {
    const checkouts = steps.filter((step) => step.uses?.startsWith('actions/checkout@')).map((step) => step.with?.path);
    expect(checkouts).toEqual(expect.arrayContaining(['before', 'after', 'gateway-loadtest']));
    const ab = steps.find((step) => step.run?.includes('npm run ab --'))?.run ?? '';
    expect(ab).toContain('--a "kgateway:source=$GITHUB_WORKSPACE/before"');
    expect(ab).toContain('--b "kgateway:source=$GITHUB_WORKSPACE/after"');
  });

  test('every npm script it runs exists in package.json', () => {
    const used = [...steps.flatMap((step) => [...(step.run ?? '').matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string))];
    expect(used).toEqual(expect.arrayContaining(['build:binaries', 'ab']));
    for (const name of used) expect(scripts, name).toHaveProperty(name);
  });

  test('the options it passes to npm run ab are ones ab accepts (parsed for real, with --help)', async () => {
    const command = steps.find((step) => step.run?.includes('npm run ab --'))?.run ?? '';
    const args = [...command.replace(/\\\n/g, ' ').matchAll(/(--[\w-]+)\s+"([^"]*)"/g)].flatMap((m) => [m[1] as string, m[2] as string]);
    expect(args.filter((a) => a.startsWith('--'))).toEqual([
      '--a',
      '--b',
      '--rounds',
      '--min-rounds',
      '--routes',
      '--samples',
      '--tolerance',
      '--out',
      '--markdown',
      '--json',
    ]);
    const result = await run('scripts/ab.ts', ...args, '--help');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('usage: gateway-loadtest ab');
  }, 120_000);

  test('fails the job on exit status 1 (regression) and on 2, posts the Markdown verdict as the job summary', () => {
    const gate = steps.find((step) => step.name?.startsWith('Fail on'))?.run ?? '';
    expect(gate).toMatch(/1\) .*exit 1 ;;/);
    expect(gate).toMatch(/\*\) .*exit 1 ;;/);
    const summary = steps.find((step) => step.run?.includes('GITHUB_STEP_SUMMARY'))?.run ?? '';
    expect(summary).toContain('verdict.md');
  });
});
