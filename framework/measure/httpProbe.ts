// Real HTTP through the data plane: GET the route's hostname and path until the expected status comes back.
// Only two answers are expected, the one before the switch and the one after; anything else is an error, not
// readiness (a 503 from a proxy with no backend must not pass for a served route).
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';

export const DEFAULT_PROBE_INTERVAL_MS = 10;

export class ProbeError extends Error {
  override readonly name = 'ProbeError';
}

/** The status a route answers before the switch, and the one that marks the switch. */
export interface ProbeStatuses {
  readonly before: number;
  readonly after: number;
}

export class HttpProbe {
  private readonly dispatcher = new Agent({ keepAliveTimeout: 10_000 });

  constructor(
    private readonly baseUrl: string,
    private readonly intervalMs = DEFAULT_PROBE_INTERVAL_MS,
  ) {}

  /**
   * Resolves with performance.now() when the response with status `after` arrived; until then only `before` may
   * come back (the route not yet served when setting up, still served when tearing down).
   */
  async until(host: string, path: string, statuses: ProbeStatuses, timeoutMs: number): Promise<number> {
    const { before: pending, after: want } = statuses;
    const deadline = performance.now() + timeoutMs;
    let last = 'no answer';
    while (performance.now() < deadline) {
      const response = await request(new URL(path, this.baseUrl), {
        headers: { host },
        dispatcher: this.dispatcher,
        headersTimeout: 5_000,
      });
      await response.body.dump();
      const at = performance.now();
      if (response.statusCode === want) return at;
      if (response.statusCode !== pending) {
        throw new ProbeError(`GET http://${host}${path} via ${this.baseUrl} answered HTTP ${response.statusCode} (expected ${pending} then ${want})`);
      }
      last = `HTTP ${response.statusCode}`;
      await sleep(this.intervalMs);
    }
    throw new ProbeError(`GET http://${host}${path} via ${this.baseUrl} did not answer ${want} within ${timeoutMs} ms (last: ${last})`);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
