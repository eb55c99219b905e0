// A child run (an A/B round's `vitest run`) stops with its parent: Ctrl-C at a terminal reaches the parent's process
// group only; the parent passes one SIGTERM on, waits for the child's cleanup, and only then exits 130.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('Ctrl-C to the parent: the child gets one SIGTERM (not the SIGINT), cleans up, and the parent waits for it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'child-run-'));
  dirs.push(dir);
  const marker = join(dir, 'marker');
  // The parent leads its own process group, as a shell's foreground job does.
  const parent = spawn(process.execPath, ['--import', 'tsx', 'fixtures/interruptibleParent.ts', join(dir, 'child.log'), marker], {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const childPid = await new Promise<number>((resolve, reject) => {
    parent.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\d+)/.exec(output);
      if (ready) resolve(Number(ready[1]));
    });
    parent.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    parent.once('close', (code) => reject(new Error(`the parent ended (${code}) before its child was ready:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => parent.once('close', (code) => resolve(code)));
  // What a terminal's Ctrl-C does: SIGINT to every process of the foreground group.
  process.kill(-(parent.pid as number), 'SIGINT');
  const code = await exited;

  expect(code, output).toBe(130);
  expect(readFileSync(marker, 'utf8')).toBe('SIGTERM');
  expect(alive(childPid)).toBe(false);
  expect(output).toContain('interrupted: stopping the test child and waiting for its cleanup');
}, 30_000);
