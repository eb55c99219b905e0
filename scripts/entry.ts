// Each script is both a program (`npm run ab`, `tsx scripts/ab.ts`) and a module whose command the CLI calls
// (`gateway-loadtest ab`): its command runs only when the script itself is the program.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function isProgram(moduleUrl: string): boolean {
  const program = process.argv[1];
  return program !== undefined && resolve(program) === fileURLToPath(moduleUrl);
}

/** Runs `command` with the program's arguments when the module is the program, and exits with its status. */
export function runIfProgram(moduleUrl: string, command: (argv: string[]) => Promise<number>): void {
  if (!isProgram(moduleUrl)) return;
  void command(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
