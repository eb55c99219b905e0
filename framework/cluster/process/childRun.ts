// A Node child run (a `vitest run` of one test) whose output goes to a log, and which stops with this process: it runs
// in its own process group, so that a terminal's Ctrl-C reaches this process only, which passes one SIGTERM on and
// waits for the child to clean up. A child killed together with its parent mid-cleanup, or left running orphaned,
// would leave its cluster and objects behind.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { Progress } from '../build/progress.js';
import { onInterrupt } from './processes.js';

/** How long a child may take to clean up after SIGTERM: its objects deleted (30 s at most), then its processes stopped. */
export const CHILD_CLEANUP_LIMIT_MS = 120_000;

export interface LoggedChild {
  /** What the child is, for messages ("the AttachedRoutesBaseline run"). */
  readonly what: string;
  /** Arguments of `node` (this process's executable). */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logPath: string;
  readonly progress: Progress;
  /** Lines of its output that are passed on to `progress` as well as written to the log. */
  readonly passOn: (line: string) => boolean;
}

/** Resolves with the child's exit code (null if a signal ended it). */
export function runLoggedChild(options: LoggedChild): Promise<number | null> {
  const { what, args, env, logPath, progress, passOn } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const closed = new Promise<void>((done) => child.once('close', () => done()));
    const stopOnInterrupt = onInterrupt(async () => {
      progress(`  interrupted: stopping ${what} and waiting for its cleanup (its log ${logPath})`);
      child.kill('SIGTERM');
      await closed;
    }, CHILD_CLEANUP_LIMIT_MS);
    const log = createWriteStream(logPath);
    let partial = '';
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (passOn(line)) progress(`  ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => {
      stopOnInterrupt();
      reject(error);
    });
    child.once('close', (code) => {
      stopOnInterrupt();
      log.end(() => resolve(code));
    });
  });
}
