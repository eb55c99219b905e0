// The Envoy the embedded default runs as kgateway's data plane: that a 2xx/3xx from it is real. A small run's
// Gateway gets its Envoy; a route whose rule Envoy cannot serve (its backend does not exist) must never pass for a
// served route, a working sample route's redirect must, and an Envoy stopped mid-run must fail the probe, saying so.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { controllerOf } from '../framework/controllers/index.js';
import { httpRoute } from '../framework/gatewayApi/builders.js';
import type { KubeHttp } from '../framework/kube/http.js';
import { LoadTestManager } from '../framework/loadtest/attachedRoutes.js';
import { GATEWAY_NAME, LISTENER_NAME, READY_STATUS } from '../framework/loadtest/routes.js';
import { readAttachedRoutesConfig } from '../framework/loadtest/settings.js';
import { HttpProbe, ProbeError } from '../framework/measure/httpProbe.js';
import { isNotMeasured } from '../framework/measure/notMeasured.js';
import { HttpRouteReadiness } from '../framework/measure/routeReadiness.js';
import { newRunId } from '../framework/run/runId.js';
import { sharedCluster } from './support/cluster.js';

const { description, connect } = sharedCluster();
const progress = (line: string) => process.stdout.write(`${line}\n`);
const noEnvoy = description.envoy ? undefined : (description.envoyAbsentReason ?? 'the cluster runs no Envoy');
if (noEnvoy) console.log(`[EnvoyDataPlane] skipped: ${noEnvoy}`);

describe.skipIf(noEnvoy !== undefined)('EnvoyDataPlane', () => {
  let http: KubeHttp;
  let loadTest: LoadTestManager;

  beforeAll(async () => {
    const config = readAttachedRoutesConfig(
      { LOADTEST_ENVOYTEST_ROUTES: '20', LOADTEST_PHASE_TIMEOUT_MS: '60000' },
      'ENVOYTEST',
      20,
      description.gatewayClassName,
      2,
    );
    http = connect(config.concurrency);
    loadTest = new LoadTestManager({ cluster: description, http, progress }, config, newRunId(), 'EnvoyDataPlane');
    try {
      await loadTest.preflight();
      await loadTest.simulation();
      await loadTest.gatewayPhase();
      await loadTest.baselinePhase();
    } catch (error) {
      progress(`[EnvoyDataPlane] run failed: ${(error as Error).message}\n${controllerOf(description).recentProblems(description.controller?.logPath)}`);
      throw error;
    }
  }, 300_000);

  afterAll(async () => {
    await loadTest?.cleanup();
    await http?.close();
  }, 120_000);

  test('a sample route whose redirect rule is replaced by a backend that does not exist never counts as served', async () => {
    const envoy = loadTest.dataPlane;
    if (isNotMeasured(envoy)) throw new Error(`no Envoy for the run's Gateway: ${envoy.notMeasured}`);
    const { parts, simulated } = loadTest.baselineParts;
    const { routes, run, creates } = parts;
    const probe = new HttpProbe(envoy.dataPlaneUrl, { describeDataPlane: () => envoy.describe() });
    const readiness = new HttpRouteReadiness(probe, READY_STATUS);
    try {
      // Control: a sample route as the suite builds it is served (404 -> 302) through this Envoy.
      const good = 900;
      const served = readiness.expect('served', { host: routes.host(good), path: routes.readyPath(good) }, 30_000);
      await creates.create(routes.routesPath, routes.route(good, simulated, true));
      expect(await served()).toBeGreaterThan(0);

      // The same route with its probed rule going to a Service that does not exist: Envoy answers it, but never 302.
      const broken = 901;
      const brokenRoute = httpRoute({
        name: routes.name(broken),
        labels: run.labels,
        parent: { gateway: GATEWAY_NAME, listener: LISTENER_NAME },
        hostname: routes.host(broken),
        rules: [{ pathPrefix: routes.readyPath(broken), backend: { name: 'no-such-service', namespace: run.simNamespace, port: 8080 } }],
      });
      const never = readiness.expect('served', { host: routes.host(broken), path: routes.readyPath(broken) }, 15_000);
      await creates.create(routes.routesPath, brokenRoute);
      const outcome = await never().then(
        (at) => `served at ${at}`,
        (error: Error) => error,
      );
      expect(outcome).toBeInstanceOf(ProbeError);
      // kgateway sends a route to a missing backend to a cluster with no endpoints or a direct 500: a 5xx, not 302.
      expect(String(outcome)).toMatch(/answered HTTP 5\d\d \(expected 404 then 302\)/);
      progress(`[EnvoyDataPlane] the broken route: ${String(outcome)}`);
    } finally {
      await probe.close();
    }
  });

  test('an Envoy stopped mid-run fails the next probe with a message that says so', async () => {
    const envoy = loadTest.dataPlane;
    if (isNotMeasured(envoy)) throw new Error(`no Envoy for the run's Gateway: ${envoy.notMeasured}`);
    await envoy.process.stop();
    const failed = loadTest.samplesPhase().then(
      () => 'the samples passed without Envoy',
      (error: Error) => error.message,
    );
    const message = await failed;
    expect(message).toMatch(/GET http:\/\/\S+ via http:\/\/127\.0\.0\.1:80 failed: .*Envoy \(pid \d+\) has exited/);
    progress(`[EnvoyDataPlane] with Envoy stopped: ${message.split('\n')[0]}`);
  });
});
