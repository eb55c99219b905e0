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
  test('requests at its interval, counts 2xx/3xx as answered and everything else as failed', async () => {
    let status = 302;
    const { http, url } = await server(() => status);
    const probe = new HttpProbe(url, { intervalMs: 5 });
    const stable = new StableRouteProbe(probe, { host: 'r0.example.com', path: '/r0-ready' });
    stable.start();
    await sleep(300);
    status = 503;
    await sleep(50);
    status = 200;
    await sleep(100);
    const figures = await stable.stop();
    http.close();
    await probe.close();
    // 450 ms at one request every 5 ms: about 90 on a quiet machine; a loaded one gives fewer, never more.
    expect(figures.requests).toBeGreaterThan(5);
    expect(figures.requests).toBeLessThanOrEqual(Math.ceil(figures.durationMs / 5) + 1);
    expect(figures.failures).toBeGreaterThan(0);
    expect(figures.failures).toBeLessThan(figures.requests);
    expect(figures.firstFailures.length).toBe(Math.min(figures.failures, 10));
    expect(figures.firstFailures[0]?.problem).toBe('HTTP 503');
    expect(figures.ratePerSecond).toBeCloseTo((figures.requests * 1000) / figures.durationMs, 5);
    expect(describeStableProbe(figures)).toMatch(/FAILED: HTTP 503 \(first at \d+\.\d s/);
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
