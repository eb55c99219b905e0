// `gateway-loadtest cluster down`: stops the cluster that `cluster up` keeps running (in another terminal or in the
// background), by the process id it left in reports/cluster-up.json, and waits until that process has cleaned up
// and removed the file (a watch on the folder, not polling).
import { readFileSync, rmSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { clusterUpStatePath, isRunning, readClusterUpState } from '../scripts/clusterUp.js';
import { EXIT } from './exitCodes.js';
import type { CliIo } from './io.js';

const STOP_LIMIT_MS = 60_000;

/** The process is cluster up (a pid can be reused after a crash): its command line names it. */
function isClusterUp(pid: number): boolean {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /clusterUp|gateway-loadtest|cluster:up/.test(command);
  } catch {
    return false;
  }
}

export async function clusterDown(io: CliIo): Promise<number> {
  const statePath = clusterUpStatePath(io.cwd);
  const state = readClusterUpState(statePath);
  if (!state) {
    io.out.write(`no cluster is up from this directory (no ${statePath})\n`);
    return EXIT.ok;
  }
  if (!isRunning(state.pid) || !isClusterUp(state.pid)) {
    rmSync(statePath, { force: true });
    io.out.write(`the cluster up process ${state.pid} is gone (killed without cleanup?); removed its stale ${statePath}\n`);
    return EXIT.ok;
  }
  io.err.write(`stopping the cluster of pid ${state.pid} (up since ${state.startedAt}); it stops every process it started\n`);
  const removed = new Promise<boolean>((resolve) => {
    const watcher = watch(dirname(statePath), (_event, name) => {
      if (name === basename(statePath) && readClusterUpState(statePath) === undefined) finish(true);
    });
    const timer = setTimeout(() => finish(false), STOP_LIMIT_MS);
    function finish(done: boolean) {
      clearTimeout(timer);
      watcher.close();
      resolve(done);
    }
  });
  process.kill(state.pid, 'SIGTERM');
  if (await removed) {
    io.out.write(`cluster stopped (pid ${state.pid})\n`);
    return EXIT.ok;
  }
  io.err.write(`pid ${state.pid} did not stop within ${STOP_LIMIT_MS / 1000} s; its state file ${statePath} is still there\n`);
  return EXIT.failed;
}
