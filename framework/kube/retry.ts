// Retrying API calls: throttling and server errors are retried with backoff (honouring Retry-After);
// anything else (400, 403, 404, 422, ...) stops at once with the API server's own message.
import pRetry from 'p-retry';
import { KubeApiError } from './http.js';

const TRANSIENT = new Set([429, 500, 502, 503, 504]);

function isTransient(error: unknown): boolean {
  if (error instanceof KubeApiError) return TRANSIENT.has(error.status);
  // Connection-level failures (a restarting API server) are transient too; a client we closed is not.
  const code = (error as { code?: string }).code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code);
}

export async function withRetry<T>(what: string, call: () => Promise<T>, retries = 8): Promise<T> {
  try {
    return await pRetry(call, {
      retries,
      minTimeout: 100,
      maxTimeout: 5_000,
      shouldRetry: ({ error }) => isTransient(error),
      onFailedAttempt: async ({ error, retriesLeft }) => {
        const retryAfter = error instanceof KubeApiError ? error.retryAfterSeconds : undefined;
        // p-retry calls this before it gives up, too: no point in waiting before the final error.
        if (retryAfter && retriesLeft > 0 && isTransient(error)) await new Promise((resolve) => setTimeout(resolve, retryAfter * 1_000));
      },
    });
  } catch (error) {
    throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
  }
}
