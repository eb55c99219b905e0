// The gateway-loadtest command line, run in-process: argument errors exit 2 with a suggestion before anything starts,
// `run --dry-run` shows the Vitest command the npm scripts run too, and `config` tells each setting's source.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { CliIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';

const scratchDirs: string[] = [];
/** A directory of the test's own, removed after the file. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  scratchDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string; tty?: boolean } = {}): Promise<Ran> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: { write: (text: string) => (out += text), isTTY: options.tty },
    err: { write: (text: string) => (err += text), isTTY: options.tty },
    env: { ...env },
    cwd: options.cwd ?? scratch(),
  };
  const code = await main(argv, io);
  return { code, out, err };
}

// What starts every ANSI colour sequence.
const ANSI = `${String.fromCharCode(27)}[`;

// The first run check loads the framework (the cluster providers, the controllers): seconds, more on a busy machine.
describe('gateway-loadtest', { timeout: 120_000 }, () => {
  test('--help lists every command and the exit statuses; exit 0', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of ['run', 'config', 'cluster', 'compare', 'ab', 'implementations', 'cleanup']) expect(out).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(out).toMatch(/Exit status:\n {2}0 .*\n {2}1 .*\n {2}2 {4}bad input/);
  });

  test('run --help names the suites', async () => {
    const { code, out } = await cli(['run', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}baseline {4}AttachedRoutesBaseline/m);
    expect(out).toMatch(/^ {2}churn /m);
  });

  test.each<[string[], RegExp]>([
    [['rnu', 'baseline'], /unknown command 'rnu'\n\(Did you mean run\?\)/],
    [['run'], /missing required argument 'suite'/],
    [['run', 'basline'], /no suite named "basline"; did you mean baseline\? \(suites: baseline, production, restart, churn, ladder\)/],
    [['run', 'baseline', '--routes', 'many'], /option '--routes <n>' argument 'many' is invalid\. expected a positive whole number/],
    [['run', 'baseline', '--samples', '0'], /'--samples <n>' argument '0' is invalid/],
    [['run', 'baseline', '--rounds', '3'], /unknown option '--rounds'/],
    [['run', 'baseline', '--controller', 'nginx', '--dry-run'], /controller spec "nginx": no controller named nginx; known: kgateway/],
    [['--config', 'missing.yaml', 'config'], /LOADTEST_CONFIG=".*missing.yaml": no such file/],
    [['cluster', 'sideways'], /unknown command 'sideways'/],
  ])('%j is bad input: exit 2 and why', async (argv, message) => {
    const { code, err } = await cli(argv);
    expect(err).toMatch(message);
    expect(code).toBe(2);
  });

  test('a mistyped setting stops a run before anything starts, with a suggestion', async () => {
    const { code, err, out } = await cli(['run', 'baseline', '--dry-run'], { LOADTEST_SAMPELS: '3' });
    expect(err).toBe('gateway-loadtest: LOADTEST_SAMPELS is not a setting of gateway-loadtest; did you mean LOADTEST_SAMPLES?\n');
    expect(out).toBe('');
    expect(code).toBe(2);
  });

  test("the npm scripts' path (vitest run) refuses a mistyped setting the same way: one line, exit 2", () => {
    // An existing-cluster provider with no kubeconfig: were the check missing, the run would fail connecting, not start
    // a cluster.
    const env = { ...process.env, LOADTEST_SAMPELS: '3', CLUSTER_PROVIDER: 'existing', SKIP_INSTALL: 'true', KUBECONFIG: '/nonexistent' };
    const result = spawnSync('npx', ['vitest', 'run', '--project', 'cluster', 'suites/attachedRoutes.test.ts', '-t', 'AttachedRoutesBaseline'], {
      env,
      encoding: 'utf8',
    });
    expect(result.stderr).toContain('gateway-loadtest: LOADTEST_SAMPELS is not a setting of gateway-loadtest; did you mean LOADTEST_SAMPLES?\n');
    expect(result.stdout + result.stderr).not.toMatch(/No test files found|Unhandled Error/);
    expect(result.status).toBe(2);
  });

  test("a run's settings are checked as the suite reads them: a batch larger than --routes", async () => {
    const { code, err } = await cli(['run', 'baseline', '--routes', '50', '--dry-run'], { LOADTEST_BATCH_SIZE: '100' });
    expect(err).toMatch(/LOADTEST_BATCH_SIZE=100 is larger than the route count 50 \(LOADTEST_BASELINE_ROUTES\)/);
    expect(code).toBe(2);
  });

  test('run --dry-run prints the Vitest command of the npm scripts: the cluster tier, the file and its -t filter', async () => {
    const { code, out, err } = await cli(['run', 'production', '--routes', '200', '--samples', '3', '--dry-run'], { CLUSTER_PROVIDER: 'local' });
    expect(code).toBe(0);
    expect(out).toMatch(/vitest\.mjs run --root \S+ --project cluster \S+\/suites\/attachedRoutes\.test\.ts -t AttachedRoutesProduction\n$/);
    expect(err).toContain('settings checked');
  });

  test('config prints every setting with its value, unit and source, led by the count', async () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'loadtest.config.yaml'), 'attachedRoutes:\n  concurrency: 8\n');
    const { code, out } = await cli(['config'], { LOADTEST_SAMPLES: '7' }, { cwd });
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+ settings: 1 from the environment, 1 from loadtest\.config\.yaml, \d+ defaults\n/);
    expect(out).toMatch(/^ {2}LOADTEST_SAMPLES +samples +7 +samples +env$/m);
    expect(out).toMatch(/^ {2}LOADTEST_CONCURRENCY +concurrency +8 +requests +file$/m);
    expect(out).toMatch(/^ {2}LOADTEST_GRACE_PERIOD_MS +gracePeriodMs +100 +ms +default$/m);
    expect(out).not.toContain(ANSI);
  });

  test('config --json --changed: only what the file and the environment set, for scripts', async () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'other.yaml'), 'cluster:\n  skipInstall: true\n');
    const { code, out } = await cli(['--config', 'other.yaml', 'config', '--json', '--changed'], { CLUSTER_NAME: 'kind' }, { cwd });
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { file: string; settings: { variable: string; key?: string; value: string; source: string }[] };
    expect(parsed.file).toBe(join(cwd, 'other.yaml'));
    expect(parsed.settings.map(({ variable, value, source }) => ({ variable, value, source }))).toEqual([
      { variable: 'LOADTEST_CONFIG', value: join(cwd, 'other.yaml'), source: 'environment' },
      { variable: 'CLUSTER_NAME', value: 'kind', source: 'environment' },
      { variable: 'SKIP_INSTALL', value: 'true', source: 'file' },
    ]);
  });

  test('colour only on a terminal, and never with NO_COLOR or --no-color', async () => {
    expect((await cli(['config'], {}, { tty: true })).out).toContain(ANSI);
    expect((await cli(['config'], { NO_COLOR: '1' }, { tty: true })).out).not.toContain(ANSI);
    expect((await cli(['--no-color', 'config'], {}, { tty: true })).out).not.toContain(ANSI);
  });

  test('cluster down with no cluster up from this directory says so; exit 0', async () => {
    const { code, out } = await cli(['cluster', 'down']);
    expect(out).toMatch(/no cluster is up from this directory/);
    expect(code).toBe(0);
  });

  test("compare passes its arguments to the script's own command and returns its exit status", async () => {
    expect((await cli(['compare', '--help'])).code).toBe(0);
    expect((await cli(['compare', 'only-one.json'])).code).toBe(2);
  });
});
