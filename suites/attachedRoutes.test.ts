// The Attached Routes performance test (gateway-api-bench methodology) at baseline and production scale.
// Every figure comes from watch events on a monotonic clock; each sample is asserted against the thresholds.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { controllerOf } from '../framework/controllers/index.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { LoadTestManager } from '../framework/loadtest/attachedRoutes.js';
import type { TestResults } from '../framework/loadtest/results.js';
import { readAttachedRoutesConfig } from '../framework/loadtest/settings.js';
import { isNotMeasured } from '../framework/measure/notMeasured.js';
import { printSummary } from '../framework/report/render.js';
import { summarize } from '../framework/report/summary.js';
import { writeReports } from '../framework/report/write.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';

const { description, connect } = sharedCluster();
const progress = (line: string) => process.stdout.write(`${line}\n`);

function attachedRoutes(testName: string, scale: string, defaultRoutes: number, timeoutMs: number) {
  let http: KubeHttp;
  let loadTest: LoadTestManager;
  let results: TestResults;

  beforeAll(async () => {
    const config = readAttachedRoutesConfig(process.env, scale, defaultRoutes, description.gatewayClassName);
    http = connect(config.concurrency);
    loadTest = new LoadTestManager({ cluster: description, http, progress }, config, newRunId(), testName);
    progress(
      `[${testName}] run ${loadTest.runId}: ${config.routes} routes in batches of ${config.batchSize}, ${config.samples} samples, class ${config.gatewayClassName} on ${description.provider} (${description.server})`,
    );
    try {
      await loadTest.preflight(); //        the GatewayClass exists and is Accepted
      await loadTest.simulation(); //       1-2. simulated cluster: fake Nodes, Services, EndpointSlices
      await loadTest.gatewayPhase(); //     3.   Gateway Accepted and Programmed
      await loadTest.baselinePhase(); //    4-6. N baseline routes in batches, all attached
      await loadTest.samplesPhase(); //     7-11. incremental routes: setup and teardown, one at a time
      results = await loadTest.results();
    } catch (error) {
      progress(`[${testName}] run failed: ${(error as Error).message}\n${controllerOf(description).recentProblems(description.controller?.logPath)}`);
      throw error;
    }
    progress(printSummary(results));
    const paths = writeReports(results, process.env.LOADTEST_REPORT_DIR || join(process.cwd(), 'reports'));
    progress(`[${testName}] reports: ${paths.json}, ${paths.markdown}`);
  }, timeoutMs);

  afterAll(async () => {
    await loadTest?.cleanup();
    await http?.close();
  }, 10 * 60_000);

  test('every baseline route is Accepted and ResolvedRefs, and the listener counts them all', async ({ annotate }) => {
    const { routes } = results.config;
    // What the watches said, checked against the API server itself (the samples are deleted by now).
    expect(await loadTest.attachmentPerApiServer()).toEqual({ attached: routes, listenerAttachedRoutes: routes });
    const baseline = results.phases.find((phase) => phase.name === 'baseline');
    expect(baseline, 'the baseline phase was measured').toBeDefined();
    // The phase spans the whole baseline: its boundaries are where the attach time is measured from and to.
    expect(baseline?.durationMs ?? 0).toBeGreaterThanOrEqual(results.baseline.attachMs);
    // Two instruments that must agree: the API server served every create, and at least as many route status
    // writes as the watches saw (a watch that counted one write twice would exceed it).
    if (baseline && !isNotMeasured(baseline.apiServerRequests)) {
      const served = baseline.apiServerRequests.requests;
      expect(served['POST httproutes'] ?? 0).toBeGreaterThanOrEqual(routes);
      const statusWrites = Object.entries(served).filter(([key]) => /^(PATCH|PUT|APPLY) httproutes\/status$/.test(key));
      expect(statusWrites.reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThanOrEqual(baseline.writes.routes);
    } else {
      console.log(`API server requests not cross-checked: ${JSON.stringify(baseline?.apiServerRequests)}`);
    }
    void annotate(
      `baseline: ${routes} routes created in ${(results.baseline.createMs / 1000).toFixed(1)} s, all attached after ${(results.baseline.attachMs / 1000).toFixed(1)} s`,
    );
  });

  test('setup of each incremental route is within the threshold', ({ annotate }) => {
    const { thresholds, routes, samples } = results.config;
    // The incremental routes continue the baseline's numbering, as in the Go harness.
    expect(results.samples.map((s) => s.route)).toEqual(Array.from({ length: samples }, (_, i) => `test-gateway-route-${routes + i}`));
    for (const sample of results.samples) {
      expect
        .soft(
          sample.setupMs,
          `sample ${sample.index + 1}: setup ${sample.setupMs.toFixed(1)} ms exceeds the threshold ${thresholds.setupMs} ms for ${routes} routes`,
        )
        .toBeLessThan(thresholds.setupMs);
    }
    const summary = summarize(results.samples);
    void annotate(
      `setup p50 ${summary.setupP50Ms.toFixed(1)} ms, max ${summary.setupMaxMs.toFixed(1)} ms (threshold ${thresholds.setupMs} ms, ${routes} routes)`,
    );
  });

  test('teardown of each incremental route is within the threshold', ({ annotate }) => {
    const { thresholds, routes } = results.config;
    expect(results.samples.length).toBeGreaterThan(0);
    for (const [i, sample] of results.samples.entries()) {
      // One route at a time: each is deleted only after its setup completed, and the next created after that.
      expect(sample.deleteSentAt).toBeGreaterThanOrEqual(sample.createSentAt + sample.setupMs);
      expect(results.samples[i + 1]?.createSentAt ?? Number.POSITIVE_INFINITY).toBeGreaterThan(sample.deleteSentAt + sample.teardownMs);
      expect
        .soft(
          sample.teardownMs,
          `sample ${sample.index + 1}: teardown ${sample.teardownMs.toFixed(1)} ms exceeds the threshold ${thresholds.teardownMs} ms for ${routes} routes`,
        )
        .toBeLessThan(thresholds.teardownMs);
    }
    const summary = summarize(results.samples);
    void annotate(`teardown p50 ${summary.teardownP50Ms.toFixed(1)} ms, max ${summary.teardownMaxMs.toFixed(1)} ms (threshold ${thresholds.teardownMs} ms)`);
  });

  test(
    'cleanup leaves nothing with the run label in the cluster',
    async () => {
      await loadTest.cleanup(); // teardown: delete by the run's label, wait until its namespaces are gone
      expect(await loadTest.remainingObjects()).toEqual({});
    },
    10 * 60_000,
  );
}

describe('AttachedRoutes', () => {
  describe('AttachedRoutesBaseline', () => attachedRoutes('AttachedRoutesBaseline', 'BASELINE', 1000, 30 * 60_000));
  describe('AttachedRoutesProduction', () => attachedRoutes('AttachedRoutesProduction', 'PRODUCTION', 5000, 60 * 60_000));
});
