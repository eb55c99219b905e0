// A thin HTTP client for the API server over undici keep-alive connections, with the kubeconfig's credentials.
// client-node's typed APIs open a connection per call; load generation needs pooled connections.
import type { KubeConfig } from '@kubernetes/client-node';
import { Agent, request, type Dispatcher } from 'undici';

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
  private constructor(
    readonly server: string,
    private readonly dispatcher: Dispatcher,
    private readonly headers: Record<string, string>,
  ) {}

  static async fromKubeConfig(kubeConfig: KubeConfig, connections = 16): Promise<KubeHttp> {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    const options: { ca?: Buffer | string; cert?: Buffer | string; key?: Buffer | string; headers?: Record<string, string>; rejectUnauthorized?: boolean } = {};
    await kubeConfig.applyToHTTPSOptions(options as Parameters<KubeConfig['applyToHTTPSOptions']>[0]);
    const dispatcher = new Agent({
      connections,
      keepAliveTimeout: 30_000,
      connect: { ca: options.ca, cert: options.cert, key: options.key, rejectUnauthorized: options.rejectUnauthorized ?? true },
    });
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = String(value);
    return new KubeHttp(cluster.server.replace(/\/$/, ''), dispatcher, headers);
  }

  /** One request; an error status becomes a KubeApiError carrying the API server's reason and message. */
  async requestText(method: Dispatcher.HttpMethod, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse<string>> {
    const headers = { ...this.headers };
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await request(`${this.server}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: this.dispatcher,
    });
    const text = await response.body.text();
    if (response.statusCode >= 400) {
      let reason = '';
      let message = text.slice(0, 1000);
      try {
        const status = JSON.parse(text) as { reason?: string; message?: string };
        reason = status.reason ?? '';
        message = status.message ?? message;
      } catch {
        // not a Status object: keep the raw text
      }
      const retryAfter = Number(response.headers['retry-after']);
      throw new KubeApiError(method, path, response.statusCode, reason, message, Number.isFinite(retryAfter) ? retryAfter : undefined);
    }
    return { status: response.statusCode, body: text };
  }

  async request<T>(method: Dispatcher.HttpMethod, path: string, body?: unknown, contentType?: string): Promise<KubeResponse<T>> {
    const response = await this.requestText(method, path, body, contentType);
    return { status: response.status, body: (response.body ? JSON.parse(response.body) : undefined) as T };
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).body;
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
    await this.dispatcher.close();
  }
}
