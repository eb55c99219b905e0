// The gateway-api-bench workload (LOADTEST_WORKLOAD=gateway-api-bench) on the shared cluster, small enough for CI:
// its apps are created one by one and deleted one by one in reverse from the Gateway event showing N, and its three
// figures come out by gateway-api-bench's definitions. The cross-check with gateway-api-bench's own program
// (npm run bench:crosscheck) needs the user's build of it and is not run here.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { KubeHttp } from '../framework/kube/http.js';
import { LoadTestManager } from '../framework/loadtest/attachedRoutes.js';
import type { TestResults } from '../framework/loadtest/results.js';
import { readAttachedRoutesConfig } from '../framework/loadtest/settings.js';
import { isNotMeasured } from '../framework/measure/notMeasured.js';
import { figuresOf } from '../framework/report/runFigures.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';

const APPS = 100;
const { description, connect } = sharedCluster();
const progress = (line: string) => process.stdout.write(`${line}\n`);

describe('GatewayApiBenchWorkload', () => {
  let http: KubeHttp;
  let loadTest: LoadTestManager;
  let results: TestResults;

  beforeAll(async () => {
    const env = { ...process.env, LOADTEST_WORKLOAD: 'gateway-api-bench', LOADTEST_BASELINE_ROUTES: String(APPS) };
    const config = readAttachedRoutesConfig(env, 'BASELINE', APPS, description.gatewayClassName);
    http = connect(config.concurrency);
    // The Attached Routes Baseline with the other workload, as LOADTEST_WORKLOAD=gateway-api-bench npm run baseline runs
    // it: its results are read (figuresOf) as that test's, through the suite registry.
    loadTest = new LoadTestManager({ cluster: description, http, progress }, config, newRunId(), 'AttachedRoutesBaseline');
    results = await loadTest.run();
  }, 10 * 60_000);

  afterAll(async () => {
    await loadTest?.cleanup();
    await http?.close();
  }, 5 * 60_000);

  test("its three figures by gateway-api-bench's definitions, named as its own", () => {
    const bench = results.bench;
    expect(bench && !isNotMeasured(bench), JSON.stringify(bench)).toBe(true);
    if (!bench || isNotMeasured(bench)) return;
    expect(bench.workload).toBe('gateway-api-bench');
    expect(bench.setupMs).toBeGreaterThan(0);
    expect(bench.teardownMs).toBeGreaterThan(0);
    // The event showing N ends the first window and the one showing 0 the second: at least one in each.
    expect(bench.setupWrites).toBeGreaterThan(0);
    expect(bench.teardownWrites).toBeGreaterThan(0);
    const keys = figuresOf(results).map((figure) => figure.key);
    expect(keys).toEqual(expect.arrayContaining(['gateway-api-bench: add-all', 'gateway-api-bench: remove-all', 'gateway-api-bench: writes']));
    expect(keys.some((key) => key.startsWith('batched: '))).toBe(false);
    // No samples and no simulated cluster in this workload, and the reports say so.
    expect(results.samples).toEqual([]);
    expect(results.simulatedCluster).toHaveProperty('notMeasured');
  });

  test('the API server served what the workload sent: per app a Service GET and create, a route apply, two deletes', ({ skip }) => {
    const phase = results.phases.find((p) => p.name === 'gateway-api-bench');
    expect(phase, 'the gateway-api-bench phase was measured').toBeDefined();
    if (!phase || isNotMeasured(phase.apiServerRequests)) {
      const reason = `API server requests not cross-checked: ${JSON.stringify(phase?.apiServerRequests)}`;
      console.log(reason);
      return skip(reason);
    }
    const served = phase.apiServerRequests.requests;
    expect(served['POST services'] ?? 0).toBeGreaterThanOrEqual(APPS);
    expect(served['APPLY httproutes'] ?? 0).toBeGreaterThanOrEqual(APPS);
    expect(served['DELETE services'] ?? 0).toBeGreaterThanOrEqual(APPS);
    expect(served['DELETE httproutes'] ?? 0).toBeGreaterThanOrEqual(APPS);
  });

  test('the attachment curve covers the creation, with its longest stall', () => {
    const curve = loadTest.attachmentTimeline ?? [];
    expect(curve.at(-1)).toMatchObject({ created: APPS, listener: APPS });
    expect(results.baseline.longestStall).toHaveProperty('ms');
  });

  test(
    'cleanup leaves nothing with the run label in the cluster',
    async () => {
      await loadTest.cleanup();
      expect(await loadTest.remainingObjects()).toEqual({});
    },
    5 * 60_000,
  );
});
