// The stable-route probe (zero downtime by real traffic) against a real local HTTP server: it counts every request,
// counts a 5xx and a refused connection as failures, and keeps only the first few failure messages.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { HttpProbe } from '../../framework/measure/httpProbe.js';
import { describeStableProbe, StableRouteProbe } from '../../framework/measure/stableProbe.js';

async function server(status: () => number) {
  const http = createServer((_request, response) => {
    response.statusCode = status();
    response.end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

describe('StableRouteProbe', () => {
  test('counts every request, 2xx/3xx as answered and everything else as failed', async () => {
    // By request count, not time, so that a loaded machine changes nothing: 302 x10, 503 x3, then 200.
    let seen = 0;
    const { http, url } = await server(() => (++seen <= 10 ? 302 : seen <= 13 ? 503 : 200));
    const probe = new HttpProbe(url, { intervalMs: 5 });
    const stable = new StableRouteProbe(probe, { host: 'r0.example.com', path: '/r0-ready' });
    stable.start();
    while (seen < 20) await sleep(10);
    const figures = await stable.stop();
    http.close();
    await probe.close();
    expect(figures.requests).toBe(seen);
    expect(figures.failures).toBe(3);
    expect(figures.firstFailures.map((f) => f.problem)).toEqual(['HTTP 503', 'HTTP 503', 'HTTP 503']);
    // Never faster than one request per interval.
    expect(figures.requests).toBeLessThanOrEqual(Math.ceil(figures.durationMs / 5) + 1);
    expect(figures.ratePerSecond).toBeCloseTo((figures.requests * 1000) / figures.durationMs, 5);
    expect(describeStableProbe(figures)).toMatch(/3 FAILED: HTTP 503 \(first at \d+\.\d s, 3x\)/);
  });

  test('a data plane that stops is a failure that names it, not a pause', async () => {
    const { http, url } = await server(() => 302);
    const probe = new HttpProbe(url, { intervalMs: 5, describeDataPlane: () => 'Envoy (pid 42) has exited (SIGTERM)' });
    const stable = new StableRouteProbe(probe, { host: 'r0.example.com', path: '/r0-ready' });
    stable.start();
    await sleep(50);
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    await sleep(50);
    const figures = await stable.stop();
    await probe.close();
    expect(figures.failures).toBeGreaterThan(0);
    expect(figures.firstFailures[0]?.problem).toMatch(/GET http:\/\/r0\.example\.com\/r0-ready via .* failed: .*Envoy \(pid 42\) has exited \(SIGTERM\)/);
  });
});
