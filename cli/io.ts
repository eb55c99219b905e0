// Where the CLI writes and what it reads, passed in so that tests run commands in-process. Colour only on a TTY (and
// not with NO_COLOR or TERM=dumb): piped into a file or a CI log, the output stays plain text.
import pc from 'picocolors';

type Colors = ReturnType<typeof pc.createColors>;

export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly out: Output;
  readonly err: Output;
  /** The environment the commands read and pass to their children. */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export function processIo(): CliIo {
  return { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd() };
}

export function colorsFor(stream: Output, env: NodeJS.ProcessEnv): Colors {
  return pc.createColors(Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb');
}
