// The restart seam between a test worker and the process that owns the shared cluster (Vitest's globalSetup): the
// controller is that process's child, so only it can stop and start it again. A local HTTP endpoint on 127.0.0.1
// takes one request at a time; after each restart it writes the new pid to a state file that test files read
// (suites/support/cluster.ts), since the description Vitest hands to later files was fixed at start-up.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { ControllerRestarted } from '../cluster/provider.js';

/** The file, in the run's log directory, that holds the current controller pid after a restart. */
export const CONTROLLER_STATE_FILE = 'controller-state.json';

export interface ControllerState {
  readonly pid: number;
  readonly restarts: number;
}

export interface RestartControl {
  readonly url: string;
  close(): Promise<void>;
}

export async function startRestartControl(restart: () => Promise<ControllerRestarted>, statePath: string): Promise<RestartControl> {
  let restarts = 0;
  let busy: Promise<unknown> = Promise.resolve();
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/restart') {
      res.writeHead(404).end();
      return;
    }
    // One restart at a time: a second request waits for the first.
    const done = busy.then(async () => {
      try {
        const restarted = await restart();
        restarts++;
        writeFileSync(statePath, JSON.stringify({ pid: restarted.pid, restarts } satisfies ControllerState));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(restarted));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end((error as Error).message);
      }
    });
    busy = done;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/restart`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Asks the owner of the cluster to restart its controller; resolves once the old process is gone and the new one started. */
export async function requestControllerRestart(url: string): Promise<ControllerRestarted> {
  const response = await request(url, { method: 'POST', headersTimeout: 60_000, bodyTimeout: 60_000 });
  const body = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`controller restart failed (HTTP ${response.statusCode}): ${body}`);
  return JSON.parse(body) as ControllerRestarted;
}
