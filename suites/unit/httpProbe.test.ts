// The data-plane probe against a real local HTTP server that switches a route from 404 to 302 (the redirect a probed
// route carries, see framework/loadtest/routes.ts) at a known moment. Each test gets its own server (a fixture).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, describe, expect } from 'vitest';
import { DEFAULT_PROBE_INTERVAL_MS, HttpProbe, ProbeError } from '../../framework/measure/httpProbe.js';

/** Serves host r1.example.com, path /r1 with 404 until `switchAt` (performance.now()), then `readyStatus`. */
interface SwitchingRoute {
  readonly baseUrl: string;
  switchAt: number;
  readyStatus: number;
  /** When each request for the route arrived. */
  readonly requests: number[];
}

const test = base.extend<{ route: SwitchingRoute; probe: HttpProbe }>({
  // biome-ignore lint/correctness/noEmptyPattern: Vitest fixtures take their dependencies by destructuring.
  route: async ({}, use) => {
    const state = { switchAt: Number.POSITIVE_INFINITY, readyStatus: 302, requests: [] as number[] };
    const server = createServer((request, response) => {
      const routed = request.headers.host === 'r1.example.com' && request.url?.startsWith('/r1');
      if (routed) state.requests.push(performance.now());
      response.statusCode = routed && performance.now() >= state.switchAt ? state.readyStatus : 404;
      if (response.statusCode === 302) response.setHeader('location', 'http://ready.example.com/');
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await use(Object.assign(state, { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  },
  probe: async ({ route }, use) => {
    const probe = new HttpProbe(route.baseUrl);
    await use(probe);
    await probe.close();
  },
});

const SETUP = { before: 404, after: 302 };
const TEARDOWN = { before: 302, after: 404 };

describe('HttpProbe', () => {
  test(`detects 404 -> 302 within its interval (${DEFAULT_PROBE_INTERVAL_MS} ms) plus a small error, polling while it waits`, async ({ route, probe }) => {
    const lags: number[] = [];
    const gaps: number[] = [];
    let waited = 0;
    for (let i = 0; i < 20; i++) {
      route.switchAt = performance.now() + 30 + i * 7;
      const asked = route.requests.length;
      const seen = await probe.until('r1.example.com', '/r1', SETUP, 5_000);
      expect(seen).toBeGreaterThanOrEqual(route.switchAt);
      const mine = route.requests.slice(asked);
      // 30 ms or more of 404s: the probe got at least one 404 before the 302 (it waited; it did not take the first answer).
      if (mine.length >= 2) waited++;
      gaps.push(...mine.slice(1).map((at, k) => at - (mine[k] ?? at)));
      lags.push(seen - route.switchAt);
      route.switchAt = Number.POSITIVE_INFINITY;
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    console.log(
      `probe: median gap between requests ${median(gaps).toFixed(2)} ms, lag after the switch median ${median(lags).toFixed(2)} / max ${Math.max(...lags).toFixed(2)} ms`,
    );
    // Medians, not maxima: a scheduler stall of tens of ms on a busy 2-core machine (the cluster tier runs beside this
    // tier) says nothing of the probe, and hits a few switches at most. A probe that polled at twice its interval, or
    // waited a whole extra interval after the switch, fails these.
    expect(median(gaps), `gaps: ${gaps.map((g) => g.toFixed(1)).join(', ')}`).toBeLessThan(DEFAULT_PROBE_INTERVAL_MS * 1.8);
    expect(median(lags), `lags: ${lags.map((l) => l.toFixed(1)).join(', ')}`).toBeLessThan(DEFAULT_PROBE_INTERVAL_MS + 5);
    // A stall can swallow the 30 ms of 404s once or twice; a probe that took the first answer would do it every time.
    expect(waited, 'switches where the probe saw a 404 before the 302').toBeGreaterThanOrEqual(15);
  });

  test('detects 302 -> 404 for a removed route', async ({ route, probe }) => {
    route.switchAt = Number.NEGATIVE_INFINITY;
    const removeAt = performance.now() + 40;
    setTimeout(() => {
      route.switchAt = Number.POSITIVE_INFINITY;
    }, 40);
    expect(await probe.until('r1.example.com', '/r1', TEARDOWN, 5_000)).toBeGreaterThanOrEqual(removeAt - 1);
  });

  test('a status other than 404 and 302 is reported as an error, not as readiness', async ({ route, probe }) => {
    route.switchAt = Number.NEGATIVE_INFINITY;
    route.readyStatus = 503;
    await expect(probe.until('r1.example.com', '/r1', SETUP, 5_000)).rejects.toThrow(ProbeError);
    await expect(probe.until('r1.example.com', '/r1', SETUP, 5_000)).rejects.toThrow(/answered HTTP 503 \(expected 404 then 302\)/);
  });

  test('a route that never becomes ready times out with the last answer', async ({ probe }) => {
    await expect(probe.until('r1.example.com', '/r1', SETUP, 200)).rejects.toThrow(/did not answer 302 within 200 ms \(last: HTTP 404\)/);
  });
});
