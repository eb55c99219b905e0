// A thin HTTP client for the API server over undici keep-alive connections, with the kubeconfig's credentials.
// client-node's typed APIs open a connection per call; load generation needs pooled connections.
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher, request } from 'undici';
import type { ApiConnection } from './connection.js';
import { RequestCounts } from './requestCounts.js';
import { USER_AGENT, withFieldManager } from './userAgent.js';

export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly reason: string,
    readonly apiMessage: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${method} ${path}: HTTP ${status} ${reason}: ${apiMessage}`);
  }
}

export interface KubeResponse<T> {
  readonly status: number;
  readonly body: T;
}

export class KubeHttp {
  /** Every request this client sent (watches included), as the API server names them: the harness's own share. */
  readonly sent = new RequestCounts();
  /** Watches hold their connection for minutes: they get their own pool, so they never starve requests. */
  private watchDispatcher: Agent | undefined;

  private constructor(
    readonly server: string,
    private readonly dispatcher: Agent,
    private readonly headers: Record<string, string>,
    private readonly tls: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean },
  ) {}

  /** `connections` caps the requests in flight (keep-alive connections to the API server). */
  static fromConnection(connection: ApiConnection, connections = 16): KubeHttp {
    const { server, headers, ...tls } = connection;
    const dispatcher = new Agent({ connections, keepAliveTimeout: 30_000, connect: tls });
    return new KubeHttp(server, dispatcher, { accept: 'application/json', ...headers, 'user-agent': USER_AGENT }, tls);
  }

  /** One request (a write names the harness as its fieldManager); an error status becomes a KubeApiError carrying the API server's reason and message. */
  async requestText(method: Dispatcher.HttpMethod, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse<string>> {
    const headers = { ...this.headers };
    if (body !== undefined) headers['content-type'] = contentType;
    this.sent.count(method, path, headers['content-type']);
    const response = await request(`${this.server}${withFieldManager(method, path)}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: this.dispatcher,
    });
    const text = await response.body.text();
    if (response.statusCode >= 400) throw apiError(method, path, response.statusCode, response.headers, text);
    return { status: response.statusCode, body: text };
  }

  /**
   * Opens a watch (`path` carries ?watch=true and its parameters) and resolves once the API server has answered,
   * with `done`, which settles when the stream ends. Each newline-delimited event goes to onEvent with the
   * performance.now() of its arrival.
   */
  async watch(path: string, onEvent: (event: unknown, at: number) => void, signal: AbortSignal): Promise<{ done: Promise<void> }> {
    // No body timeout: a quiet collection sends nothing for minutes; the API server ends watches itself.
    this.watchDispatcher ??= new Agent({ keepAliveTimeout: 30_000, bodyTimeout: 0, connect: this.tls });
    this.sent.count('GET', path);
    const response = await request(`${this.server}${path}`, { method: 'GET', headers: this.headers, dispatcher: this.watchDispatcher, signal });
    if (response.statusCode >= 400) throw apiError('GET', path, response.statusCode, response.headers, await response.body.text());
    const done = (async () => {
      // A streaming decoder: a multi-byte character may be split across two chunks.
      const decoder = new TextDecoder();
      let buffer = '';
      const emit = (line: string) => line.trim() && onEvent(JSON.parse(line), performance.now());
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Buffer, { stream: true });
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        lines.forEach(emit);
      }
      emit(buffer + decoder.decode());
    })();
    return { done };
  }

  async request<T>(method: Dispatcher.HttpMethod, path: string, body?: unknown, contentType?: string): Promise<KubeResponse<T>> {
    const response = await this.requestText(method, path, body, contentType);
    return { status: response.status, body: (response.body ? JSON.parse(response.body) : undefined) as T };
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).body;
  }

  /** Gets; a 404 is undefined (the object does not exist), any other error is thrown. */
  async find<T>(path: string): Promise<T | undefined> {
    try {
      return await this.get<T>(path);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async create<T>(collectionPath: string, object: unknown): Promise<T> {
    return (await this.request<T>('POST', collectionPath, object)).body;
  }

  /** Server-side apply: idempotent create-or-update owned by fieldManager. */
  async apply<T>(objectPath: string, object: unknown, fieldManager: string): Promise<T> {
    const query = `?fieldManager=${encodeURIComponent(fieldManager)}&force=true`;
    return (await this.request<T>('PATCH', `${objectPath}${query}`, object, 'application/apply-patch+yaml')).body;
  }

  async mergePatch<T>(objectPath: string, patch: unknown): Promise<T> {
    return (await this.request<T>('PATCH', objectPath, patch, 'application/merge-patch+json')).body;
  }

  async mergePatchStatus<T>(objectPath: string, patch: unknown): Promise<T> {
    return this.mergePatch<T>(`${objectPath}/status`, patch);
  }

  /** Deletes; a 404 counts as done. */
  async delete(objectPath: string, query = ''): Promise<void> {
    try {
      await this.request('DELETE', `${objectPath}${query}`);
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    }
  }

  async close(): Promise<void> {
    // destroy, not close: open watch streams would keep a graceful close waiting.
    await Promise.all([this.dispatcher.close(), this.watchDispatcher?.destroy()]);
  }
}

/** A KubeApiError carrying the API server's reason and message (from its Status object, or the raw text). */
function apiError(method: string, path: string, status: number, headers: IncomingHttpHeaders, text: string): KubeApiError {
  let reason = '';
  let message = text.slice(0, 1000);
  try {
    const body = JSON.parse(text) as { reason?: string; message?: string };
    reason = body.reason ?? '';
    message = body.message ?? message;
  } catch {
    // not a Status object: keep the raw text
  }
  const retryAfter = Number(headers['retry-after']);
  return new KubeApiError(method, path, status, reason, message, Number.isFinite(retryAfter) ? retryAfter : undefined);
}
