// Usable from another repository: `npm pack` makes a package that installs into an empty directory, where
// `npx gateway-loadtest --help`, `config` and a checked (dry) run work, and Vitest runs the package's TypeScript
// suites from node_modules with the reports in the caller's directory. In the lifecycle tier because it installs a
// whole dependency tree (about 650 packages) and takes a minute, not seconds.
//
// The install is `npm ci --offline` from npm's cache (filled by the repository's own `npm ci`), with a lockfile that
// pins the package's dependencies to this repository's lockfile: the versions the harness is tested with, and no
// registry lookups (resolving the ranges afresh read some 700 package documents and took ten times as long).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SETTING_PREFIXES } from '../../framework/config/sections.js';
import { PACKAGE_ROOT } from '../../framework/vitestRun.js';

const run = promisify(execFile);

/** A user's shell: the caller's environment without the harness's settings, a parent Vitest's variables or colour. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = (name: string) =>
    !SETTING_PREFIXES.some((p) => name.startsWith(p)) && !name.startsWith('VITEST') && !['NODE_OPTIONS', 'FORCE_COLOR', 'FORCE_TTY'].includes(name);
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => inherited(name))), NO_COLOR: '1', ...extra };
}

async function command(cwd: string, args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(args[0] as string, args.slice(1), { cwd, env, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly resolved?: string;
  readonly dev?: boolean;
  readonly [field: string]: unknown;
}

/** A consumer's lockfile for `tarball`: the package, and its dependencies as this repository's lockfile has them. */
function consumerLockfile(tarball: string, integrity: string): object {
  const harness = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const root = harness.packages[''] as LockEntry;
  const packages: Record<string, LockEntry> = {
    '': { name: 'app', dependencies: { 'gateway-loadtest': `file:${tarball}` } },
    'node_modules/gateway-loadtest': {
      version: root.version,
      resolved: `file:${tarball}`,
      integrity,
      dependencies: root.dependencies,
      bin: root.bin,
      engines: root.engines,
    },
  };
  for (const [path, entry] of Object.entries(harness.packages)) {
    if (path === '' || entry.dev) continue;
    // npm leaves registry URLs out of its lockfile; with them, npm ci needs no package documents, only the cache.
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const resolved = entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    packages[path] = { ...entry, resolved };
  }
  return { name: 'app', lockfileVersion: 3, requires: true, packages };
}

describe('The npm package in an empty directory', () => {
  let dir: string;
  let app: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-loadtest-pack-'));
    app = join(dir, 'app');
    mkdirSync(app);
    const started = performance.now();
    const packed = await command(PACKAGE_ROOT, ['npm', 'pack', '--pack-destination', dir, '--json']);
    expect(packed.code, packed.stderr).toBe(0);
    const [{ filename, integrity }] = JSON.parse(packed.stdout) as [{ filename: string; integrity: string }];
    const tarball = `../${filename}`;
    expect(integrity).toBe(
      `sha512-${createHash('sha512')
        .update(readFileSync(join(dir, filename)))
        .digest('base64')}`,
    );
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'app', private: true, dependencies: { 'gateway-loadtest': `file:${tarball}` } })}\n`);
    writeFileSync(join(app, 'package-lock.json'), JSON.stringify(consumerLockfile(tarball, integrity)));
    // Scripts are not needed for the command (ssh2's is an optional native build).
    const installed = await command(app, ['npm', 'ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts']);
    expect(installed.code, `${installed.stderr}\n(npm ci --offline needs the dependencies in npm's cache: run npm ci in the repository first)`).toBe(0);
    console.log(`[package] npm pack and npm install of ${filename} took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }, 900_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('npx gateway-loadtest --help: every command, exit 0', async () => {
    const { code, stdout } = await command(app, ['npx', '--no-install', 'gateway-loadtest', '--help']);
    expect(code).toBe(0);
    for (const name of ['run', 'config', 'cluster', 'compare', 'ab', 'implementations', 'cleanup']) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  test('gateway-loadtest config: the defaults, then a config file of the repository, then its environment', async () => {
    const defaults = await command(app, ['npx', '--no-install', 'gateway-loadtest', 'config']);
    expect(defaults.code, defaults.stderr).toBe(0);
    expect(defaults.stdout).toMatch(/^\d+ settings: 0 from the environment, no config file, \d+ defaults\n/);
    writeFileSync(join(app, 'loadtest.config.yaml'), 'attachedRoutes:\n  samples: 3\ncluster:\n  provider: local\n');
    const fromFile = await command(app, ['npx', '--no-install', 'gateway-loadtest', 'config', '--changed'], cleanEnv({ LOADTEST_CONCURRENCY: '4' }));
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toMatch(/^\d+ settings: 1 from the environment, 2 from loadtest\.config\.yaml/);
    expect(fromFile.stdout).toMatch(/^ {2}LOADTEST_SAMPLES +samples +3 +samples +file$/m);
    expect(fromFile.stdout).toMatch(/^ {2}LOADTEST_CONCURRENCY +concurrency +4 +requests +env$/m);
    rmSync(join(app, 'loadtest.config.yaml'));
  });

  test('a mistyped variable: exit 2 with the suggestion', async () => {
    const { code, stderr } = await command(app, ['npx', '--no-install', 'gateway-loadtest', 'config'], cleanEnv({ LOADTEST_SAMPELS: '3' }));
    expect(stderr).toContain('LOADTEST_SAMPELS is not a setting of gateway-loadtest; did you mean LOADTEST_SAMPLES?');
    expect(code).toBe(2);
  });

  test("run baseline --dry-run checks the settings with the installed framework and names the package's suite", async () => {
    const { code, stdout, stderr } = await command(app, ['npx', '--no-install', 'gateway-loadtest', 'run', 'baseline', '--routes', '100', '--dry-run']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`--root ${join(app, 'node_modules', 'gateway-loadtest')}/ --project cluster`);
    expect(stdout).toContain(join(app, 'node_modules', 'gateway-loadtest', 'suites', 'attachedRoutes.test.ts'));
  });

  test("Vitest runs the package's TypeScript suites from node_modules, and writes the reports where it is called", async () => {
    const vitest = join(app, 'node_modules', 'vitest', 'vitest.mjs');
    const root = join(app, 'node_modules', 'gateway-loadtest');
    const { code, stdout, stderr } = await command(app, [
      'node',
      vitest,
      'run',
      '--root',
      root,
      '--project',
      'unit',
      join(root, 'suites', 'unit', 'settings.test.ts'),
    ]);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/Tests +\d+ passed/);
    expect(existsSync(join(app, 'reports', 'junit.xml'))).toBe(true);
    expect(existsSync(join(root, 'reports'))).toBe(false);
  });
});
