// The Attached Routes performance test (gateway-api-bench methodology) at baseline and production scale.
// Every figure comes from watch events on a monotonic clock; each sample is asserted against the thresholds.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { KubeHttp } from '../framework/kube/http.js';
import { recentControllerProblems } from '../framework/controllers/kgateway/controllerLog.js';
import { LoadTestManager } from '../framework/loadtest/attachedRoutes.js';
import { readAttachedRoutesConfig } from '../framework/loadtest/settings.js';
import { printSummary } from '../framework/report/render.js';
import { summarize } from '../framework/report/summary.js';
import { writeReports } from '../framework/report/write.js';
import { newRunId } from '../framework/run/runId.js';
import type { TestResults } from '../framework/loadtest/results.js';
import { runCluster } from './support/cluster.js';

const { description, connect } = runCluster();
const progress = (line: string) => process.stdout.write(`${line}\n`);

function attachedRoutes(testName: string, scale: string, defaultRoutes: number, timeoutMs: number) {
  let http: KubeHttp;
  let manager: LoadTestManager;
  let results: TestResults;

  beforeAll(async () => {
    const config = readAttachedRoutesConfig(process.env, scale, defaultRoutes, description.gatewayClassName);
    http = await connect(config.concurrency);
    manager = new LoadTestManager({ cluster: description, http, progress }, config, newRunId(), testName);
    progress(`[${testName}] run ${manager.runId}: ${config.routes} routes in batches of ${config.batchSize}, ${config.samples} samples, class ${config.gatewayClassName} on ${description.provider} (${description.server})`);
    try {
      results = await manager.run();
    } catch (error) {
      progress(`[${testName}] run failed: ${(error as Error).message}\n${recentControllerProblems(description.logs.kgateway)}`);
      throw error;
    }
    progress(printSummary(results));
    const paths = writeReports(results, join(process.cwd(), 'reports'));
    progress(`[${testName}] reports: ${paths.json}, ${paths.markdown}`);
  }, timeoutMs);

  afterAll(async () => {
    await manager?.cleanup();
    await http?.close();
  }, 10 * 60_000);

  test('every baseline route is Accepted and ResolvedRefs, and the listener counts them all', async ({ annotate }) => {
    // run() resolves only when all N are attached; the writes show that each route got its own status.
    const baselinePhase = results.phases.find((phase) => phase.name === 'baseline');
    expect(baselinePhase?.writes.routes).toBeGreaterThanOrEqual(results.config.routes);
    expect(results.baseline.attachMs).toBeGreaterThanOrEqual(results.baseline.createMs - 1_000);
    // What the watches said, checked against the API server itself (the samples are deleted by now).
    expect(await manager.attachmentPerApiServer()).toEqual({ attached: results.config.routes, listenerAttachedRoutes: results.config.routes });
    void annotate(`baseline: ${results.config.routes} routes created in ${(results.baseline.createMs / 1000).toFixed(1)} s, all attached after ${(results.baseline.attachMs / 1000).toFixed(1)} s`);
  });

  test('setup of each incremental route is within the threshold', ({ annotate }) => {
    const { thresholds, routes } = results.config;
    expect(results.samples).toHaveLength(results.config.samples);
    for (const sample of results.samples) {
      expect
        .soft(sample.setupMs, `sample ${sample.index + 1}: setup ${sample.setupMs.toFixed(1)} ms exceeds the threshold ${thresholds.setupMs} ms for ${routes} routes`)
        .toBeLessThan(thresholds.setupMs);
    }
    const summary = summarize(results.samples);
    void annotate(`setup p50 ${summary.setupP50Ms.toFixed(1)} ms, max ${summary.setupMaxMs.toFixed(1)} ms (threshold ${thresholds.setupMs} ms, ${routes} routes)`);
  });

  test('teardown of each incremental route is within the threshold', ({ annotate }) => {
    const { thresholds, routes } = results.config;
    for (const sample of results.samples) {
      expect
        .soft(sample.teardownMs, `sample ${sample.index + 1}: teardown ${sample.teardownMs.toFixed(1)} ms exceeds the threshold ${thresholds.teardownMs} ms for ${routes} routes`)
        .toBeLessThan(thresholds.teardownMs);
    }
    const summary = summarize(results.samples);
    void annotate(`teardown p50 ${summary.teardownP50Ms.toFixed(1)} ms, max ${summary.teardownMaxMs.toFixed(1)} ms (threshold ${thresholds.teardownMs} ms)`);
  });

  test('cleanup leaves nothing with the run label in the cluster', async () => {
    await manager.cleanup();
    expect(await manager.remainingObjects()).toEqual({});
  }, 10 * 60_000);
}

describe('AttachedRoutes', () => {
  describe('AttachedRoutesBaseline', () => attachedRoutes('AttachedRoutesBaseline', 'BASELINE', 1000, 30 * 60_000));
  describe('AttachedRoutesProduction', () => attachedRoutes('AttachedRoutesProduction', 'PRODUCTION', 5000, 60 * 60_000));
});
