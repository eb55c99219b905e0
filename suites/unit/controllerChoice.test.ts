// Choosing the controller under test and its build from the environment (LOADTEST_CONTROLLER, KGATEWAY_VERSION,
// KGATEWAY_SOURCE, KGATEWAY_BINARY, LOADTEST_CALIBRATION_DELAY_MS), the A/B specs that set them, the source
// fingerprint that keys a checkout's build, and the pooling of an arm's rounds. No cluster, no build.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { armEnvironment, armOrder } from '../../framework/ab/abRun.js';
import { roundRunReport } from '../../framework/ab/pool.js';
import { sourceFingerprint } from '../../framework/cluster/build/sourceFingerprint.js';
import { controllerFromEnv } from '../../framework/controllers/index.js';
import { readKgatewaySource } from '../../framework/controllers/kgateway/source.js';
import { parseControllerSpec } from '../../framework/controllers/spec.js';
import { ConfigError, type Env } from '../../framework/env.js';
import type { TestResults } from '../../framework/loadtest/results.js';
import { selectProvider } from '../../framework/testBed.js';

const scratch = mkdtempSync(join(tmpdir(), 'controller-choice-'));
/** A directory that looks like a kgateway checkout (go.mod and cmd/kgateway), and one that does not. */
const checkout = join(scratch, 'kgateway');
mkdirSync(join(checkout, 'cmd', 'kgateway'), { recursive: true });
writeFileSync(join(checkout, 'go.mod'), 'module github.com/kgateway-dev/kgateway/v2\n\ngo 1.26\n');
writeFileSync(join(checkout, 'cmd', 'kgateway', 'main.go'), 'package main\n');
const otherModule = join(scratch, 'other');
mkdirSync(otherModule);
writeFileSync(join(otherModule, 'go.mod'), 'module example.com/other\n');
const noCmd = join(scratch, 'nocmd');
mkdirSync(noCmd);
writeFileSync(join(noCmd, 'go.mod'), 'module github.com/kgateway-dev/kgateway/v2\n');
const executable = join(scratch, 'kgateway-bin');
writeFileSync(executable, '#!/bin/sh\n');
chmodSync(executable, 0o755);
const notExecutable = join(scratch, 'kgateway-noexec');
writeFileSync(notExecutable, 'x');
chmodSync(notExecutable, 0o644);

describe('Controller choice', () => {
  test.each<[string, Env, unknown]>([
    ['nothing set: the default release from the proxy', {}, { kind: 'proxy', version: 'v2.4.2' }],
    ['a release', { KGATEWAY_VERSION: 'v2.4.0' }, { kind: 'proxy', version: 'v2.4.0' }],
    ['a pre-release', { KGATEWAY_VERSION: 'v2.5.0-rc.1' }, { kind: 'proxy', version: 'v2.5.0-rc.1' }],
    ['a pseudo-version', { KGATEWAY_VERSION: 'v2.4.3-0.20260701120000-abcdef123456' }, { kind: 'proxy', version: 'v2.4.3-0.20260701120000-abcdef123456' }],
    ['a checkout', { KGATEWAY_SOURCE: checkout }, { kind: 'source', dir: checkout }],
    ['a blank value counts as unset', { KGATEWAY_SOURCE: '  ' }, { kind: 'proxy', version: 'v2.4.2' }],
    ['a prebuilt binary', { KGATEWAY_BINARY: executable }, { kind: 'binary', path: executable }],
  ])('%s', (_, env, expected) => {
    expect(readKgatewaySource(env)).toEqual(expected);
  });

  test.each<[string, Env, RegExp]>([
    ['two choices', { KGATEWAY_VERSION: 'v2.4.2', KGATEWAY_SOURCE: checkout }, /KGATEWAY_VERSION and KGATEWAY_SOURCE are all set: choose at most one/],
    ['three choices', { KGATEWAY_VERSION: 'v2.4.2', KGATEWAY_SOURCE: checkout, KGATEWAY_BINARY: executable }, /choose at most one of KGATEWAY_VERSION/],
    ['a version without v', { KGATEWAY_VERSION: '2.4.2' }, /KGATEWAY_VERSION="2.4.2" is not a Go module version/],
    ['a branch name', { KGATEWAY_VERSION: 'main' }, /is not a Go module version/],
    ['a missing directory', { KGATEWAY_SOURCE: join(scratch, 'missing') }, /KGATEWAY_SOURCE=.*missing: no such directory/],
    ['a file as the directory', { KGATEWAY_SOURCE: executable }, /no such directory/],
    ['a directory without go.mod', { KGATEWAY_SOURCE: scratch }, /no go.mod there/],
    ['another module', { KGATEWAY_SOURCE: otherModule }, /declares module example.com\/other, not github.com\/kgateway-dev\/kgateway\/v2/],
    ['a module without cmd/kgateway', { KGATEWAY_SOURCE: noCmd }, /no cmd\/kgateway in it/],
    ['a missing binary', { KGATEWAY_BINARY: join(scratch, 'nope') }, /KGATEWAY_BINARY=.*nope: no such file/],
    ['a directory as the binary', { KGATEWAY_BINARY: scratch }, /not a file/],
    ['a binary that is not executable', { KGATEWAY_BINARY: notExecutable }, /not executable/],
  ])('refused: %s', (_, env, message) => {
    expect(() => readKgatewaySource(env)).toThrow(ConfigError);
    expect(() => readKgatewaySource(env)).toThrow(message);
  });

  test.each<[string, Env, RegExp]>([
    [
      'an unknown controller, listing the known ones',
      { LOADTEST_CONTROLLER: 'envoy' },
      /LOADTEST_CONTROLLER="envoy" names no controller; known: kgateway, traefik, istio, calibration/,
    ],
    [
      'kgateway variables for the calibration instrument',
      { LOADTEST_CONTROLLER: 'calibration', KGATEWAY_SOURCE: checkout },
      /KGATEWAY_SOURCE set, but the controller under test is calibration/,
    ],
    [
      'the instrument delay for kgateway',
      { LOADTEST_CALIBRATION_DELAY_MS: '50' },
      /LOADTEST_CALIBRATION_DELAY_MS set, but the controller under test is kgateway/,
    ],
    ['a bad delay', { LOADTEST_CONTROLLER: 'calibration', LOADTEST_CALIBRATION_DELAY_MS: '-5' }, /LOADTEST_CALIBRATION_DELAY_MS="-5" is not a duration/],
    ['a bad kgateway choice reaches the registry', { KGATEWAY_VERSION: 'latest' }, /KGATEWAY_VERSION="latest"/],
  ])('LOADTEST_CONTROLLER refuses %s', (_, env, message) => {
    expect(() => controllerFromEnv(env)).toThrow(ConfigError);
    expect(() => controllerFromEnv(env)).toThrow(message);
  });

  test('LOADTEST_CONTROLLER names the controller; kgateway is the default', () => {
    expect(controllerFromEnv({}).name).toBe('kgateway');
    expect(controllerFromEnv({ LOADTEST_CONTROLLER: 'calibration' }).name).toBe('calibration');
    expect(controllerFromEnv({ LOADTEST_CONTROLLER: 'calibration' }).fixedPorts).toEqual([]);
  });

  test.each<[Env, RegExp]>([
    [{ SKIP_INSTALL: 'true', KGATEWAY_VERSION: 'v2.4.0' }, /KGATEWAY_VERSION choose the controller this run starts, but it starts none \(SKIP_INSTALL=true\)/],
    [{ CLUSTER_PROVIDER: 'existing', SKIP_INSTALL: 'true', KGATEWAY_SOURCE: checkout }, /KGATEWAY_SOURCE choose the controller .* starts none/],
  ])('a build choice where no controller starts is refused: %o', (env, message) => {
    expect(() => selectProvider(env, scratch)).toThrow(message);
  });
});

describe('Controller specs (npm run ab)', () => {
  test.each<[string, Record<string, string>]>([
    ['kgateway', { LOADTEST_CONTROLLER: 'kgateway' }],
    ['kgateway@v2.4.0', { LOADTEST_CONTROLLER: 'kgateway', KGATEWAY_VERSION: 'v2.4.0' }],
    [`kgateway:source=${checkout}`, { LOADTEST_CONTROLLER: 'kgateway', KGATEWAY_SOURCE: checkout }],
    [`kgateway:binary=${executable}`, { LOADTEST_CONTROLLER: 'kgateway', KGATEWAY_BINARY: executable }],
    ['traefik', { LOADTEST_CONTROLLER: 'traefik' }],
    ['istio', { LOADTEST_CONTROLLER: 'istio' }],
    ['calibration', { LOADTEST_CONTROLLER: 'calibration' }],
    ['calibration:80', { LOADTEST_CONTROLLER: 'calibration', LOADTEST_CALIBRATION_DELAY_MS: '80' }],
    ['calibration:delay=0', { LOADTEST_CONTROLLER: 'calibration', LOADTEST_CALIBRATION_DELAY_MS: '0' }],
  ])('%s', (text, env) => {
    expect(parseControllerSpec(text).env).toEqual(env);
  });

  test.each<[string, RegExp]>([
    ['', /expected <name>\[@<version>\]\[:<argument>\]/],
    ['Kgateway', /expected <name>/],
    ['envoy', /no controller named envoy; known: kgateway, traefik, istio, calibration/],
    ['traefik@v3.7.13', /only the pinned v3.6.12 can run/],
    ['istio@1.28.0', /istio: only the pinned 1.31-dev build can run/],
    ['kgateway@2.4', /KGATEWAY_VERSION="2.4" is not a Go module version/],
    ['kgateway:path=/x', /expected kgateway:source=<dir> or kgateway:binary=<path>/],
    ['kgateway@v2.4.2:source=/x', /a version .* or a source\/binary, not both/],
    [`kgateway:source=${join(scratch, 'missing')}`, /no such directory/],
    ['calibration@v1', /the instrument has no versions/],
    ['calibration:fast', /expected a delay in whole milliseconds/],
  ])('refused: %j', (text, message) => {
    expect(() => parseControllerSpec(text)).toThrow(ConfigError);
    expect(() => parseControllerSpec(text)).toThrow(message);
  });
});

describe('A/B rounds', () => {
  test('arms alternate which goes first: AB, BA, AB, BA', () => {
    expect([1, 2, 3, 4].map((round) => armOrder(round).join(''))).toEqual(['AB', 'BA', 'AB', 'BA']);
  });

  test("an arm's child gets its own controller variables and the run's settings, and none of the parent's choices", () => {
    const options = {
      a: parseControllerSpec('calibration:80'),
      b: parseControllerSpec('kgateway'),
      rounds: 1,
      routes: 100,
      samples: 7,
      test: 'AttachedRoutesBaseline',
      outDir: scratch,
    };
    const env = armEnvironment(
      { PATH: '/bin', KGATEWAY_SOURCE: checkout, KUBECONFIG: '/k', CLUSTER_NAME: 'kind', VITEST_POOL_ID: '1', LOADTEST_PRODUCTION_ROUTES: '9' },
      options.a,
      options,
      '/tmp/r',
    );
    expect(env).toEqual({
      PATH: '/bin',
      LOADTEST_CONTROLLER: 'calibration',
      LOADTEST_CALIBRATION_DELAY_MS: '80',
      CLUSTER_PROVIDER: 'local',
      LOADTEST_BASELINE_ROUTES: '100',
      LOADTEST_SAMPLES: '7',
      LOADTEST_REPORT_DIR: '/tmp/r',
      // The parent merged the config file into its environment already: the child reads none.
      LOADTEST_CONFIG: 'none',
    });
  });

  test("a round of bare results becomes a run report described from the arm's spec; rounds stay apart", () => {
    const results = {
      runId: 'r1',
      testName: 'AttachedRoutesBaseline',
      startedAt: '2026-11-28T00:00:00Z',
      config: { routes: 100 },
      cluster: { provider: 'local', server: 'x', controller: 'calibration instrument, D = 50 ms', kubernetesVersion: 'v1.36.3' },
      samples: [],
      phases: [],
    } as unknown as TestResults;
    const report = roundRunReport({ path: '1.json', results }, 'calibration:50');
    expect(report.results.runId).toBe('r1');
    expect(report.run.controller).toMatchObject({ name: 'calibration', version: 'instrument, D = 50 ms', origin: 'A/B arm calibration:50' });
  });
});

describe('Source fingerprint (the cache key of a checkout build)', () => {
  const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' }).toString();

  test('a plain directory: by content; a change of one byte changes it, and changing it back restores it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fingerprint-'));
    writeFileSync(join(dir, 'main.go'), 'package main\n');
    const before = sourceFingerprint(dir);
    expect(before.version).toMatch(/^content-[0-9a-f]{12}$/);
    writeFileSync(join(dir, 'main.go'), 'package main \n');
    expect(sourceFingerprint(dir).hash).not.toBe(before.hash);
    writeFileSync(join(dir, 'main.go'), 'package main\n');
    expect(sourceFingerprint(dir)).toEqual(before);
  });

  test('a git checkout: HEAD when clean; "-dirty" and a new key for uncommitted and untracked changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fingerprint-git-'));
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'main.go'), 'package main\n');
    git(dir, 'add', '.');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    const clean = sourceFingerprint(dir);
    expect(clean.version).toBe(head.slice(0, 12));
    writeFileSync(join(dir, 'main.go'), 'package main // slower\n');
    const edited = sourceFingerprint(dir);
    expect(edited.version).toBe(`${head.slice(0, 12)}-dirty`);
    expect(edited.hash).not.toBe(clean.hash);
    writeFileSync(join(dir, 'main.go'), 'package main // slower still\n');
    expect(sourceFingerprint(dir).hash).not.toBe(edited.hash);
    writeFileSync(join(dir, 'main.go'), 'package main\n');
    writeFileSync(join(dir, 'new.go'), 'package main\n');
    const untracked = sourceFingerprint(dir);
    expect(untracked.version).toBe(`${head.slice(0, 12)}-dirty`);
    expect(untracked.hash).not.toBe(clean.hash);
  });
});
