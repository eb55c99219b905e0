// Faults during a run, on a cluster of the test's own (it restarts the API server and kills the controller).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LocalProvider, type StartedLocalCluster } from '../../framework/cluster/providers/local.js';
import { KubeHttp } from '../../framework/kube/http.js';
import { resolveConnection } from '../../framework/kube/kubeconfig.js';
import { LoadTestManager } from '../../framework/loadtest/attachedRoutes.js';
import { readAttachedRoutesConfig } from '../../framework/loadtest/settings.js';
import { newRunId } from '../../framework/run/runId.js';
import { fixedPortsTaken } from '../support/fixedPorts.js';
import { isAlive } from '../support/procfs.js';

const portsTaken = await fixedPortsTaken();
if (portsTaken) console.log(`skipped: ${portsTaken}`);

let cluster: StartedLocalCluster;
let http: KubeHttp;

// Each fault gets a fresh cluster: a controller that was killed, or that saw its API server restart, is not
// a fair starting point for the next test.
beforeEach(async () => {
  cluster = await new LocalProvider({
    installNamespace: 'kgateway-system',
    skipInstall: false,
    logDir: mkdtempSync(join(tmpdir(), 'faults-')),
    progress: () => {},
  }).start();
  http = KubeHttp.fromConnection(await resolveConnection(cluster.description));
}, 300_000);

afterEach(async () => {
  await http?.close();
  await cluster?.stop();
});

/** A manager whose progress callback runs `onBatch` once, after the given baseline batch. */
function managerWithFault(env: Record<string, string>, afterBatch: number, onBatch: () => Promise<void>) {
  const config = readAttachedRoutesConfig(env, 'FAULT', 1000, 'kgateway');
  let fault: Promise<void> | undefined;
  const progress = (line: string) => {
    if (!fault && line.startsWith(`[baseline] batch ${afterBatch}/`)) fault = onBatch();
  };
  const manager = new LoadTestManager({ cluster: cluster.description, http, progress }, config, newRunId(), 'Fault');
  return { manager, fault: () => fault };
}

describe.skipIf(portsTaken !== undefined)('Faults during a run', () => {
  test('the API server restarts during the baseline: the run completes with right figures, or fails saying what is missing', async () => {
    const env = { LOADTEST_FAULT_ROUTES: '1000', LOADTEST_SAMPLES: '3', LOADTEST_PHASE_TIMEOUT_MS: '60000' };
    const { manager, fault } = managerWithFault(env, 3, () => cluster.controlPlane.restartApiServer());
    try {
      const outcome = await manager.run().then(
        (results) => ({ results }),
        (error: Error) => ({ error }),
      );
      await fault();
      expect(fault()).toBeDefined();
      if ('error' in outcome) {
        // Seen in two of seven runs: 17 and 134 of 1,000 routes never got a status after the restart while
        // attachedRoutes said 1,000 (kgateway drops writes when its caches disagree, kgateway-dev/kgateway#14414).
        // A failure is acceptable only if the API server's own list confirms it: the watches must not be what lost
        // the writes.
        console.log(`run failed after the API server restart: ${outcome.error.message}`);
        expect(outcome.error.message).toMatch(
          /^baseline: after 60000 ms, \d+ of 1000 routes are Accepted\+ResolvedRefs; .* A fresh list from the API server agrees: \d+ routes attached, so the controller has not written the rest$/,
        );
      } else {
        const baseline = outcome.results.phases.find((p) => p.name === 'baseline');
        // kgateway writes each route's status once: a reconnect must neither double-count nor lose a write.
        expect(baseline?.writes.routes).toBe(1000);
        expect(baseline?.apiServerRequests).toEqual({ notMeasured: 'the API server restarted during the phase, so its counters were reset' });
        expect(outcome.results.samples).toHaveLength(3);
        for (const sample of outcome.results.samples) expect(sample.setupMs).toBeLessThan(outcome.results.config.thresholds.setupMs);
      }
    } finally {
      await manager.cleanup();
    }
    expect(await manager.remainingObjects()).toEqual({});
  }, 600_000);

  test('the controller crashes during the baseline: the run fails within its timeout, naming the missing condition and the route count', async () => {
    const controller = cluster.controller;
    expect(controller).toBeDefined();
    const { manager, fault } = managerWithFault({ LOADTEST_FAULT_ROUTES: '500', LOADTEST_PHASE_TIMEOUT_MS: '20000' }, 1, async () => {
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
