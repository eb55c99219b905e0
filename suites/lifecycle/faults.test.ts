// Faults during a run, on a cluster of the test's own (it restarts the API server and kills the controller). The
// API-server restart is two tests: the harness surviving it (must pass), and an observation of the controller.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CalibrationController } from '../../fixtures/calibrationController.js';
import type { StartedLocalCluster } from '../../framework/cluster/providers/local.js';
import { KubeHttp } from '../../framework/kube/http.js';
import { resolveConnection } from '../../framework/kube/kubeconfig.js';
import { LoadTestManager } from '../../framework/loadtest/attachedRoutes.js';
import { readAttachedRoutesConfig } from '../../framework/loadtest/settings.js';
import { isAlive } from '../../framework/measure/procfs.js';
import { runLabels } from '../../framework/run/labels.js';
import { newRunId } from '../../framework/run/runId.js';
import { localTestBed } from '../../framework/testBed.js';
import { fixedPortsTaken } from '../support/fixedPorts.js';

const portsTaken = await fixedPortsTaken();
if (portsTaken) console.log(`skipped: ${portsTaken}`);

let cluster: StartedLocalCluster | undefined;
let http: KubeHttp;

// Each fault gets a fresh cluster: a controller that was killed, or that saw its API server restart, is not
// a fair starting point for the next test.
async function startCluster(withController: boolean): Promise<StartedLocalCluster> {
  const started = await localTestBed({
    installNamespace: 'kgateway-system',
    skipInstall: !withController,
    logDir: mkdtempSync(join(tmpdir(), 'faults-')),
    progress: () => {},
  }).start();
  cluster = started;
  http = KubeHttp.fromConnection(await resolveConnection(started.description));
  return started;
}

afterEach(async () => {
  await http?.close();
  await cluster?.stop();
  cluster = undefined;
});

/** A manager whose progress callback runs `onBatch` once, after the given baseline batch. */
function managerWithFault(
  started: StartedLocalCluster,
  env: Record<string, string>,
  afterBatch: number,
  onBatch: () => Promise<void>,
  gatewayClass = 'kgateway',
  runId = newRunId(),
) {
  const config = readAttachedRoutesConfig(env, 'FAULT', 1000, gatewayClass);
  let fault: Promise<void> | undefined;
  const progress = (line: string) => {
    if (!fault && line.startsWith(`[baseline] batch ${afterBatch}/`)) fault = onBatch();
  };
  const manager = new LoadTestManager({ cluster: started.description, http, progress }, config, runId, 'Fault');
  return { manager, fault: () => fault };
}

const RESTART_ENV = { LOADTEST_FAULT_ROUTES: '1000', LOADTEST_SAMPLES: '3', LOADTEST_PHASE_TIMEOUT_MS: '60000' };

// The harness's half, which must pass: against the calibration instrument (which never drops a write and retries
// through the restart), a restart may cost time but never a figure. No controller under test, no fixed ports.
describe('Faults during a run: the harness', () => {
  test('the harness survives an API server restart during the baseline: watches resume, every write counted once, counters that reset not measured', async () => {
    const started = await startCluster(false);
    const runId = newRunId();
    const className = `calibration-${runId}`;
    const { manager, fault } = managerWithFault(started, RESTART_ENV, 3, () => started.controlPlane.restartApiServer(), className, runId);
    const instrumentHttp = KubeHttp.fromConnection(await resolveConnection(started.description));
    const instrument = new CalibrationController(instrumentHttp, { className, namespace: manager.appNamespace, delays: { routeMs: 0, gatewayMs: 0 } });
    await instrument.start(runLabels(runId));
    try {
      // The run's phases up to the samples; the teardown at once comes after the check of the API server's list.
      await manager.preflight();
      await manager.simulation();
      await manager.gatewayPhase();
      await manager.baselinePhase();
      await manager.samplesPhase();
      expect(fault()).toBeDefined();
      await fault();
      const results = await manager.results();
      const baseline = results.phases.find((p) => p.name === 'baseline');
      // The instrument wrote each route's status once: the reconnect neither lost nor double-counted one.
      expect(baseline?.writes.routes).toBe(1000);
      expect(baseline?.apiServerRequests).toEqual({ notMeasured: 'the API server restarted during the phase, so its counters were reset' });
      expect(results.samples).toHaveLength(3);
      for (const sample of results.samples) expect(sample.setupMs).toBeGreaterThan(0);
      // The watches' state after the restart is the API server's, read by separate code.
      expect(await manager.attachmentPerApiServer()).toEqual({ attached: 1000, listenerAttachedRoutes: 1000 });
      await manager.teardownPhase();
      expect(await manager.attachmentPerApiServer()).toEqual({ attached: 0, listenerAttachedRoutes: 0 });
      expect(instrument.errors).toEqual([]);
    } finally {
      await instrument.stop();
      await instrumentHttp.close();
      await manager.cleanup();
    }
    expect(await manager.remainingObjects()).toEqual({});
  }, 600_000);
});

describe.skipIf(portsTaken !== undefined)('Faults during a run: the controller under test', () => {
  // An observation, not a pass/fail on kgateway: after a restart, kgateway has left some routes without status in
  // two of seven runs (kgateway-dev/kgateway#14414). It prints what it saw. What it asserts is the harness's part: if
  // the run fails, the API server's own list agrees with the watches (the watches did not lose the writes).
  test('observation: kgateway after an API server restart during the baseline (prints what it saw)', async () => {
    const started = await startCluster(true);
    const { manager, fault } = managerWithFault(started, RESTART_ENV, 3, () => started.controlPlane.restartApiServer());
    try {
      const outcome = await manager.run().then(
        (results) => ({ results }),
        (error: Error) => ({ error }),
      );
      expect(fault()).toBeDefined();
      await fault();
      if ('error' in outcome) {
        console.log(`[observation] kgateway did not attach every route after the API server restart: ${outcome.error.message}`);
        expect(outcome.error.message).toMatch(/A fresh list from the API server agrees \(\d+ routes attached, listener attachedRoutes=\d+\)/);
      } else {
        const baseline = outcome.results.phases.find((p) => p.name === 'baseline');
        const setups = outcome.results.samples.map((s) => s.setupMs.toFixed(0)).join(', ');
        console.log(
          `[observation] kgateway attached all 1,000 routes after the API server restart: ${baseline?.writes.routes} route status writes, ${baseline?.writes.gateway} Gateway writes in the baseline; sample setups ${setups} ms`,
        );
      }
    } finally {
      await manager.cleanup();
    }
    expect(await manager.remainingObjects()).toEqual({});
  }, 600_000);

  test('the controller crashes during the baseline: the run fails within its timeout, naming the missing condition and the route count', async () => {
    const local = await startCluster(true);
    const controller = local.description.controller;
    expect(controller).toBeDefined();
    const { manager, fault } = managerWithFault(local, { LOADTEST_FAULT_ROUTES: '500', LOADTEST_PHASE_TIMEOUT_MS: '20000' }, 1, async () => {
      process.kill(controller?.pid ?? -1, 'SIGKILL');
    });
    const started = performance.now();
    try {
      await expect(manager.run()).rejects.toThrow(
        /baseline: after 20000 ms, \d+ of 500 routes are Accepted\+ResolvedRefs; listener http attachedRoutes=\d+; \d+ route\(s\): no status for the Gateway yet/,
      );
      expect(fault()).toBeDefined();
      expect(isAlive(controller?.pid ?? -1)).toBe(false);
      expect(performance.now() - started).toBeLessThan(120_000);
    } finally {
      await manager.cleanup();
    }
    expect(await manager.remainingObjects()).toEqual({});
  }, 300_000);
});
