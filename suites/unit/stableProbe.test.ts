// The stable-route probe (zero downtime by real traffic) against a real local HTTP server: it counts every request,
// counts a 5xx and a refused connection as failures, keeps only the first few failure messages, and its longest gap
// runs to the stop. Each test waits on the server's requests or the probe's answers (events), never on a sleep.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { HttpProbe } from '../../framework/measure/httpProbe.js';
import { describeStableProbe, StableRouteProbe } from '../../framework/measure/stableProbe.js';

/** A server answering `status(n)` to its n-th request; `requested(n)` resolves when the n-th request has come. */
async function server(status: (n: number) => number) {
  let seen = 0;
  const waiting = new Map<number, () => void>();
  const http = createServer((_request, response) => {
    seen++;
    response.statusCode = status(seen);
    response.end();
    waiting.get(seen)?.();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const requested = (n: number) => new Promise<void>((resolve) => (seen >= n ? resolve() : waiting.set(n, resolve)));
  return { http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, requested, seen: () => seen };
}

/** An HttpProbe that tells when its first request failed. */
class WatchedProbe extends HttpProbe {
  private failedNow: () => void = () => {};
  readonly firstFailure = new Promise<void>((resolve) => {
    this.failedNow = resolve;
  });
  override async get(host: string, path: string) {
    try {
      return await super.get(host, path);
    } catch (error) {
      this.failedNow();
      throw error;
    }
  }
}

describe('StableRouteProbe', () => {
  test('counts every request, 2xx/3xx as answered and everything else as failed', async () => {
    // By request count, not time, so that a loaded machine changes nothing: 302 x10, 503 x3, then 200.
    const { http, url, requested, seen } = await server((n) => (n <= 10 ? 302 : n <= 13 ? 503 : 200));
    const probe = new HttpProbe(url, { intervalMs: 5 });
    const stable = new StableRouteProbe(probe, { host: 'r0.example.com', path: '/r0-ready' });
    stable.start();
    await requested(20);
    const figures = await stable.stop();
    http.close();
    await probe.close();
    expect(figures.requests).toBe(seen());
    expect(figures.failures).toBe(3);
    expect(figures.firstFailures.map((f) => f.problem)).toEqual(['HTTP 503', 'HTTP 503', 'HTTP 503']);
    // Never faster than one request per interval; the rate counts the failed requests too.
    expect(figures.requests).toBeLessThanOrEqual(Math.ceil(figures.durationMs / 5) + 1);
    expect(figures.ratePerSecond).toBeCloseTo((figures.requests * 1000) / figures.durationMs, 5);
    expect(describeStableProbe(figures)).toMatch(/3 FAILED: HTTP 503 \(first at \d+\.\d s, 3x\)/);
  });

  test('a data plane that stops is a failure that names it, not a pause', async () => {
    const { http, url, requested } = await server(() => 302);
    const probe = new WatchedProbe(url, { intervalMs: 5, describeDataPlane: () => 'Envoy (pid 42) has exited (SIGTERM)' });
    const stable = new StableRouteProbe(probe, { host: 'r0.example.com', path: '/r0-ready' });
    stable.start();
    await requested(5);
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    await probe.firstFailure;
    const figures = await stable.stop();
    await probe.close();
    expect(figures.requests).toBeGreaterThan(5);
    expect(figures.failures).toBeGreaterThan(0);
    expect(figures.firstFailures[0]?.problem).toMatch(/GET http:\/\/r0\.example\.com\/r0-ready via .* failed: .*Envoy \(pid 42\) has exited \(SIGTERM\)/);
  });

  test('the longest gap includes the time from the last answer to the stop', async () => {
    // One request a second: stopped right after the first answer, the probe waits out its interval before it ends,
    // and that wait, without any answer, is the longest gap.
    const { http, url, requested } = await server(() => 200);
    const probe = new HttpProbe(url, { intervalMs: 1000 });
    const stable = new StableRouteProbe(probe, { host: 'r0.example.com', path: '/r0-ready' });
    stable.start();
    await requested(1);
    const figures = await stable.stop();
    http.close();
    await probe.close();
    expect(figures.requests).toBe(1);
    expect(figures.maxGapMs).toBeGreaterThan(500);
    expect(figures.maxGapMs).toBeLessThanOrEqual(figures.durationMs);
  });
});
