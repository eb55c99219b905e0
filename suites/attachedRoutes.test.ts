import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { controllerOf } from '../framework/controllers/index.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { LoadTestManager } from '../framework/loadtest/attachedRoutes.js';
import type { TestResults } from '../framework/loadtest/results.js';
import { readWorkload } from '../framework/loadtest/section.js';
import { readAttachedRoutesConfig, withControllerPhaseTimeout } from '../framework/loadtest/settings.js';
import type { AttachmentPerList } from '../framework/measure/attachmentPerList.js';
import { describeUpdates, type EnvoyConfigUpdates, XDS_KINDS } from '../framework/measure/envoyConfig.js';
import { isNotMeasured, type Measured } from '../framework/measure/notMeasured.js';
import { describeStableProbe } from '../framework/measure/stableProbe.js';
import { baselineAnnotations } from '../framework/report/annotations.js';
import { readCompareTo } from '../framework/report/compareTo.js';
import { printSummary } from '../framework/report/render.js';
import type { RunReport } from '../framework/report/reportFile.js';
import type { RunDescription } from '../framework/report/runDescription.js';
import { formatQuantiles, summarize } from '../framework/report/summary.js';
import type { WrittenReport } from '../framework/report/writeReport.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';
import { closingTests, writeSuiteReport } from './support/suiteReport.js';

const { description, connect } = sharedCluster();
const progress = (line: string) => process.stdout.write(`${line}\n`);

/** Skips (saying why) a test that has nothing to check in the gateway-api-bench workload; true when it did. */
function skipOnGatewayApiBench(skip: (note?: string) => void, why: string): boolean {
  if (readWorkload(process.env) !== 'gateway-api-bench') return false;
  const reason = `not in the gateway-api-bench workload: ${why}`;
  console.log(`[skipped] ${reason}`);
  skip(reason);
  return true;
}

/** A figure the batched workload always measures. */
function measured(value: Measured<number>): number {
  if (isNotMeasured(value)) throw new Error(`not measured: ${value.notMeasured}`);
  return value;
}

function attachedRoutes(testName: string, scale: string, defaultRoutes: number, timeoutMs: number) {
  let http: KubeHttp;
  let loadTest: LoadTestManager;
  let results: TestResults;
  let run: RunDescription;
  let written: WrittenReport;
  /** Attachment per a fresh list from the API server, after the samples and before the teardown, and after it. */
  let beforeTeardown: AttachmentPerList;
  let afterTeardown: AttachmentPerList;
  /** The saved report of LOADTEST_COMPARE_TO, if set (checked before the run starts). */
  let saved: RunReport | undefined;

  beforeAll(async () => {
    const config = withControllerPhaseTimeout(
      readAttachedRoutesConfig(process.env, scale, defaultRoutes, description.gatewayClassName),
      process.env,
      controllerOf(description),
    );
    saved = readCompareTo(process.env, testName, config.routes);
    http = connect(config.concurrency);
    loadTest = new LoadTestManager({ cluster: description, http, progress }, config, newRunId(), testName);
    progress(
      `[${testName}] run ${loadTest.runId}: ${config.workload === 'gateway-api-bench' ? `gateway-api-bench workload, ${config.routes} apps one by one` : `${config.routes} routes in batches of ${config.batchSize}, ${config.samples} samples`}, class ${config.gatewayClassName} on ${description.provider} (${description.server})`,
    );
    try {
      await loadTest.preflight(); //        the GatewayClass exists and is Accepted
      await loadTest.simulation(); //       1-2. simulated cluster: fake Nodes, Services, EndpointSlices (none for gateway-api-bench)
      await loadTest.gatewayPhase(); //     3.   Gateway Accepted and Programmed
      if (config.workload === 'gateway-api-bench') {
        await loadTest.gatewayApiBenchPhase(); // its apps one by one, deleted one by one in reverse from the event showing N
      } else {
        await loadTest.baselinePhase(); //  4-6. N baseline routes in batches, all attached
        await loadTest.samplesPhase(); //   7-11. incremental routes: setup and teardown, one at a time
        beforeTeardown = await loadTest.attachmentPerApiServer();
        await loadTest.teardownPhase(); //  12.  all baseline routes deleted at once
      }
      afterTeardown = await loadTest.attachmentPerApiServer();
      results = await loadTest.results();
    } catch (error) {
      progress(`[${testName}] run failed: ${(error as Error).message}\n${controllerOf(description).recentProblems(description.controller?.logPath)}`);
      throw error;
    }
    progress(printSummary(results));
    ({ run, written } = await writeSuiteReport({ testName, results, cluster: description, timeline: loadTest.attachmentTimeline, progress }));
  }, timeoutMs);

  afterAll(async () => {
    await loadTest?.cleanup();
    await http?.close();
  }, 10 * 60_000);

  test('every baseline route is Accepted and ResolvedRefs, and the listener counts them all', async ({ annotate, skip }) => {
    if (skipOnGatewayApiBench(skip, "it deletes its apps at the first Gateway event showing N, without waiting for every route's own status")) return;
    const { routes } = results.config;
    // What the watches said, checked against the API server itself (after the samples were deleted, before the teardown).
    expect(beforeTeardown).toEqual({ attached: routes, listenerAttachedRoutes: routes });
    const baseline = results.phases.find((phase) => phase.name === 'baseline');
    expect(baseline, 'the baseline phase was measured').toBeDefined();
    // The phase spans the whole baseline: its boundaries are where the attach time is measured from and to.
    expect(baseline?.durationMs ?? 0).toBeGreaterThanOrEqual(measured(results.baseline.attachMs));
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
    // The figures, the whole report (for CI systems that show attachments) and, if any, the Gateway's nudges.
    for (const { message, type, attachment } of baselineAnnotations(results, written.markdown)) await annotate(message, type, attachment);
  });

  test('setup of each incremental route is within the threshold', async ({ annotate, skip }) => {
    if (skipOnGatewayApiBench(skip, 'it has no incremental samples')) return;
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
    await annotate(`setup ${formatQuantiles(summarize(results.samples).setup)} (threshold ${thresholds.setupMs} ms, ${routes} routes)`);
  });

  test('route ready of each incremental route is within the setup threshold', async ({ annotate, skip }) => {
    if (skipOnGatewayApiBench(skip, 'it has no incremental samples')) return;
    const { thresholds, routes } = results.config;
    const method = results.routeReadyMethod;
    if (method === null) {
      const reason = results.samples.map((s) => s.routeReadyMs).find(isNotMeasured)?.notMeasured ?? 'no samples';
      console.log(`[route ready] not measured: ${reason}`);
      skip(`route ready not measured: ${reason}`);
      return;
    }
    for (const sample of results.samples) {
      const ready = sample.routeReadyMs;
      expect(isNotMeasured(ready), `sample ${sample.index + 1}: route ready (${method}) ${JSON.stringify(ready)}`).toBe(false);
      if (isNotMeasured(ready)) continue;
      expect
        .soft(
          ready,
          `sample ${sample.index + 1}: route ready (${method}) ${ready.toFixed(1)} ms exceeds the threshold ${thresholds.setupMs} ms for ${routes} routes`,
        )
        .toBeLessThan(thresholds.setupMs);
    }
    const ready = summarize(results.samples).routeReady;
    await annotate(`route ready (${method}) ${isNotMeasured(ready) ? ready.notMeasured : formatQuantiles(ready)} (threshold ${thresholds.setupMs} ms)`);
  });

  test('the stable route answered 2xx/3xx to every request through the data plane during the samples (zero downtime)', async ({ annotate, skip }) => {
    const stable = results.stableRoute;
    if (stable === undefined || isNotMeasured(stable)) {
      const reason = stable?.notMeasured ?? 'not recorded';
      console.log(`[stable route] not probed: ${reason}`);
      skip(`stable route not probed: ${reason}`);
      return;
    }
    expect(stable.requests, 'the stable route was probed').toBeGreaterThan(0);
    expect(stable.failures, `failed requests to the stable route: ${describeStableProbe(stable)}`).toBe(0);
    await annotate(`stable route: ${describeStableProbe(stable)}`);
  });

  test("the Gateway's Envoy took every configuration update (no NACK in any phase)", async ({ annotate, skip }) => {
    const envoyRan = results.dataPlane !== undefined && !isNotMeasured(results.dataPlane) && results.dataPlane.kind === 'envoy';
    // Where an Envoy ran, a phase whose updates could not be read is a failure, not a phase to leave out.
    if (envoyRan) {
      for (const phase of results.phases) {
        expect.soft(phase.envoyConfig !== undefined && !isNotMeasured(phase.envoyConfig), `${phase.name}: ${JSON.stringify(phase.envoyConfig)}`).toBe(true);
      }
    }
    const phases = results.phases.filter((phase) => phase.envoyConfig !== undefined && !isNotMeasured(phase.envoyConfig));
    if (phases.length === 0) {
      const reason = results.dataPlane && isNotMeasured(results.dataPlane) ? results.dataPlane.notMeasured : 'no Envoy configuration figures';
      console.log(`[envoy] not checked: ${reason}`);
      skip(`no Envoy ran: ${reason}`);
      return;
    }
    for (const phase of phases) {
      const config = phase.envoyConfig as EnvoyConfigUpdates;
      expect
        .soft(
          XDS_KINDS.map((kind) => config.updates[kind].rejected),
          `${phase.name}: ${describeUpdates(config)}`,
        )
        .toEqual([0, 0, 0, 0]);
      expect.soft(config.listenerCreateFailures, `${phase.name}: listeners Envoy could not create`).toBe(0);
    }
    await annotate(phases.map((phase) => `${phase.name}: ${describeUpdates(phase.envoyConfig as EnvoyConfigUpdates)}`).join('; '));
  });

  test('teardown of each incremental route is within the threshold', async ({ annotate, skip }) => {
    if (skipOnGatewayApiBench(skip, 'it has no incremental samples')) return;
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
    await annotate(`teardown ${formatQuantiles(summarize(results.samples).teardown)} (threshold ${thresholds.teardownMs} ms)`);
  });

  test("setup, teardown and writes by the workload's definitions: every route deleted reaches attachedRoutes 0, with Gateway writes counted", async ({
    annotate,
  }) => {
    const { routes, phaseTimeoutMs, workload } = results.config;
    const bench = results.bench;
    expect(bench && !isNotMeasured(bench), `setup, teardown and writes measured: ${JSON.stringify(bench)}`).toBe(true);
    if (!bench || isNotMeasured(bench)) return;
    expect(bench.workload).toBe(workload);
    // The teardown ended on a Gateway event showing 0, within the phase timeout, and the API server agrees.
    expect(bench.teardownMs).toBeGreaterThan(0);
    expect(bench.teardownMs).toBeLessThan(phaseTimeoutMs);
    expect(afterTeardown).toEqual({ attached: 0, listenerAttachedRoutes: 0 });
    if (workload === 'gateway-api-bench') {
      // The API server served what the workload sent: a Service create, a route apply and two deletes per app.
      const phase = results.phases.find((p) => p.name === 'gateway-api-bench');
      expect(phase, 'the gateway-api-bench phase was measured').toBeDefined();
      if (phase && !isNotMeasured(phase.apiServerRequests)) {
        const served = phase.apiServerRequests.requests;
        expect(served['POST services'] ?? 0).toBeGreaterThanOrEqual(routes);
        expect((served['APPLY httproutes'] ?? 0) + (served['PATCH httproutes'] ?? 0)).toBeGreaterThanOrEqual(routes);
        expect(served['DELETE httproutes'] ?? 0).toBeGreaterThanOrEqual(routes);
      } else {
        console.log(`API server requests not cross-checked: ${JSON.stringify(phase?.apiServerRequests)}`);
      }
    } else {
      // attachedRoutes = N (setup) ends no later than every route attached as well (the baseline's attach time), which
      // is timed from the first create; setup from the last.
      expect(bench.setupMs).toBeLessThanOrEqual(measured(results.baseline.attachMs));
    }
    // Each end was seen in a Gateway event: at least one in each window, and their sum is the figure.
    expect(bench.setupWrites).toBeGreaterThan(0);
    expect(bench.teardownWrites).toBeGreaterThan(0);
    expect(bench.writes).toBe(bench.setupWrites + bench.teardownWrites);
    const names = workload === 'gateway-api-bench' ? ['add-all', 'remove-all', 'writes'] : ['setup', 'teardown', 'Gateway status writes'];
    await annotate(
      `${workload} workload at ${routes} routes: ${names[0]} ${(bench.setupMs / 1000).toFixed(1)} s, ${names[1]} ${(bench.teardownMs / 1000).toFixed(1)} s, ${names[2]} ${bench.writes}`,
    );
  });

  closingTests(() => ({ testName, saved, results, run, loadTest, progress }));
}

describe('AttachedRoutes', () => {
  describe('AttachedRoutesBaseline', () => attachedRoutes('AttachedRoutesBaseline', 'BASELINE', 1000, 30 * 60_000));
  describe('AttachedRoutesProduction', () => attachedRoutes('AttachedRoutesProduction', 'PRODUCTION', 5000, 60 * 60_000));
});
