// The one configuration: every setting described, defaults under the file under the environment, and unknown names
// refused with a suggestion before anything starts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { configFilePath } from '../../framework/config/file.js';
import { parseKind } from '../../framework/config/kinds.js';
import { settingsReference } from '../../framework/config/reference.js';
import { SECTIONS, SETTING_PREFIXES } from '../../framework/config/sections.js';
import { applySettings, resolveSettings } from '../../framework/config/settings.js';
import { ConfigError, type Env } from '../../framework/env.js';

const scratchDirs: string[] = [];
/** A directory of the test's own, removed after the file. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'config-'));
  scratchDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

const root = fileURLToPath(new URL('../..', import.meta.url));
const specs = SECTIONS.flatMap((section) => Object.entries(section.settings).map(([key, spec]) => ({ section: section.name, key, spec })));
const file = (content: unknown) => ({ path: '/work/project/loadtest.config.yaml', content });
const sourceOf = (env: Env, content: unknown, variable: string) => {
  const found = resolveSettings(env, content === undefined ? undefined : file(content)).settings.find((s) => s.spec.env === variable);
  return found && { text: found.text, source: found.source };
};

describe('The schema', () => {
  test('every setting has a variable, a unit, a one-line description and a default (or says how it is derived)', () => {
    expect(specs.length).toBeGreaterThan(45);
    for (const { spec } of specs) {
      expect(spec.env, spec.env).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(spec.unit.length, spec.env).toBeGreaterThan(0);
      expect(spec.description, spec.env).toMatch(/^\S.*[^.]$/);
      expect(spec.description, spec.env).not.toContain('\n');
      expect(spec.default !== undefined || (spec.defaultText ?? '').length > 0, spec.env).toBe(true);
    }
  });

  test('variables and file keys are unique, and each default is a valid value of its own kind', () => {
    const variables = specs.map(({ spec }) => spec.env);
    expect(new Set(variables).size).toBe(variables.length);
    const keys = specs.map(({ section, key }) => `${section}.${key}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(SECTIONS.map((s) => s.name)).size).toBe(SECTIONS.length);
    for (const { spec } of specs.filter(({ spec }) => spec.default !== undefined)) {
      expect(parseKind(spec.kind, spec.default).ok, spec.env).toBe(true);
      expect(parseKind(spec.kind, spec.kind.text(spec.default)).ok, `${spec.env} as text`).toBe(true);
    }
  });

  test("the Go harness's variables stay: SKIP_INSTALL, CLUSTER_NAME, INSTALL_NAMESPACE", () => {
    expect(specs.map(({ spec }) => spec.env)).toEqual(expect.arrayContaining(['SKIP_INSTALL', 'CLUSTER_NAME', 'INSTALL_NAMESPACE']));
  });

  test('every LOADTEST_/KGATEWAY_ variable the code names is a registered setting', () => {
    // Blocks of test-only runs get their settings in an environment of their own, never from the process's.
    const testOnly = new Set(['LOADTEST_SAFETY_ROUTES', 'LOADTEST_FAULT_ROUTES']);
    const registered = new Set(specs.map(({ spec }) => spec.env));
    const sources = ['framework', 'scripts', 'cli', 'fixtures', 'suites']
      .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, withFileTypes: true }).map((e) => join(e.parentPath, e.name)))
      .filter((path) => path.endsWith('.ts') && !relative(root, path).startsWith('suites/unit/'));
    expect(sources.length).toBeGreaterThan(100);
    const named = sources.flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/['"`]((?:LOADTEST|KGATEWAY)_[A-Z0-9_]*[A-Z0-9])['"`]/g)].map((m) => ({
        path: relative(root, path),
        name: m[1] as string,
      })),
    );
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter(({ name }) => !registered.has(name) && !testOnly.has(name))).toEqual([]);
  });

  test('docs/settings.md is generated from the schema and up to date (npm run docs:settings)', () => {
    const committed = readFileSync(join(root, 'docs', 'settings.md'), 'utf8');
    expect(committed, 'docs/settings.md is stale: run npm run docs:settings').toBe(settingsReference());
    for (const { spec } of specs) expect(committed).toContain(`\`${spec.env}\``);
  });
});

describe('Precedence: default, then the file, then the environment', () => {
  test('a default, a file value and a variable each say where they came from', () => {
    expect(sourceOf({}, undefined, 'LOADTEST_CONCURRENCY')).toEqual({ text: '16', source: 'default' });
    expect(sourceOf({}, { attachedRoutes: { concurrency: 8 } }, 'LOADTEST_CONCURRENCY')).toEqual({ text: '8', source: 'file' });
    expect(sourceOf({ LOADTEST_CONCURRENCY: '4' }, { attachedRoutes: { concurrency: 8 } }, 'LOADTEST_CONCURRENCY')).toEqual({
      text: '4',
      source: 'environment',
    });
    // A blank variable is unset, as everywhere in the harness.
    expect(sourceOf({ LOADTEST_CONCURRENCY: ' ' }, { attachedRoutes: { concurrency: 8 } }, 'LOADTEST_CONCURRENCY')).toEqual({ text: '8', source: 'file' });
    // A derived default has no value until the run derives it.
    expect(sourceOf({}, undefined, 'LOADTEST_BATCH_SIZE')).toEqual({ text: undefined, source: 'default' });
  });

  test("the file's values reach the effective environment as variables; a set variable is left as it is", () => {
    const effective = resolveSettings(
      { SKIP_INSTALL: 'yes' },
      file({ cluster: { skipInstall: false, installNamespace: 'gw' }, churn: { quietCores: 0.25 } }),
    ).env;
    expect(effective).toMatchObject({ SKIP_INSTALL: 'yes', INSTALL_NAMESPACE: 'gw', LOADTEST_CHURN_QUIET_CORES: '0.25' });
  });

  test('paths in the file are relative to the file; a list of reports becomes the comma-separated variable', () => {
    const effective = resolveSettings({}, file({ reports: { dir: 'out', compareTo: ['a.json', '/abs/b.json'] }, kgateway: { source: '../kgateway' } })).env;
    expect(effective.LOADTEST_REPORT_DIR).toBe('/work/project/out');
    expect(effective.LOADTEST_COMPARE_TO).toBe('/work/project/a.json,/abs/b.json');
    expect(effective.KGATEWAY_SOURCE).toBe('/work/kgateway');
  });

  test('numbers and booleans may be written as text in the file too', () => {
    expect(resolveSettings({}, file({ attachedRoutes: { samples: '5' }, cluster: { skipInstall: 'true' } })).env).toMatchObject({
      LOADTEST_SAMPLES: '5',
      SKIP_INSTALL: 'true',
    });
  });

  test('applySettings puts the file into the environment only where nothing is set, and finds the file in the working directory', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'loadtest.config.yaml'), 'attachedRoutes:\n  samples: 3\n  concurrency: 4\n');
    const env: NodeJS.ProcessEnv = { LOADTEST_CONCURRENCY: '9' };
    const applied = applySettings(env, dir);
    expect(applied.file).toBe(join(dir, 'loadtest.config.yaml'));
    expect(env).toEqual({ LOADTEST_CONCURRENCY: '9', LOADTEST_SAMPLES: '3' });
    // Applied again (a worker, a child), nothing changes: the values are now the environment's.
    expect(applySettings(env, dir).settings.find((s) => s.spec.env === 'LOADTEST_SAMPLES')?.source).toBe('environment');
  });

  test('LOADTEST_CONFIG names the file (relative to the working directory) or none; a missing one is an error', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'ci'));
    writeFileSync(join(dir, 'ci', 'gw.yaml'), 'baseline:\n  routes: 100\n');
    writeFileSync(join(dir, 'loadtest.config.yaml'), '');
    expect(configFilePath({}, dir)).toBe(join(dir, 'loadtest.config.yaml'));
    expect(configFilePath({ LOADTEST_CONFIG: 'ci/gw.yaml' }, dir)).toBe(join(dir, 'ci', 'gw.yaml'));
    expect(configFilePath({ LOADTEST_CONFIG: 'none' }, dir)).toBeUndefined();
    expect(configFilePath({}, join(dir, 'ci'))).toBeUndefined();
    expect(() => configFilePath({ LOADTEST_CONFIG: 'nope.yaml' }, dir)).toThrow(/LOADTEST_CONFIG="nope.yaml": no such file/);
    // An empty file is no settings, not an error.
    expect(applySettings({}, dir).file).toBe(join(dir, 'loadtest.config.yaml'));
  });
});

describe('Mistakes are refused before anything starts, with a suggestion', () => {
  test.each<[Env, RegExp]>([
    [{ LOADTEST_SAMPELS: '3' }, /^LOADTEST_SAMPELS is not a setting of gateway-loadtest; did you mean LOADTEST_SAMPLES\?$/],
    [{ LOADTEST_BASELINE_ROUTE: '3' }, /did you mean LOADTEST_BASELINE_ROUTES\?/],
    [{ KGATEWAY_VERISON: 'v2.4.2' }, /did you mean KGATEWAY_VERSION\?/],
    [{ CLUSTER_NAM: 'kind' }, /CLUSTER_NAM is not a setting of gateway-loadtest; did you mean CLUSTER_NAME\?/],
    [{ SKIP_INSTAL: 'true' }, /did you mean SKIP_INSTALL\?/],
    [{ LOADTEST_WHATEVER_ELSE: '1' }, /^LOADTEST_WHATEVER_ELSE is not a setting of gateway-loadtest \(gateway-loadtest config lists them all\)$/],
  ])('the variable %o', (env, message) => {
    expect(() => resolveSettings(env, undefined)).toThrow(ConfigError);
    expect(() => resolveSettings(env, undefined)).toThrow(message);
  });

  test("others' variables are left alone: other prefixes, far from any setting, or blank", () => {
    expect(() =>
      resolveSettings({ HOME: '/root', CLUSTER_DOMAIN: 'cluster.local', KGW_VALIDATION_MODE: 'STRICT', LOADTEST_SAMPELS: '' }, undefined),
    ).not.toThrow();
  });

  test('a bad value names its variable and what it should be, as the readers do', () => {
    expect(() => resolveSettings({ LOADTEST_SAMPLES: 'ten' }, undefined)).toThrow(/^LOADTEST_SAMPLES="ten" is not a positive whole number$/);
    expect(() => resolveSettings({ CLUSTER_PROVIDER: 'gke' }, undefined)).toThrow('CLUSTER_PROVIDER="gke" is not one of: local, existing, k3s');
  });

  test.each<[unknown, RegExp]>([
    [{ atachedRoutes: { samples: 3 } }, /loadtest.config.yaml: atachedRoutes is not a section of the config file; did you mean attachedRoutes\?/],
    [{ attachedRoutes: { sampels: 3 } }, /attachedRoutes.sampels is not a setting; did you mean attachedRoutes.samples\?/],
    [{ attachedRoutes: { routes: 3 } }, /attachedRoutes.routes is not a setting; did you mean baseline.routes or production.routes/],
    [{ LOADTEST_SAMPLES: 3 }, /LOADTEST_SAMPLES is an environment variable; in the file it is attachedRoutes.samples/],
    [{ churn: { phaseMs: '12s' } }, /loadtest.config.yaml: churn.phaseMs: "12s" is not a positive whole number/],
    [{ cluster: { provider: 'gke' } }, /cluster.provider: "gke" is not one of: local, existing, k3s/],
    [{ churn: 5 }, /churn must be a mapping of its settings \(routes, phaseMs/],
    [['a'], /expected a mapping of sections/],
    [{ config: { file: 'x.yaml' } }, /config is not a section of the config file/],
  ])('the file %o', (content, message) => {
    expect(() => resolveSettings({}, file(content))).toThrow(ConfigError);
    expect(() => resolveSettings({}, file(content))).toThrow(message);
  });

  test('every problem is listed in one error, one line each', () => {
    const attempt = () => resolveSettings({ LOADTEST_SAMPELS: '3', SKIP_INSTALL: 'maybe' }, file({ baseline: { routs: 5 } }));
    expect(attempt).toThrow(
      /^3 problems with the settings:\n {2}LOADTEST_SAMPELS .*\n {2}.*baseline.routs .*did you mean baseline.routes\?\n {2}SKIP_INSTALL="maybe" is not a boolean/,
    );
  });

  test('YAML that does not parse names the file', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'loadtest.config.yaml'), 'attachedRoutes:\n  samples: [3\n');
    expect(() => applySettings({}, dir)).toThrow(/loadtest.config.yaml is not valid YAML/);
  });

  test(`the prefixes are the harness's: ${SETTING_PREFIXES.join(', ')}`, () => {
    expect(SETTING_PREFIXES).toEqual(['LOADTEST_', 'KGATEWAY_']);
  });
});
