// A real run interrupted during its baseline, the way a terminal's Ctrl-C or a CI timeout does it: the signal goes
// to the whole process group. Afterwards nothing with the run's label remains and no process of the run survives.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { KubeHttp } from '../../framework/kube/http.js';
import { resolveConnection } from '../../framework/kube/kubeconfig.js';
import { childPids as childrenOf, commandName, isAlive } from '../../framework/measure/procfs.js';
import { findRunObjects } from '../../framework/run/ownership.js';
import { localTestBed } from '../../framework/testBed.js';
import { fixedPortsTaken } from '../support/fixedPorts.js';

const portsTaken = await fixedPortsTaken();
if (portsTaken) console.log(`skipped: ${portsTaken}`);

/** Starts the Baseline in its own process group and signals the group once batch 3 is reported. */
async function interruptedBaseline(env: NodeJS.ProcessEnv, signal: 'SIGINT' | 'SIGTERM') {
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'suites/attachedRoutes.test.ts', '-t', 'AttachedRoutesBaseline'], {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('[baseline] batch 3/')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`the run ended before batch 3:\n${output.slice(-3000)}`)));
  });
  // What the run started: its processes (children of the main process or of its workers) and its run id.
  const runId = /run (lt\w+):/.exec(output)?.[1];
  const pids = descendants(child.pid ?? -1);
  process.kill(-(child.pid ?? 0), signal);
  await exited;
  return { runId, pids, output };
}

function descendants(root: number): number[] {
  const all: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() ?? -1;
    for (const pid of childrenOf(parent)) {
      all.push(pid);
      queue.push(pid);
    }
  }
  return all;
}

describe.skipIf(portsTaken !== undefined)('Interrupting a run', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during the baseline on the embedded default leaves no process of the run',
    async (signal) => {
      const { pids, output } = await interruptedBaseline({ CLUSTER_PROVIDER: 'local' }, signal);
      // etcd, kube-apiserver, kube-controller-manager, kgateway, and Vitest's workers.
      expect(pids.length, output.slice(-2000)).toBeGreaterThanOrEqual(4);
      expect(pids.map(commandName)).toEqual(expect.arrayContaining(['etcd', 'kube-apiserver', 'kube-controller', 'kgateway']));
      const deadline = performance.now() + 10_000;
      while (pids.some(isAlive) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(pids.filter(isAlive)).toEqual([]);
    },
    300_000,
  );

  test('SIGINT during the baseline on an existing cluster deletes every object of the run', async () => {
    const cluster = await localTestBed({
      installNamespace: 'kgateway-system',
      skipInstall: false,
      logDir: mkdtempSync(join(tmpdir(), 'interrupt-')),
      progress: () => {},
    }).start();
    const http = KubeHttp.fromConnection(await resolveConnection(cluster.description));
    try {
      const { runId, output } = await interruptedBaseline(
        {
          // Exactly this cluster, whatever the caller's environment names.
          CLUSTER_PROVIDER: 'existing',
          CLUSTER_NAME: '',
          KUBECONFIG: cluster.description.kubeconfigPath,
          SKIP_INSTALL: 'true',
          LOADTEST_CONTROLLER_METRICS_URL: cluster.description.controllerMetricsUrl,
        },
        'SIGINT',
      );
      expect(runId, output.slice(-2000)).toBeDefined();
      expect(output).toContain(`on existing (${cluster.description.server})`);
      // Deleted namespaces take a few seconds to terminate; what must not happen is that anything stays.
      const started = performance.now();
      const deadline = started + 60_000;
      let left = await findRunObjects(http, runId);
      while (left.length > 0 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        left = await findRunObjects(http, runId);
      }
      // What keeps a namespace (its phase and conditions say whether it is terminating, and what it waits for).
      const states = await Promise.all(
        left.map(async (l) =>
          JSON.stringify(
            await http.get<{ status?: unknown }>(l.path).then(
              (o) => o.status,
              (e: Error) => e.message,
            ),
          ),
        ),
      );
      console.log(`objects of the interrupted run gone ${((performance.now() - started) / 1000).toFixed(1)} s after the run ended`);
      expect(left, `${states.join('\n')}\n${output.slice(-1500)}`).toEqual([]);
    } finally {
      await http.close();
      await cluster.stop();
    }
  }, 300_000);
});
