// ControllerRestart's pure parts: the status comparison of two LISTs, the validation-mode option, the restart seam's
// local endpoint (protocol only; the real restart runs in the cluster tier), and its figures in reports and compare.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { kgatewayLaunch, kgatewayValidationEnv } from '../../framework/controllers/kgateway/validationMode.js';
import { ConfigError } from '../../framework/env.js';
import type { PhaseResult } from '../../framework/loadtest/results.js';
import { compareReports } from '../../framework/report/compare.js';
import { parseRunReport, type RunReport } from '../../framework/report/reportFile.js';
import { figuresOf } from '../../framework/report/runFigures.js';
import { runCharts, runMarkdown } from '../../framework/report/runReport.js';
import type { RestartFigures } from '../../framework/restart/controllerRestart.js';
import { requestControllerRestart, startRestartControl } from '../../framework/restart/controlServer.js';
import { recoveryThresholdFor } from '../../framework/restart/restartConfig.js';
import { canonicalJson, compareStatuses, nameList, type StatusSnapshot } from '../../framework/restart/statusSnapshot.js';
import { controllerRestartSuite } from '../../framework/restart/suite.js';
import { fixtureReport } from '../support/reportFixture.js';

const accepted = (generation: number, time = '2026-11-28T08:00:00Z') => ({
  parents: [
    {
      parentRef: { name: 'test-gateway' },
      controllerName: 'kgateway.dev/kgateway',
      conditions: [{ type: 'Accepted', status: 'True', observedGeneration: generation, lastTransitionTime: time, reason: 'Accepted' }],
    },
  ],
});
const snapshot = (routes: Record<string, unknown>, gateways: Record<string, unknown> = { 'test-gateway': { listeners: [] } }): StatusSnapshot => ({
  routes: new Map(Object.entries(routes).map(([name, status]) => [name, canonicalJson(status)])),
  gateways: new Map(Object.entries(gateways).map(([name, status]) => [name, canonicalJson(status)])),
});

describe('compareStatuses', () => {
  test('equal statuses, whatever the key order, are no change', () => {
    const before = snapshot({ 'route-1': accepted(1) });
    const reordered = snapshot({
      'route-1': JSON.parse(JSON.stringify(accepted(1)).replace('"type":"Accepted","status":"True"', '"status":"True","type":"Accepted"')),
    });
    expect(compareStatuses(before, reordered)).toEqual({ lost: [], changed: [], gatewaysChanged: [], appeared: [], vanished: [] });
  });

  test('names the routes that lost their status, changed it, and objects that appeared or vanished, in natural order', () => {
    const before = snapshot({ 'route-10': accepted(1), 'route-2': accepted(1), 'route-3': accepted(1), 'route-4': accepted(1) }, { gw: { a: 1 } });
    const after = snapshot({ 'route-10': {}, 'route-2': null, 'route-3': accepted(1, '2026-11-28T09:00:00Z'), 'route-5': accepted(1) }, { gw: { a: 2 } });
    expect(compareStatuses(before, after)).toEqual({
      lost: ['route-2', 'route-10'],
      changed: ['route-3'],
      gatewaysChanged: ['gw'],
      appeared: ['HTTPRoute route-5'],
      vanished: ['HTTPRoute route-4'],
    });
    expect(nameList(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
    expect(nameList([])).toBe('none');
  });
});

describe('KGATEWAY_VALIDATION_MODE', () => {
  test('passes STANDARD and STRICT (with an Envoy binary) through as KGW_VALIDATION_MODE, upper-cased', () => {
    expect(kgatewayValidationEnv({})).toEqual({});
    expect(kgatewayValidationEnv({ KGATEWAY_VALIDATION_MODE: 'standard' })).toEqual({ KGW_VALIDATION_MODE: 'STANDARD' });
    expect(kgatewayValidationEnv({ KGATEWAY_VALIDATION_MODE: 'strict' }, () => true)).toEqual({ KGW_VALIDATION_MODE: 'STRICT' });
  });

  test('refuses STRICT without an Envoy binary at the fixed path, and unknown modes', () => {
    expect(() => kgatewayValidationEnv({ KGATEWAY_VALIDATION_MODE: 'STRICT' }, () => false)).toThrow(/needs an Envoy binary at \/usr\/local\/bin\/envoy/);
    expect(() => kgatewayValidationEnv({ KGATEWAY_VALIDATION_MODE: 'paranoid' })).toThrow(ConfigError);
    // kgateway's own variable, passed through in the environment, gets the same check.
    expect(() => kgatewayValidationEnv({ KGW_VALIDATION_MODE: 'strict' }, () => false)).toThrow(/KGW_VALIDATION_MODE=STRICT needs an Envoy binary/);
  });
});

describe('the restart seam', () => {
  test('runs one restart at a time, answers with the new process, and writes its pid for later test files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'restart-seam-'));
    let pid = 100;
    let running = 0;
    let overlapped = false;
    const control = await startRestartControl(
      async () => {
        running++;
        overlapped ||= running > 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return { pid: ++pid, stopMs: 5, readyUrl: 'http://127.0.0.1:1/readyz' };
      },
      join(dir, 'state.json'),
    );
    try {
      const [first, second] = await Promise.all([requestControllerRestart(control.url), requestControllerRestart(control.url)]);
      expect([first.pid, second.pid].sort()).toEqual([101, 102]);
      expect(overlapped).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual({ pid: 102, restarts: 2 });
    } finally {
      await control.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a failed restart is an error with the reason', async () => {
    const control = await startRestartControl(
      async () => {
        throw new Error('kgateway exited during start-up');
      },
      join(tmpdir(), 'never-written.json'),
    );
    try {
      await expect(requestControllerRestart(control.url)).rejects.toThrow(/HTTP 500\): kgateway exited during start-up/);
    } finally {
      await control.close();
    }
  });
});

// TEST FIXTURE: made-up restart figures on a fixture report, to check how reports and compare read them.
function restartReport(seed: number, readyMs: number, lost: string[] = []): RunReport {
  const base = fixtureReport({ seed, samples: 0, testName: 'ControllerRestart' });
  const restart: RestartFigures = {
    method: 'process',
    pid: 4242,
    stopMs: 20,
    readyMs,
    readyMethod: 'fixture',
    xdsFirstAnswerMs: readyMs + 800,
    xdsCompleteMs: readyMs + 900,
    recoveryMs: readyMs + 900,
    thresholdMs: recoveryThresholdFor(1000),
    routesWithStatusBefore: 1000,
    routesWithStatusAfter: 1000 - lost.length,
    statusChanges: { lost, changed: [], gatewaysChanged: [], appeared: [], vanished: [] },
  };
  const recovery: PhaseResult = { ...base.results.phases[0], name: 'recovery' } as PhaseResult;
  return { ...base, results: { ...base.results, phases: [...base.results.phases, recovery], restart } as RunReport['results'] };
}

describe('ControllerRestart reports', () => {
  test('its own figures replace the per-sample ones, the phase "recovery" has its figures, and a recovery chart', async () => {
    const report = parseRunReport(JSON.parse(JSON.stringify(restartReport(1, 400, ['route-7']))), 'fixture');
    const figures = figuresOf(report.results);
    const byKey = new Map(figures.map((figure) => [figure.key, figure]));
    expect(byKey.get('restart: ready')).toMatchObject({ value: 400, unit: 'ms' });
    expect(byKey.get('restart: xDS complete')).toMatchObject({ value: 1300 });
    expect(byKey.get('restart: routes lost status')).toMatchObject({ value: 1, unit: 'count' });
    expect(byKey.has('setup')).toBe(false);
    // The verdict's primary figure is one of its own.
    expect(byKey.get(controllerRestartSuite.primaryFigure)).toMatchObject({ value: 1300 });
    expect([...byKey.keys()].some((key) => key.startsWith('recovery: '))).toBe(true);
    expect(runMarkdown(report, [])).toContain('restart: controller ready (readiness endpoint)');
    const charts = await runCharts(report);
    expect(charts.map((chart) => chart.name)).toContain('recovery');
    expect(charts.find((chart) => chart.name === 'recovery')?.svg).toContain('xDS holds all 1000 routes');
  });

  test('npm run compare reads two of them: scalar figures, labelled, never a regression verdict', () => {
    const comparison = compareReports(restartReport(1, 400), restartReport(2, 900));
    const ready = comparison.figures.find((figure) => figure.key === 'restart: ready');
    expect(ready).toBeDefined();
    expect(JSON.stringify(ready)).toContain('400');
    expect(comparison.regressions).toEqual([]);
  });
});

describe('STRICT validation with the embedded default Envoy', () => {
  const kgw = '/cache/bin/kgateway-v2.4.2/kgateway';
  const envoy = '/cache/bin/envoy-1.38.3/envoy';
  test('STANDARD, or STRICT with Envoy at the fixed path, starts kgateway as it is', () => {
    expect(kgatewayLaunch(kgw, undefined, envoy, { fixedPathExists: false, isRoot: true })).toMatchObject({ binary: kgw, args: [] });
    expect(kgatewayLaunch(kgw, 'STRICT', undefined, { fixedPathExists: true, isRoot: false })).toMatchObject({
      binary: kgw,
      args: [],
      validator: '/usr/local/bin/envoy',
    });
  });

  test("STRICT without it runs kgateway in a private mount namespace with the Envoy's cache directory over /usr/local/bin", () => {
    const launch = kgatewayLaunch(kgw, 'STRICT', envoy, { fixedPathExists: false, isRoot: true });
    expect(launch.binary).toBe('unshare');
    expect(launch.args).toEqual([
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      'mount --bind "$0" /usr/local/bin && exec "$1"',
      '/cache/bin/envoy-1.38.3',
      kgw,
    ]);
  });

  test('STRICT with no Envoy anywhere, or without the privilege for a mount namespace, is refused with the reason', () => {
    expect(() => kgatewayLaunch(kgw, 'STRICT', undefined, { fixedPathExists: false, isRoot: true })).toThrow(/none at \/usr\/local\/bin\/envoy/);
    expect(() => kgatewayLaunch(kgw, 'STRICT', envoy, { fixedPathExists: false, isRoot: false })).toThrow(/private mount namespace \(root\)/);
    // The embedded default's Envoy counts as present unless LOADTEST_ENVOY=false.
    expect(() => kgatewayValidationEnv({ KGATEWAY_VALIDATION_MODE: 'STRICT', LOADTEST_ENVOY: 'false' })).toThrow(/LOADTEST_ENVOY=false/);
  });
});
