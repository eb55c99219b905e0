// The data-plane probe against a real local HTTP server that switches a route from 404 to 302 (the redirect a probed
// route carries, see LoadTestManager.route) at a known moment.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_PROBE_INTERVAL_MS, HttpProbe, ProbeError } from '../../framework/measure/httpProbe.js';

// Serves `host` + `path` with 404 until `switchAt` (performance.now()), then `readyStatus`.
let switchAt = Infinity;
let readyStatus = 302;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const routed = request.headers.host === 'r1.example.com' && request.url?.startsWith('/r1');
    response.statusCode = routed && performance.now() >= switchAt ? readyStatus : 404;
    if (response.statusCode === 302) response.setHeader('location', 'http://ready.example.com/');
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('HttpProbe', () => {
  test(`detects 404 -> 302 within its interval (${DEFAULT_PROBE_INTERVAL_MS} ms) plus a small error`, async () => {
    expect(DEFAULT_PROBE_INTERVAL_MS).toBeLessThanOrEqual(10);
    const probe = new HttpProbe(baseUrl);
    const lags: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        readyStatus = 302;
        switchAt = performance.now() + 30 + i * 7;
        const seen = await probe.until('r1.example.com', '/r1', { before: 404, after: 302 }, 5_000);
        expect(seen).toBeGreaterThanOrEqual(switchAt);
        lags.push(seen - switchAt);
        switchAt = Infinity;
      }
    } finally {
      await probe.close();
    }
    console.log(`probe lag after the switch: max ${Math.max(...lags).toFixed(2)} ms over ${lags.length} switches`);
    // The interval, plus a request round trip and timer slack on a busy 2-core machine.
    expect(Math.max(...lags)).toBeLessThan(DEFAULT_PROBE_INTERVAL_MS + 15);
  });

  test('detects 302 -> 404 for a removed route', async () => {
    const probe = new HttpProbe(baseUrl);
    try {
      switchAt = -Infinity;
      readyStatus = 302;
      const removeAt = performance.now() + 40;
      setTimeout(() => (switchAt = Infinity), 40);
      expect(await probe.until('r1.example.com', '/r1', { before: 302, after: 404 }, 5_000)).toBeGreaterThanOrEqual(removeAt - 1);
    } finally {
      await probe.close();
    }
  });

  test('a status other than 404 and 302 is reported as an error, not as readiness', async () => {
    const probe = new HttpProbe(baseUrl);
    try {
      switchAt = -Infinity;
      readyStatus = 503;
      await expect(probe.until('r1.example.com', '/r1', { before: 404, after: 302 }, 5_000)).rejects.toThrow(ProbeError);
      await expect(probe.until('r1.example.com', '/r1', { before: 404, after: 302 }, 5_000)).rejects.toThrow(/answered HTTP 503/);
    } finally {
      await probe.close();
    }
  });

  test('a route that never becomes ready times out with the last answer', async () => {
    const probe = new HttpProbe(baseUrl);
    try {
      switchAt = Infinity;
      await expect(probe.until('r1.example.com', '/r1', { before: 404, after: 302 }, 200)).rejects.toThrow(/did not answer 302 within 200 ms \(last: HTTP 404\)/);
    } finally {
      await probe.close();
    }
  });
});
