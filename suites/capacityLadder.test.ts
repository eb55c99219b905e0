// CapacityLadder: where does the controller break, and how does its cost grow? The baseline is raised step by step
// (LOADTEST_LADDER_STEPS, default 1,000 2,000 5,000 10,000 20,000) on the shared control plane, with Attached Routes'
// incremental samples at each step, until a step crosses a limit (the knee) or the top step passes.
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { controllerOf } from '../framework/controllers/index.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { readLadderConfig } from '../framework/ladder/config.js';
import { formatRSquared } from '../framework/ladder/growth.js';
import { GROWTH_FIGURES, type GrowthFigure, type LadderResults } from '../framework/ladder/results.js';
import { runLadder, stepPhaseNames } from '../framework/ladder/runner.js';
import { capacityLadderSuite } from '../framework/ladder/suite.js';
import { LoadTestManager } from '../framework/loadtest/attachedRoutes.js';
import { readAttachedRoutesConfig, withControllerPhaseTimeout } from '../framework/loadtest/settings.js';
import { isNotMeasured } from '../framework/measure/notMeasured.js';
import { readCompareTo } from '../framework/report/compareTo.js';
import type { RunReport } from '../framework/report/reportFile.js';
import type { RunDescription } from '../framework/report/runDescription.js';
import { figuresOf } from '../framework/report/runFigures.js';
import { quantile } from '../framework/report/statistics.js';
import type { WrittenReport } from '../framework/report/writeReport.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';
import { closingTests, writeSuiteReport } from './support/suiteReport.js';

const TEST_NAME = 'CapacityLadder';
const { description, connect } = sharedCluster();
const progress = (line: string) => process.stdout.write(`${line}\n`);

describe('CapacityLadder', () => {
  let http: KubeHttp;
  let loadTest: LoadTestManager;
  let results: LadderResults;
  let run: RunDescription;
  let written: WrittenReport;
  let saved: RunReport | undefined;
  const ladder = readLadderConfig(process.env);
  // Each step's Attached Routes settings: thresholds, batch size and phase timeout by its route count.
  const stepConfig = (routes: number) =>
    withControllerPhaseTimeout(
      readAttachedRoutesConfig({ ...process.env, LOADTEST_LADDER_ROUTES: String(routes) }, 'LADDER', routes, description.gatewayClassName, ladder.samples),
      process.env,
      controllerOf(description),
    );

  beforeAll(
    async () => {
      const first = stepConfig(ladder.steps[0] as number);
      saved = readCompareTo(process.env, TEST_NAME, ladder.steps.at(-1) as number);
      http = connect(first.concurrency);
      loadTest = new LoadTestManager({ cluster: description, http, progress }, first, newRunId(), TEST_NAME);
      progress(
        `[${TEST_NAME}] run ${loadTest.runId}: steps ${ladder.steps.join(', ')} routes, ${first.samples} samples per step, class ${first.gatewayClassName} on ${description.provider} (${description.server})`,
      );
      try {
        await loadTest.preflight();
        await loadTest.simulation();
        await loadTest.gatewayPhase();
        results = await runLadder(loadTest, { config: ladder, stepConfig, progress, cores: availableParallelism() });
      } catch (error) {
        progress(`[${TEST_NAME}] run failed: ${(error as Error).message}\n${controllerOf(description).recentProblems(description.controller?.logPath)}`);
        throw error;
      }
      const { knee } = results.ladder;
      progress(
        knee
          ? `[${TEST_NAME}] the knee: ${knee.routes} routes (${knee.kind}: ${knee.reason})`
          : `[${TEST_NAME}] no knee up to ${results.config.routes} routes: every step stayed within its limits`,
      );
      const table = capacityLadderSuite.sampleTable(results);
      progress([table.head.join(' | '), ...table.rows.map((row) => row.join(' | '))].join('\n'));
      for (const figure of Object.keys(GROWTH_FIGURES) as GrowthFigure[]) {
        const { fit } = results.ladder.growth[figure];
        progress(
          `[${TEST_NAME}] ${GROWTH_FIGURES[figure].label}: ${isNotMeasured(fit) ? `no fit (${fit.notMeasured})` : `~ N^${fit.exponent.toFixed(2)} (R² ${formatRSquared(fit)}, ${fit.points} steps)`}`,
        );
      }
      ({ run, written } = await writeSuiteReport({
        testName: TEST_NAME,
        results,
        cluster: description,
        timeline: loadTest.attachmentTimeline,
        suiteSettings: { ladder },
        progress,
      }));
    },
    6 * 60 * 60_000,
  );

  afterAll(async () => {
    await loadTest?.cleanup();
    await http?.close();
  }, 10 * 60_000);

  test('every step up to the knee (or the top step) measured its samples, each within the phase timeout', async ({ annotate }) => {
    const { steps, knee } = results.ladder;
    // The steps ran in the configured order and stopped exactly at the knee, or ran them all.
    expect(steps.map((s) => s.routes)).toEqual(ladder.steps.slice(0, steps.length));
    if (!knee) expect(steps.length).toBe(ladder.steps.length);
    for (const step of steps) {
      if (step.knee?.kind === 'timeout') continue;
      expect(step.samples.length, `step ${step.routes}: samples`).toBe(results.config.samples);
      for (const sample of step.samples) expect(sample.setupMs, `step ${step.routes}: ${sample.route}`).toBeGreaterThan(0);
      // Each step's two phases were measured, in order, back to back.
      const names = stepPhaseNames(step.routes);
      expect(step.phases).toEqual([names.baseline, names.incremental]);
    }
    await annotate(`${steps.length} steps; report ${written.markdown}`, { path: written.markdown, contentType: 'text/markdown' });
  });

  test('the knee is the first step that crossed a limit, and it says which', async ({ annotate }) => {
    const { steps, knee } = results.ladder;
    // No step before the last ended the ladder, and every finished step below the knee kept setup p50 within its threshold.
    for (const step of steps.slice(0, -1)) {
      expect(step.knee, `step ${step.routes}`).toBeUndefined();
      expect(
        quantile(
          step.samples.map((s) => s.setupMs),
          0.5,
        ),
      ).toBeLessThanOrEqual(step.setupThresholdMs);
    }
    const last = steps.at(-1);
    if (knee) {
      expect(last?.knee?.kind).toBe(knee.kind);
      expect(knee.routes).toBe(last?.routes);
      if (knee.kind === 'setup') expect(quantile(last?.samples.map((s) => s.setupMs) ?? [], 0.5)).toBeGreaterThan(last?.setupThresholdMs ?? 0);
      await annotate(`knee at ${knee.routes} routes: ${knee.kind}: ${knee.reason}`);
    } else {
      expect(last?.knee).toBeUndefined();
      await annotate(`no knee up to ${last?.routes} routes`);
    }
  });

  test('how each cost grows with N: a power-law exponent per figure over the steps measured', async ({ annotate, skip }) => {
    const measuredSteps = results.ladder.steps.filter((s) => s.samples.length > 0);
    if (measuredSteps.length < 2) return skip(`a growth fit needs two measured steps (${measuredSteps.length})`);
    for (const figure of ['setupP50', 'teardownP50', 'statusWritesPerSample'] as const) {
      const { fit, values } = results.ladder.growth[figure];
      expect(isNotMeasured(fit), `${figure}: ${JSON.stringify(fit)} from ${JSON.stringify(values)}`).toBe(false);
      if (!isNotMeasured(fit)) expect(Number.isFinite(fit.exponent)).toBe(true);
    }
    const rows = figuresOf(results).filter((f) => f.key.startsWith('ladder:exponent:') && 'value' in f);
    for (const row of rows) if ('value' in row) await annotate(`${row.label}: ${row.value.toFixed(2)}`);
  });

  test("the harness's own CPU at the top step is measured beside the controller's and the API server's", async ({ annotate }) => {
    const share = results.ladder.harnessShare;
    expect(isNotMeasured(share), JSON.stringify(share)).toBe(false);
    if (isNotMeasured(share)) return;
    expect(isNotMeasured(share.harnessCpuSeconds)).toBe(false);
    if (description.provider === 'local') expect(isNotMeasured(share.controllerCpuSeconds)).toBe(false);
    const seconds = (value: typeof share.harnessCpuSeconds) => (isNotMeasured(value) ? value.notMeasured : `${value.toFixed(1)} s`);
    await annotate(
      `top step ${share.routes} routes over ${share.wallSeconds.toFixed(0)} s: harness ${seconds(share.harnessCpuSeconds)}, controller ${seconds(share.controllerCpuSeconds)}, API server ${seconds(share.apiServerCpuSeconds)}, machine busy ${share.machineBusySeconds.toFixed(1)} s of ${(share.wallSeconds * share.cores).toFixed(0)} s${share.machineStealSeconds === undefined ? '' : `, steal ${share.machineStealSeconds.toFixed(1)} s`}`,
    );
  });

  closingTests(() => ({ testName: TEST_NAME, saved, results, run, loadTest, progress }));
});
