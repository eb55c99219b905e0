#!/usr/bin/env node
// The package's command. Its sources are TypeScript, the same files Vitest runs the suites from; tsx compiles them
// as they load (cached), so the package ships no second, built copy of the framework.
import { register } from 'tsx/esm/api';

// Output piped into a reader that stops early (`| head`) is not an error of the command.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
