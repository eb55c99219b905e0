// Throttling is retried honouring Retry-After, against a local HTTP server that throttles (the real API server
// cannot be made to answer 429 on demand). Permanent errors against the real API server: suites/retry.test.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KubeHttp } from '../../framework/kube/http.js';
import { withRetry } from '../../framework/kube/retry.js';

describe('Throttling is retried', () => {
  let server: Server;
  let throttled: KubeHttp;
  const answers: number[] = [];
  const arrivals: number[] = [];

  beforeAll(async () => {
    // Answers 429 with Retry-After: 1, then 503, then 201.
    server = createServer((_request, response) => {
      arrivals.push(performance.now());
      const status = answers.shift() ?? 201;
      if (status === 429) response.setHeader('retry-after', '1');
      response.statusCode = status;
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify(
          status === 201
            ? { metadata: { name: 'x' } }
            : { kind: 'Status', reason: status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'try later' },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // This server speaks plain HTTP on loopback.
    const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    throttled = KubeHttp.fromConnection({ server: address, headers: { authorization: 'Bearer t' }, rejectUnauthorized: true });
  });

  afterAll(async () => {
    await throttled?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  test('429 waits for Retry-After, 503 backs off, and the create then succeeds', async () => {
    answers.push(429, 503);
    arrivals.length = 0;
    const created = await withRetry('create HTTPRoute x', () =>
      throttled.create<{ metadata: { name: string } }>('/apis/x/v1/namespaces/n/things', { metadata: { name: 'x' } }),
    );
    expect(created.metadata.name).toBe('x');
    expect(arrivals).toHaveLength(3);
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
    // The 503's backoff: p-retry's second timeout is minTimeout (100 ms) x 2.
    expect((arrivals[2] ?? 0) - (arrivals[1] ?? 0)).toBeGreaterThanOrEqual(190);
  });
});
