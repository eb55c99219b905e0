// Waiting for a started process to answer its health endpoint. This is start-up, not measurement:
// a short retry loop is the only way to learn when a server begins to listen.
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import type { ManagedProcess } from './processes.js';

export async function waitForHealthy(options: {
  url: string;
  process: ManagedProcess;
  timeoutMs: number;
  ca?: string;
  /** For components that serve a self-signed certificate we never see (kube-controller-manager). */
  insecure?: boolean;
  headers?: Record<string, string>;
}): Promise<void> {
  const dispatcher = new Agent({ connect: { ca: options.ca, rejectUnauthorized: !options.insecure } });
  const deadline = performance.now() + options.timeoutMs;
  let exitedWith: string | undefined;
  void options.process.exited.then((how) => (exitedWith = how));
  let lastProblem = 'no answer yet';
  try {
    while (performance.now() < deadline) {
      if (exitedWith !== undefined) {
        throw new Error(
          `${options.process.name} exited during start-up (${exitedWith}); its log ${options.process.logPath} ends with:\n${options.process.logTail()}`,
        );
      }
      try {
        const response = await request(options.url, { dispatcher, headers: options.headers, headersTimeout: 2_000, bodyTimeout: 2_000 });
        const body = await response.body.text();
        if (response.statusCode === 200) return;
        lastProblem = `HTTP ${response.statusCode}: ${body.slice(0, 300)}`;
      } catch (error) {
        lastProblem = (error as Error).message;
      }
      await sleep(100);
    }
    throw new Error(
      `${options.process.name} not healthy at ${options.url} within ${options.timeoutMs} ms (${lastProblem}); log ${options.process.logPath}:\n${options.process.logTail()}`,
    );
  } finally {
    await dispatcher.close();
  }
}
