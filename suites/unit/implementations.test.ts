// The implementations table from fixture reports (made-up numbers, see reportFixture.ts): what each cell reads, a
// failed run kept as failed with its reason, the settings that differ, the machine, and the controller choice.
import { describe, expect, test } from 'vitest';
import { chooseControllers, failureReason } from '../../framework/ab/implementationsRun.js';
import { controllerNames } from '../../framework/controllers/index.js';
import {
  differingSettings,
  type ImplementationRun,
  implementationsChartSvg,
  implementationsMarkdown,
  implementationsTable,
  tableRows,
} from '../../framework/report/implementations.js';
import type { RunReport } from '../../framework/report/reportFile.js';
import { quantile } from '../../framework/report/statistics.js';
import { fixtureReport } from '../support/reportFixture.js';

/** A fixture report as if `controller` had run, with its own class and phase timeout. */
function reportOf(controller: string, seed: number, settings: Record<string, unknown> = {}): RunReport {
  const report = fixtureReport({ seed });
  return {
    ...report,
    run: {
      ...report.run,
      controller: { name: controller, version: `${controller}-v1`, origin: `TEST FIXTURE: ${controller} (no binary)` },
      settings: { ...report.run.settings, cluster: { server: `https://127.0.0.1:${40000 + seed}`, gatewayClassName: controller }, ...settings },
    },
  };
}

const HOST = {
  cpuModel: 'TEST FIXTURE CPU',
  cores: 2,
  memoryBytes: 24 * 2 ** 30,
  os: { type: 'Linux', platform: 'linux', release: '6.1.0', arch: 'x64' },
  nodeVersion: 'v20.20.2',
};
const PUBLISHED = { kgateway: { setupS: 12, teardownS: 16, writes: 323, source: 'TEST FIXTURE source' } };
const INPUT = {
  suite: 'Attached Routes',
  test: 'AttachedRoutesBaseline',
  routes: 1000,
  samples: 20,
  host: HOST,
  goVersion: 'go version go1.26.8 linux/amd64',
  generatedAt: 'fixture',
  published: PUBLISHED,
};

const passed = (controller: string, report: RunReport): ImplementationRun => ({
  controller,
  report,
  reportPath: `/fixture/${controller}.json`,
  logPath: `/fixture/${controller}.log`,
  seconds: 90,
  load: { atStart: 1.52, atEnd: 3.04 },
});

describe('implementationsTable', () => {
  const kgateway = reportOf('kgateway', 1, { phaseTimeoutMs: 300_000 });
  const traefik = reportOf('traefik', 2, { phaseTimeoutMs: 600_000 });
  const failed: ImplementationRun = {
    controller: 'broken',
    failure: 'run failed: baseline: after 600000 ms, 12 of 1000 routes',
    logPath: '/fixture/broken.log',
    seconds: 601,
  };
  const table = implementationsTable([passed('kgateway', kgateway), passed('traefik', traefik), failed], INPUT);

  test("reads each controller's figures from its report: p50 and max of the samples, the bench's three, the baseline phase", () => {
    const [row] = table.rows;
    const setups = kgateway.results.samples.map((s) => s.setupMs);
    expect(row).toMatchObject({
      controller: 'kgateway',
      version: 'kgateway-v1',
      passed: true,
      runId: kgateway.results.runId,
      setup: { p50: quantile(setups, 0.5), max: Math.max(...setups), n: 20 },
      routeReadyMethod: 'HTTP',
      baselineAttach: { value: 14_200, unit: 'ms' },
      benchSetup: { value: (kgateway.results.bench as { setupMs: number }).setupMs, unit: 'ms' },
      benchWrites: { value: 300, unit: 'count' },
      gatewayStatusWrites: { value: 4, unit: 'count' },
      routeStatusWrites: { value: 1000, unit: 'count' },
      // The kernel's figure is preferred to /metrics (18.9 s against 18.8 s in the fixture).
      controllerCpu: { value: 18.9, unit: 's', source: 'kernel' },
      controllerPeakMemory: { value: 262 * 2 ** 20, unit: 'bytes', source: 'kernel' },
      // The API server's requests that were not the harness's: 1000 route status writes, 4 Gateway's, 8 lists.
      apiRequests: { value: 1012, unit: 'count' },
    });
  });

  test('a failed run stays in the table as failed, with its reason, and no figure is made up for it', () => {
    const row = table.rows[2];
    expect(row).toMatchObject({ controller: 'broken', passed: false, failure: failed.failure, version: 'unknown' });
    expect(row?.benchSetup).toEqual({ notMeasured: 'the run wrote no report' });
    const markdown = implementationsMarkdown(table);
    expect(markdown).toContain(`FAILED: ${failed.failure}`);
  });

  test('states the machine, one Kubernetes build for all, and only the settings that differ (not the per-run server port)', () => {
    expect(table.machine).toEqual({
      cpuModel: 'TEST FIXTURE CPU',
      cores: 2,
      memoryBytes: 24 * 2 ** 30,
      os: 'Linux 6.1.0 x64',
      node: 'v20.20.2',
      go: 'go version go1.26.8 linux/amd64',
    });
    expect(table.kubernetes).toEqual(['v1.36.3']);
    expect(table.differingSettings).toEqual({
      kgateway: { 'cluster.gatewayClassName': 'kgateway', phaseTimeoutMs: '300000' },
      traefik: { 'cluster.gatewayClassName': 'traefik', phaseTimeoutMs: '600000' },
    });
    const markdown = implementationsMarkdown(table, './chart.svg');
    expect(markdown).toContain('- machine: TEST FIXTURE CPU, 2 cores, 24 GiB, Linux 6.1.0 x64, Node v20.20.2, go version go1.26.8 linux/amd64');
    expect(markdown).toContain('v1.36.3, the same control plane build for every controller');
    expect(markdown).toContain('- traefik: cluster.gatewayClassName=traefik; phaseTimeoutMs=600000');
    expect(markdown).toContain('![Attached Routes by implementation](./chart.svg)');
    // gateway-api-bench's published figures, labelled as such, for the controllers it measured.
    expect(table.published).toEqual(PUBLISHED);
    expect(markdown).toMatch(/published figures .*not measured here; TEST FIXTURE source/);
    expect(markdown).toContain('| kgateway | 12 s | 16 s | 323 |');
  });

  test('different Kubernetes builds are called out', () => {
    const other = { ...traefik, run: { ...traefik.run, kubernetesVersion: 'v1.35.0' } };
    const mixed = implementationsTable([passed('kgateway', kgateway), passed('traefik', other)], INPUT);
    expect(implementationsMarkdown(mixed)).toContain('DIFFERENT builds: v1.36.3, v1.35.0');
  });

  test('one column per controller, one row per figure, formatted for people', () => {
    const rows = tableRows(table);
    expect(rows.every((row) => row.length === 4)).toBe(true);
    const row = (label: string) => rows.find((r) => r[0] === label);
    expect(row('route ready method')).toEqual(['route ready method', 'HTTP', 'HTTP', 'not measured']);
    expect(row('baseline: all routes attached (from the first create)')?.[1]).toBe('14.2 s');
    expect(row('baseline controller peak memory')?.[1]).toBe('262 MiB (kernel)');
    expect(row('load average (1 min) at start / end')).toEqual(['load average (1 min) at start / end', '1.5 / 3.0', '1.5 / 3.0', 'not recorded']);
  });

  test('the chart draws every measured time figure as a bar per controller', async () => {
    const svg = await implementationsChartSvg(table);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('gateway-api-bench setup');
    expect(svg).toContain('traefik');
    expect(await implementationsChartSvg(implementationsTable([failed], INPUT))).toBeUndefined();
  });

  test('settings present in one report only count as differing', () => {
    const extra = reportOf('traefik', 2, { listenerPort: 80 });
    expect(
      differingSettings([
        { controller: 'kgateway', report: kgateway },
        { controller: 'traefik', report: extra },
      ]),
    ).toMatchObject({
      kgateway: { listenerPort: '(not set)' },
      traefik: { listenerPort: '80' },
    });
  });
});

describe('chooseControllers', () => {
  test('every controller in the registry but the calibration instrument, by default', () => {
    expect(chooseControllers(undefined)).toEqual(controllerNames().filter((name) => name !== 'calibration'));
    expect(chooseControllers(undefined)).toContain('kgateway');
  });

  test('a named subset in the order given; unknown, instrument and repeated names are refused', () => {
    expect(chooseControllers('traefik, kgateway')).toEqual(['traefik', 'kgateway']);
    expect(() => chooseControllers('kgateway,nginx')).toThrow(/nginx: no such controller; known: kgateway/);
    expect(() => chooseControllers('calibration')).toThrow(/calibration: an instrument of the harness, never a controller under test/);
    expect(() => chooseControllers('kgateway,kgateway')).toThrow(/kgateway named more than once/);
    expect(() => chooseControllers(' , ')).toThrow(/name at least one controller/);
  });
});

describe('failureReason', () => {
  test("the run's own failure line first, else the failing test and its first error, else the exit code", () => {
    const colour = '\u001b[31m';
    expect(failureReason(`x\n[AttachedRoutesBaseline] run failed: baseline: after 5 ms, 3 of 9 attached\nmore`, 1)).toBe(
      'run failed: baseline: after 5 ms, 3 of 9 attached',
    );
    expect(
      failureReason(
        ` ${colour}FAIL\u001b[39m  cluster  suites/attachedRoutes.test.ts > AttachedRoutes > AttachedRoutesBaseline > setup\nAssertionError: expected 40000 to be less than 30000\n`,
        1,
      ),
    ).toBe(
      'vitest exited with 1: cluster  suites/attachedRoutes.test.ts > AttachedRoutes > AttachedRoutesBaseline > setup: AssertionError: expected 40000 to be less than 30000',
    );
    expect(failureReason('nothing useful', null)).toBe('vitest was killed by a signal');
    expect(failureReason('', 3)).toBe('vitest exited with 3');
  });
});
