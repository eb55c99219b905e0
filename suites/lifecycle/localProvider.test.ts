// The local control plane starts fast from cached binaries and leaves nothing behind, however it is stopped.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startControlPlane } from '../../framework/cluster/local/controlPlane.js';
import { childPids, commandName, isAlive } from '../../framework/measure/procfs.js';
import { localTestBed } from '../../framework/testBed.js';
import { fixedPortsTaken } from '../support/fixedPorts.js';

const portsTaken = await fixedPortsTaken();
if (portsTaken) console.log(`skipped: ${portsTaken}`);

const logDir = () => mkdtempSync(join(tmpdir(), 'lifecycle-logs-'));

describe.skipIf(portsTaken !== undefined)('LocalControlPlane lifecycle', () => {
  test('starts within 20 s from cached binaries, and stop() leaves no process and no directory', async () => {
    const started = performance.now();
    const controlPlane = await startControlPlane(logDir(), () => {});
    const startupMs = performance.now() - started;
    console.log(`local control plane start-up (cached binaries): ${(startupMs / 1000).toFixed(1)} s`);
    const pids = controlPlane.processes().map((p) => p.pid);
    expect(pids).toHaveLength(3);
    expect(pids.every(isAlive)).toBe(true);
    await controlPlane.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(controlPlane.dir)).toBe(false);
    expect(startupMs).toBeLessThan(20_000);
  }, 120_000);

  test('a control plane whose API server fails to start stops etcd again', async () => {
    const etcdBefore = childPids(process.pid).filter((pid) => commandName(pid) === 'etcd');
    const start = startControlPlane(logDir(), () => {}, { 'kube-apiserver': (args) => [...args, '--no-such-flag'] });
    await expect(start).rejects.toThrow(/kube-apiserver exited during start-up/);
    const etcdAfter = childPids(process.pid).filter((pid) => commandName(pid) === 'etcd' && !etcdBefore.includes(pid));
    expect(etcdAfter).toEqual([]);
  }, 120_000);

  test('the local provider with kgateway stops every process it started, the controller included', async () => {
    const cluster = await localTestBed({ installNamespace: 'kgateway-system', skipInstall: false, logDir: logDir(), progress: () => {} }).start();
    const controller = cluster.description.controller?.pid;
    expect(controller).toBeDefined();
    const pids = [...cluster.controlPlane.processes().map((p) => p.pid), controller ?? -1];
    expect(pids.every(isAlive)).toBe(true);
    await cluster.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  }, 300_000);

  // A run interrupted from outside: Ctrl-C, a CI timeout's SIGTERM, and SIGKILL, which no handler sees.
  test.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)(
    'a cluster:up process ended by %s leaves no process behind',
    async (signal) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/clusterUp.ts'], {
        env: { ...process.env, CLUSTER_PROVIDER: 'local', LOADTEST_LOG_DIR: logDir() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = once(child, 'exit');
      let pids: number[] = [];
      let kubeconfig: string | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', () => output.includes('Cluster is up') && resolve());
          void exited.then(() => reject(new Error(`cluster:up exited early:\n${output}`)));
        });
        kubeconfig = /kubeconfig:\s+(\S+)/.exec(output)?.[1];
        expect(kubeconfig).toBeTruthy();
        // Every child counts (tsx may keep an esbuild service too); these four must be among them.
        pids = childPids(child.pid ?? -1);
        expect(pids.map(commandName)).toEqual(expect.arrayContaining(['etcd', 'kube-apiserver', 'kube-controller', 'kgateway']));
      } finally {
        // Whatever failed above, the next test needs kgateway's fixed ports: the signal is sent in any case.
        child.kill(signal);
        await exited;
      }
      // pdeathsig delivers SIGKILL asynchronously; give the kernel a moment to reap.
      const deadline = performance.now() + 5_000;
      while (pids.some(isAlive) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(pids.filter(isAlive)).toEqual([]);
      if (signal !== 'SIGKILL') expect(existsSync(dirname(kubeconfig ?? ''))).toBe(false);
    },
    120_000,
  );
});
