// Child processes of the local cluster: started so that they die with us, stopped on exit and on SIGINT/SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves with the exit code (or signal) when the process ends, whoever ended it. */
  readonly exited: Promise<string>;
  /** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of the process's log, for error messages. */
  logTail(lines?: number): string;
}

const running = new Set<ChildProcess>();
const directoriesToRemove = new Set<string>();
let handlersInstalled = false;
let interrupted = false;

/** Last-resort cleanup: synchronous, because 'exit' handlers cannot wait. */
function killEverythingNow(): void {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
  for (const dir of directoriesToRemove) rmSync(dir, { recursive: true, force: true });
  directoriesToRemove.clear();
}

const interruptHandlers = new Map<() => Promise<void>, number>();
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
const INTERRUPT_CLEANUP_LIMIT_MS = 30_000;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killEverythingNow);
  for (const signal of Object.keys(SIGNAL_NUMBERS) as (keyof typeof SIGNAL_NUMBERS)[]) {
    process.on(signal, () => {
      if (interrupted) {
        // A second signal: stop waiting for cleanup.
        killEverythingNow();
        process.exit(128 + SIGNAL_NUMBERS[signal]);
      }
      interrupted = true;
      if (running.size === 0 && interruptHandlers.size === 0 && directoriesToRemove.size === 0) process.exit(128 + SIGNAL_NUMBERS[signal]);
      process.stderr.write(`\n${signal}: cleaning up (send it again to stop at once)\n`);
      const cleanups = Promise.allSettled([...interruptHandlers.keys()].map((handler) => handler()));
      const limitMs = Math.max(INTERRUPT_CLEANUP_LIMIT_MS, ...interruptHandlers.values());
      const limit = new Promise((resolve) => setTimeout(resolve, limitMs).unref());
      void Promise.race([cleanups, limit]).then(() => {
        killEverythingNow();
        process.exit(128 + SIGNAL_NUMBERS[signal]);
      });
    });
  }
}

/**
 * Async cleanup (for example deleting a run's objects) to run on SIGINT/SIGTERM before the processes are killed; the
 * process waits for the handlers up to 30 s, or `limitMs` when a handler needs longer (a child run's own cleanup).
 */
export function onInterrupt(handler: () => Promise<void>, limitMs = INTERRUPT_CLEANUP_LIMIT_MS): () => void {
  installHandlers();
  interruptHandlers.set(handler, limitMs);
  return () => interruptHandlers.delete(handler);
}

/** A directory that is removed at exit or interruption unless removed earlier. */
export function removeOnExit(dir: string): () => void {
  installHandlers();
  directoriesToRemove.add(dir);
  return () => {
    directoriesToRemove.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}

export function startProcess(options: {
  name: string;
  binary: string;
  args: readonly string[];
  logPath: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}): ManagedProcess {
  installHandlers();
  const log = openSync(options.logPath, 'a');
  // setpriv --pdeathsig: the kernel kills the child if this process dies without running any handler (SIGKILL, crash).
  const child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', options.binary, ...options.args], {
    stdio: ['ignore', log, log],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  closeSync(log);
  // Listeners first: a failed spawn reports its error on the next tick, and an unheard 'error' would crash us.
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(signal ?? `exit code ${code}`);
    });
    child.once('error', (error) => {
      running.delete(child);
      resolve(`failed to start: ${error.message}`);
    });
  });
  if (child.pid === undefined) {
    throw new Error(`could not start ${options.name}: setpriv (util-linux) and ${options.binary} must exist`);
  }
  running.add(child);
  const logTail = (lines = 20): string => {
    try {
      return readFileSync(options.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };
  return {
    name: options.name,
    pid: child.pid,
    logPath: options.logPath,
    exited,
    logTail,
    async stop(graceMs = 5_000) {
      if (!running.has(child)) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}
