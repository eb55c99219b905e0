// Real HTTP through the data plane: GET the route's hostname and path until the expected status comes back.
// Only two answers are expected, the one before the switch and the one after; anything else is an error, not
// readiness (a 503 from a proxy with no backend must not pass for a served route). HTTP has no event to wait on, so
// this polls: a request starts every interval (5 ms by default), or as soon as the previous answer came if later.
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';

export const DEFAULT_PROBE_INTERVAL_MS = 5;

export class ProbeError extends Error {
  override readonly name = 'ProbeError';
}

/** The status a route answers before the switch, and the one that marks the switch. */
export interface ProbeStatuses {
  readonly before: number;
  readonly after: number;
}

export interface ProbeOptions {
  /** Between the starts of two requests. */
  readonly intervalMs?: number;
  /** The data plane's state, for error messages (an Envoy that exited says so, with its log). */
  readonly describeDataPlane?: () => string;
}

export class HttpProbe {
  private readonly dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  readonly intervalMs: number;
  /** Requests answered so far (all probes of this instance). */
  requests = 0;

  constructor(
    readonly baseUrl: string,
    private readonly options: ProbeOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
  }

  /** One GET: its status and when the answer arrived; a connection error becomes a ProbeError naming the data plane. */
  async get(host: string, path: string): Promise<{ status: number; at: number; location?: string }> {
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(new URL(path, this.baseUrl), { headers: { host }, dispatcher: this.dispatcher, headersTimeout: 5_000 });
      await response.body.dump();
    } catch (error) {
      const state = this.options.describeDataPlane?.();
      throw new ProbeError(`GET http://${host}${path} via ${this.baseUrl} failed: ${(error as Error).message}${state ? `. ${state}` : ''}`);
    }
    this.requests++;
    const location = response.headers.location;
    return { status: response.statusCode, at: performance.now(), ...(typeof location === 'string' && { location }) };
  }

  /**
   * Resolves with performance.now() when the response with status `after` arrived; until then only `before` may
   * come back (the route not yet served when setting up, still served when tearing down).
   */
  async until(host: string, path: string, statuses: ProbeStatuses, timeoutMs: number): Promise<number> {
    const { before: pending, after: want } = statuses;
    const deadline = performance.now() + timeoutMs;
    let last = 'no answer';
    while (performance.now() < deadline) {
      const sent = performance.now();
      const { status, at } = await this.get(host, path);
      if (status === want) return at;
      if (status !== pending) {
        throw new ProbeError(`GET http://${host}${path} via ${this.baseUrl} answered HTTP ${status} (expected ${pending} then ${want})`);
      }
      last = `HTTP ${status}`;
      const wait = sent + this.intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
    throw new ProbeError(`GET http://${host}${path} via ${this.baseUrl} did not answer ${want} within ${timeoutMs} ms (last: ${last})`);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
