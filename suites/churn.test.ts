import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readChurnConfig } from '../framework/churn/config.js';
import { churnCosts } from '../framework/churn/figures.js';
import { CHANGE_KINDS, type ChurnResults, KIND_LABELS } from '../framework/churn/results.js';
import { runChurn } from '../framework/churn/runner.js';
import { controllerOf } from '../framework/controllers/index.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { LoadTestManager } from '../framework/loadtest/attachedRoutes.js';
import { readAttachedRoutesConfig, withControllerPhaseTimeout } from '../framework/loadtest/settings.js';
import { isNotMeasured } from '../framework/measure/notMeasured.js';
import { describeStableProbe } from '../framework/measure/stableProbe.js';
import { readCompareTo } from '../framework/report/compareTo.js';
import type { RunReport } from '../framework/report/reportFile.js';
import type { RunDescription } from '../framework/report/runDescription.js';
import { figuresOf } from '../framework/report/runFigures.js';
import { SAMPLE_HEAD, sampleRows, scalarRows } from '../framework/report/runReport.js';
import type { WrittenReport } from '../framework/report/writeReport.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';
import { closingTests, writeSuiteReport } from './support/suiteReport.js';

const TEST_NAME = 'Churn';
const { description, connect } = sharedCluster();
const progress = (line: string) => process.stdout.write(`${line}\n`);

describe('Churn', () => {
  let http: KubeHttp;
  let loadTest: LoadTestManager;
  let results: ChurnResults;
  let run: RunDescription;
  let written: WrittenReport;
  let saved: RunReport | undefined;

  beforeAll(async () => {
    // The baseline of Attached Routes (LOADTEST_CHURN_ROUTES, default 1,000), without its incremental samples.
    const config = withControllerPhaseTimeout(
      readAttachedRoutesConfig(process.env, 'CHURN', 1000, description.gatewayClassName, 1),
      process.env,
      controllerOf(description),
    );
    const churnConfig = readChurnConfig(process.env);
    saved = readCompareTo(process.env, TEST_NAME, config.routes);
    http = connect(config.concurrency);
    loadTest = new LoadTestManager({ cluster: description, http, progress }, config, newRunId(), TEST_NAME);
    progress(
      `[${TEST_NAME}] run ${loadTest.runId}: ${config.routes} baseline routes, then ${churnConfig.phaseMs} ms per kind of change, one every ${churnConfig.intervalMs} ms at most, on ${description.provider} (${description.server})`,
    );
    try {
      await loadTest.preflight();
      await loadTest.simulation();
      await loadTest.gatewayPhase();
      await loadTest.baselinePhase();
      const churn = await runChurn(loadTest, churnConfig, progress, description.controllerMetricsUrl, controllerOf(description).routePolicy);
      loadTest.stopMeasuring();
      results = { ...(await loadTest.results()), churn };
    } catch (error) {
      progress(`[${TEST_NAME}] run failed: ${(error as Error).message}\n${controllerOf(description).recentProblems(description.controller?.logPath)}`);
      throw error;
    }
    const figures = figuresOf(results);
    progress([SAMPLE_HEAD.join(' | '), ...sampleRows(figures).map((row) => row.join(' | '))].join('\n'));
    progress(
      scalarRows(figures)
        .map((row) => row.join(': '))
        .join('\n'),
    );
    ({ run, written } = await writeSuiteReport({
      testName: TEST_NAME,
      results,
      cluster: description,
      timeline: loadTest.attachmentTimeline,
      suiteSettings: { churn: churnConfig },
      progress,
    }));
  }, 20 * 60_000);

  afterAll(async () => {
    await loadTest?.cleanup();
    await http?.close();
  }, 10 * 60_000);

  test('every kind of change ran, and each converged: to its status write and to the xDS push that reflects it', async ({ annotate }) => {
    const { changes, skipped = [] } = results.churn;
    // A kind is left out only with a reason (it needs HTTPS listeners, kgateway's CRDs or KWOK, or was not chosen).
    for (const phase of skipped) progress(`[${TEST_NAME}] ${phase.name}: skipped, ${phase.reason}`);
    const left = new Set(skipped.flatMap((phase) => phase.kinds));
    for (const kind of CHANGE_KINDS.filter((k) => !left.has(k))) {
      const of = changes.filter((c) => c.kind === kind);
      // Two a side at the least, or `npm run compare` has no rank test for the kind.
      expect(of.length, `${KIND_LABELS[kind]}: changes`).toBeGreaterThanOrEqual(2);
      // The runner fails the run when a change it waits for does not converge; here, that the figures are there.
      const needsStatus = kind.startsWith('route') || kind === 'policyAttach' || kind.startsWith('listener');
      const needsPush = !kind.startsWith('irrelevant');
      for (const change of of) {
        if (needsStatus) expect(isNotMeasured(change.statusMs), `${change.object}: status ${JSON.stringify(change.statusMs)}`).toBe(false);
        if (needsPush && description.xdsAddress) expect(isNotMeasured(change.xdsMs), `${change.object}: xDS ${JSON.stringify(change.xdsMs)}`).toBe(false);
      }
    }
    const rows = figuresOf(results).filter((f) => f.key.startsWith('churn:') && 'samples' in f);
    await annotate(`${changes.length} changes; report ${written.markdown}`, { path: written.markdown, contentType: 'text/markdown' });
    for (const row of rows) if ('samples' in row) await annotate(`${row.label}: ${row.samples.length} changes`);
  });

  test('zero downtime: the stable route is in every RDS push while the changes run', ({ skip }) => {
    const stable = results.churn.stableRoute;
    if (isNotMeasured(stable)) {
      progress(`[${TEST_NAME}] stable route not checked: ${stable.notMeasured}`);
      return skip(`stable route not checked: ${stable.notMeasured}`);
    }
    // Route and policy changes push RDS; a run whose phases have none of them (LOADTEST_CHURN_KINDS=failover) has
    // nothing to check, and says so. With one of them, a check that saw no push checked nothing.
    const ran = new Set(results.churn.phases.flatMap((phase) => phase.kinds));
    const rdsKinds = ['routeAdd', 'routeDelete', 'routePath', 'routeBackend', 'policyAttach', 'policyDetach'] as const;
    if (!rdsKinds.some((kind) => ran.has(kind))) {
      const reason = `no phase that ran changes a route (${[...ran].join(', ') || 'none'}), so no RDS push was expected`;
      progress(`[${TEST_NAME}] stable route not checked: ${reason}`);
      return skip(`stable route not checked: ${reason}`);
    }
    expect(stable.pushesChecked).toBeGreaterThan(0);
    expect(
      stable.misses.map((miss) => `${miss.atMs.toFixed(1)} ms into the churn, RDS version ${miss.version}, change in flight: ${miss.changeInFlight ?? 'none'}`),
      `RDS pushes without ${stable.route} (${stable.host}${stable.path})`,
    ).toEqual([]);
  });

  test('zero downtime by real traffic: the stable route answered 2xx/3xx to every request through the data plane', ({ skip }) => {
    const stable = results.churn.stableRouteHttp;
    if (stable === undefined || isNotMeasured(stable)) {
      const reason = stable?.notMeasured ?? 'not recorded';
      progress(`[${TEST_NAME}] stable route not probed by HTTP: ${reason}`);
      return skip(`stable route not probed by HTTP: ${reason}`);
    }
    expect(stable.requests, 'the stable route was probed').toBeGreaterThan(0);
    expect(stable.failures, describeStableProbe(stable)).toBe(0);
  });

  test('each change cost is measured per kind: controller CPU and allocations, xDS pushes and bytes', ({ skip }) => {
    const costs = churnCosts(results);
    expect(costs.map((c) => c.phase)).toEqual(results.churn.phases.map((p) => p.name));
    if (!description.controllerMetricsUrl) return skip('no controller metrics endpoint known (LOADTEST_CONTROLLER_METRICS_URL)');
    for (const cost of costs) {
      expect(cost.cpuMs, `${cost.phase}: CPU per change`).toBeGreaterThan(0);
      expect(cost.allocatedBytes, `${cost.phase}: bytes allocated per change`).toBeGreaterThan(0);
      // A Service nobody routes to need not reach xDS: only the other kinds must push.
      const mustPush = results.churn.phases.find((p) => p.name === cost.phase)?.kinds.some((kind) => !kind.startsWith('irrelevant'));
      if (description.xdsAddress && mustPush) expect(cost.xdsResponses, `${cost.phase}: xDS responses per change`).toBeGreaterThan(0);
    }
  });

  test('the baseline is as it was after the churn: every route attached, per a fresh list', async () => {
    const { routes } = results.config;
    expect(await loadTest.attachmentPerApiServer()).toEqual({ attached: routes, listenerAttachedRoutes: routes });
  });

  closingTests(() => ({ testName: TEST_NAME, saved, results, run, loadTest, progress }));
});
