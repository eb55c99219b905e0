// Reliability and safety on the run's cluster: bad input refused before anything is created, a silent
// controller reported precisely, two runs side by side, and cleanup of what crashed runs left behind.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CalibrationController } from '../fixtures/calibrationController.js';
import type { Env } from '../framework/env.js';
import { KubeApiError, type KubeHttp } from '../framework/kube/http.js';
import { LoadTestManager } from '../framework/loadtest/attachedRoutes.js';
import { readAttachedRoutesConfig } from '../framework/loadtest/settings.js';
import { summarize } from '../framework/report/summary.js';
import { runLabels } from '../framework/run/labels.js';
import { findRunObjects } from '../framework/run/ownership.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';

const run = promisify(execFile);
const { description, connect } = sharedCluster();
const quiet = () => {};
let http: KubeHttp;

beforeAll(async () => {
  http = await connect();
});
afterAll(async () => {
  await http.close();
});

function manager(env: Env, runId = newRunId(), gatewayClass = description.gatewayClassName): LoadTestManager {
  const config = readAttachedRoutesConfig(env, 'SAFETY', 50, gatewayClass);
  // The controller under test serves xDS only for its own class's Gateways: another class's run has none to observe.
  const ownClass = gatewayClass === description.gatewayClassName;
  // Envoy binds the Gateway listener's port on every address: two runs side by side would collide, so none here.
  const withoutEnvoy = { ...description, envoy: undefined, envoyAbsentReason: 'the safety tests run without an Envoy (two runs side by side)' };
  const cluster = ownClass ? withoutEnvoy : { ...withoutEnvoy, xdsAddress: undefined, xdsAbsentReason: `class ${gatewayClass} is not the controller's` };
  return new LoadTestManager({ cluster, http, progress: quiet }, config, runId, 'Safety');
}

describe('A GatewayClass that does not exist', () => {
  test('a GatewayClass that does not exist is refused before any object is created', async () => {
    const runId = newRunId();
    const loadTest = manager({}, runId, 'no-such-class');
    await expect(loadTest.run()).rejects.toThrow(/GatewayClass "no-such-class" does not exist \(GATEWAY_CLASS\); existing classes: .*kgateway/);
    expect(await findRunObjects(http, runId)).toEqual([]);
    expect(await loadTest.remainingObjects()).toEqual({});
    await loadTest.cleanup();
  });
});

describe('Faults', () => {
  test('a controller that never answers fails the run within its timeout, saying which condition never came on how many routes', async () => {
    const runId = newRunId();
    const className = `silent-${runId}`;
    const loadTest = manager({ LOADTEST_SAFETY_ROUTES: '30', LOADTEST_PHASE_TIMEOUT_MS: '4000' }, runId, className);
    // Accepts the GatewayClass and the Gateway, then takes an hour per route: a controller that hangs.
    const silent = new CalibrationController(http, { className, namespace: loadTest.appNamespace, delays: { routeMs: 3_600_000, gatewayMs: 3_600_000 } });
    await silent.start(runLabels(runId));
    const started = performance.now();
    try {
      await expect(loadTest.run()).rejects.toThrow(
        /baseline: after 4000 ms, 0 of 30 routes are Accepted\+ResolvedRefs; listener http attachedRoutes=0; 30 route\(s\): no status for the Gateway yet/,
      );
      expect(performance.now() - started).toBeLessThan(60_000);
    } finally {
      await silent.stop();
      await loadTest.cleanup();
    }
    expect(await loadTest.remainingObjects()).toEqual({});
  }, 120_000);
});

describe('Isolation', () => {
  test('two runs on the same cluster at the same time complete with their own figures', async () => {
    const env = { LOADTEST_SAFETY_ROUTES: '100', LOADTEST_SAMPLES: '3' };
    const [a, b] = [manager(env), manager(env)];
    try {
      // A runs whole, its teardown included (one deletecollection of its routes by its label), while B builds its
      // baseline beside it; B's routes must survive A's teardown and A's cleanup.
      const [resultA] = await Promise.all([
        a.run(),
        (async () => {
          await b.preflight();
          await b.simulation();
          await b.gatewayPhase();
          await b.baselinePhase();
        })(),
      ]);
      await a.cleanup();
      expect(await a.remainingObjects()).toEqual({});
      expect(await b.remainingObjects()).toMatchObject({ namespaces: 2, httproutes: 100, gateways: 1 });
      await b.samplesPhase();
      await b.teardownPhase();
      const resultB = await b.results();
      expect(resultA.runId).toBe(a.runId);
      expect(resultB.runId).toBe(b.runId);
      for (const result of [resultA, resultB]) {
        expect(result.samples).toHaveLength(3);
        // Each run's watches saw exactly its own 100 routes get their status.
        expect(result.phases.find((p) => p.name === 'baseline')?.writes.routes).toBe(100);
        expect(summarize(result.samples).setup.max).toBeLessThan(result.config.thresholds.setupMs);
      }
    } finally {
      await Promise.all([a.cleanup(), b.cleanup()]);
    }
    expect(await b.remainingObjects()).toEqual({});
  }, 300_000);
});

describe('Cleanup command', () => {
  test('shows and then deletes what a crashed run left, and touches nothing else', async () => {
    const crashed = newRunId();
    const bystander = `${newRunId()}-not-ours`;
    await http.create('/api/v1/namespaces', { metadata: { name: `${crashed}-app`, labels: runLabels(crashed) } });
    await http.create('/api/v1/nodes', { metadata: { name: `${crashed}-node-0`, labels: runLabels(crashed) } });
    await http.create('/api/v1/namespaces', { metadata: { name: bystander } });
    const env = {
      ...process.env,
      KUBECONFIG: description.kubeconfigPath,
      CLUSTER_NAME: description.context,
      SKIP_INSTALL: 'true',
      LOADTEST_ALLOW_CONTEXT: description.context,
    };
    const command = ['--import', 'tsx', 'scripts/cleanup.ts', '--run', crashed];
    try {
      const dryRun = await run(process.execPath, command, { env });
      expect(dryRun.stdout).toMatch(new RegExp(`Namespace ${crashed}-app \\(run ${crashed}\\)`));
      expect(dryRun.stdout).toMatch(new RegExp(`Node ${crashed}-node-0`));
      expect(dryRun.stdout).toMatch(/Nothing deleted/);
      expect(await findRunObjects(http, crashed)).toHaveLength(2);

      // Without --run, a run this young may still be running somewhere: it is listed as left alone.
      const byAge = await run(process.execPath, ['--import', 'tsx', 'scripts/cleanup.ts'], { env });
      expect(byAge.stdout).toMatch(/object\(s\) of runs younger than 60 min left alone/);
      expect(byAge.stdout).not.toMatch(new RegExp(`Namespace ${crashed}-app`));

      const real = await run(process.execPath, [...command, '--yes'], { env });
      expect(real.stdout).toMatch(/deleted 2 object\(s\)/);
      await expect(http.get(`/api/v1/nodes/${crashed}-node-0`)).rejects.toMatchObject({ status: 404 });
      const namespace = await http.get<{ status: { phase: string } }>(`/api/v1/namespaces/${crashed}-app`).catch((error: unknown) => {
        if (error instanceof KubeApiError && error.status === 404) return undefined;
        throw error;
      });
      expect(namespace === undefined || namespace.status.phase === 'Terminating').toBe(true);
      expect((await http.get<{ status: { phase: string } }>(`/api/v1/namespaces/${bystander}`)).status.phase).toBe('Active');
    } finally {
      await http.delete(`/api/v1/namespaces/${bystander}`);
    }
  }, 60_000);
});
