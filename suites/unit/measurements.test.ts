// The measurements behind each phase's figures, against local HTTP servers that serve Prometheus text: deltas
// between phase boundaries, restart detection, "not measured" with its reason, and the phase runner's fan-out.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, describe, expect } from 'vitest';
import { KubeHttp } from '../../framework/kube/http.js';
import { ApiServerRequestMeter } from '../../framework/measure/apiServerRequests.js';
import { AttachmentTracker } from '../../framework/measure/attachment.js';
import { ControllerUsageMeter } from '../../framework/measure/controllerUsage.js';
import { Unmeasurable } from '../../framework/measure/measurement.js';
import { PhaseRunner } from '../../framework/measure/phaseRunner.js';
import { difference, parseMetrics, sumBy } from '../../framework/measure/prometheus.js';
import { StatusWritesMeasurement } from '../../framework/measure/statusWrites.js';

/** A metrics endpoint whose page the test sets; `null` answers 500. */
interface MetricsServer {
  url: string;
  page: string | null;
}

const test = base.extend<{ metrics: MetricsServer }>({
  // biome-ignore lint/correctness/noEmptyPattern: Vitest fixtures take their dependencies by destructuring.
  metrics: async ({}, use) => {
    const state: MetricsServer = { url: '', page: '' };
    const server: Server = createServer((_request, response) => {
      response.statusCode = state.page === null ? 500 : 200;
      response.end(state.page ?? 'scrape failed');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await use(state);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  },
});

function controllerPage(startTime: number, cpu: number, rss: number, gets: number, patches: number): string {
  return [
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${startTime}`,
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total ${cpu}`,
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${rss}`,
    '# TYPE rest_client_requests_total counter',
    `rest_client_requests_total{code="200",host="h",method="GET"} ${gets}`,
    `rest_client_requests_total{code="200",host="h",method="PATCH"} ${patches}`,
    `rest_client_requests_total{code="409",host="h",method="PATCH"} 1`,
    '',
  ].join('\n');
}

function apiServerPage(startTime: number, posts: number, statusPatches: number): string {
  return [
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${startTime}`,
    '# TYPE apiserver_request_total counter',
    `apiserver_request_total{code="201",resource="httproutes",subresource="",verb="POST"} ${posts}`,
    `apiserver_request_total{code="200",resource="httproutes",subresource="status",verb="PATCH"} ${statusPatches}`,
    'apiserver_request_total{code="200",resource="",subresource="",verb="GET"} 7',
    '',
  ].join('\n');
}

describe('Prometheus text', () => {
  test('sums by the chosen labels, and a difference leaves out what did not change', () => {
    const before = sumBy(parseMetrics(controllerPage(1, 0, 0, 10, 5)), 'rest_client_requests_total', ['method']);
    const after = sumBy(parseMetrics(controllerPage(1, 0, 0, 12, 5)), 'rest_client_requests_total', ['method']);
    expect(Object.fromEntries(before)).toEqual({ GET: 10, PATCH: 6 });
    expect(difference(after, before)).toEqual({ GET: 2 });
  });
});

describe('ControllerUsageMeter', () => {
  test('a phase is the difference between the scrapes at its boundaries, and the next phase starts at the same scrape', async ({ metrics }) => {
    const meter = new ControllerUsageMeter(`${metrics.url}/metrics`);
    metrics.page = controllerPage(100, 1.5, 50e6, 10, 5);
    await meter.start();
    metrics.page = controllerPage(100, 4, 60e6, 30, 9);
    expect(await meter.collect()).toEqual({ cpuSeconds: 2.5, residentBytesPeak: 60e6, residentBytesEnd: 60e6, apiRequests: { GET: 20, PATCH: 4 } });
    metrics.page = controllerPage(100, 4.5, 55e6, 31, 9);
    expect(await meter.collect()).toMatchObject({ cpuSeconds: 0.5, residentBytesEnd: 55e6, apiRequests: { GET: 1 } });
    meter.stop();
  });

  test('a controller that restarted during the phase makes the phase "not measured", and the next phase measures again', async ({ metrics }) => {
    const meter = new ControllerUsageMeter(`${metrics.url}/metrics`);
    metrics.page = controllerPage(100, 9, 50e6, 100, 50);
    await meter.start();
    metrics.page = controllerPage(200, 1, 40e6, 3, 1);
    expect(await meter.collect()).toEqual({ notMeasured: 'the controller restarted during the phase' });
    metrics.page = controllerPage(200, 2, 40e6, 5, 1);
    expect(await meter.collect()).toMatchObject({ cpuSeconds: 1, apiRequests: { GET: 2 } });
    meter.stop();
  });

  test('a controller without client-go request metrics has its API requests "not measured", not "none"', async ({ metrics }) => {
    const meter = new ControllerUsageMeter(`${metrics.url}/metrics`);
    const withoutRequests = (cpu: number) => controllerPage(100, cpu, 50e6, 0, 0).replace(/^.*rest_client_requests_total.*$\n/gm, '');
    metrics.page = withoutRequests(1);
    await meter.start();
    metrics.page = withoutRequests(3);
    expect(await meter.collect()).toEqual({
      cpuSeconds: 2,
      residentBytesPeak: 50e6,
      residentBytesEnd: 50e6,
      apiRequests: { notMeasured: `${metrics.url}/metrics has no rest_client_requests_total` },
    });
    meter.stop();
  });

  test('an unreadable endpoint is "not measured" with the reason, not a failed run', async ({ metrics }) => {
    const meter = new ControllerUsageMeter(`${metrics.url}/metrics`);
    metrics.page = null;
    await meter.start();
    expect(await meter.collect()).toEqual({ notMeasured: expect.stringMatching(/^the controller's metrics could not be read \(GET .*: HTTP 500\)$/) });
    meter.stop();
  });
});

describe('ApiServerRequestMeter', () => {
  test('requests by verb and resource/subresource; a restart (counters going down) is "not measured"', async ({ metrics }) => {
    const http = KubeHttp.fromConnection({ server: metrics.url, headers: {}, rejectUnauthorized: true });
    try {
      const meter = new ApiServerRequestMeter(http);
      metrics.page = apiServerPage(100, 10, 4);
      await meter.start();
      // The harness's own: three creates, sent through the client the meter reads (the test server answers anything).
      for (let i = 0; i < 3; i++) await http.requestText('POST', '/apis/gateway.networking.k8s.io/v1/namespaces/ns/httproutes', {});
      metrics.page = apiServerPage(100, 110, 104);
      expect(await meter.collect()).toEqual({
        requests: { 'POST httproutes': 100, 'PATCH httproutes/status': 100 },
        // The scrape that started the phase counts on both sides in the phase after it: here, the harness's GET.
        harness: { 'POST httproutes': 3, 'GET (non-resource)': 1 },
        others: { 'POST httproutes': 97, 'PATCH httproutes/status': 100 },
      });
      // Same start time (the gauge can be coarse), but counters lower than before: the API server restarted.
      metrics.page = apiServerPage(100, 5, 2);
      expect(await meter.collect()).toEqual({ notMeasured: 'the API server restarted during the phase, so its counters were reset' });
      metrics.page = apiServerPage(300, 6, 2);
      expect(await meter.collect()).toEqual({ notMeasured: 'the API server restarted during the phase, so its counters were reset' });
    } finally {
      await http.close();
    }
  });
});

describe('PhaseRunner', () => {
  test('fans out to every measurement at each boundary; phases are back to back', async () => {
    const tracker = new AttachmentTracker({ namespace: 'ns', name: 'gw', listener: 'http' });
    const runner = new PhaseRunner({ writes: new StatusWritesMeasurement(tracker), controller: new Unmeasurable<number>('no metrics endpoint') });
    tracker.routeStatusWrites = 3;
    await runner.start();
    tracker.routeStatusWrites = 10;
    tracker.gatewayStatusWrites = 2;
    const first = await runner.next('baseline');
    tracker.routeStatusWrites = 12;
    const second = await runner.next('incremental');
    runner.stop();
    expect(first).toMatchObject({ name: 'baseline', writes: { routes: 7, gateway: 2 }, controller: { notMeasured: 'no metrics endpoint' } });
    expect(second).toMatchObject({ name: 'incremental', writes: { routes: 2, gateway: 0 } });
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    expect(second.durationMs).toBeGreaterThanOrEqual(0);
  });
});
