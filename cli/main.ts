// gateway-loadtest: one command-line entry to the harness. Built on commander: the most used Node CLI library, no
// dependencies, subcommands with --help each, suggestions for mistyped commands and options, and an exitOverride that
// lets tests run commands in-process; v14 is the line that supports Node 20 (v15 needs Node 22). yargs does the same
// with more weight, citty is young (0.x), and clipanion's class-per-command style is heavier for eight commands.
//
// Every command runs the code the npm scripts run: `run` drives the Vitest suites, and `compare`, `ab`,
// `implementations`, `cleanup` and `cluster up` call the scripts' own command functions with their arguments.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { configSection } from '../framework/config/file.js';
import { parseKind, positiveInteger } from '../framework/config/kinds.js';
import { ConfigError } from '../framework/env.js';
import { PACKAGE_ROOT } from '../framework/vitestRun.js';
import { EXIT, EXIT_HELP, UsageError } from './exitCodes.js';
import { type CliIo, processIo } from './io.js';
import { RUNNABLE_SUITES } from './suites.js';

function wholeNumber(value: string): number {
  const parsed = parseKind(positiveInteger, value);
  if (!parsed.ok) throw new InvalidArgumentError('expected a positive whole number.');
  return parsed.value;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A command whose arguments go, as given, to a script's command function (which has its own --help). */
function passThrough(program: Command, name: string, description: string, command: (argv: string[]) => Promise<number>, done: (code: number) => void) {
  program
    .command(name)
    .description(`${description} (--help for its options)`)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[arguments...]')
    .action(async (argv: string[]) => done(await command(argv)));
}

function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command('gateway-loadtest')
    .description('Load tests for Kubernetes Gateway API controllers: attach, program and remove routes at scale, timed from watches.')
    .version(packageVersion())
    .option('--config <file>', `the config file (default ./loadtest.config.yaml; ${configSection.settings.file.env})`)
    .addOption(new Option('--no-color', 'no colour (NO_COLOR=1 too); colour is only ever used on a terminal'))
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out.write(text), writeErr: (text) => io.err.write(text) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', `\n${EXIT_HELP}\n\nSettings: gateway-loadtest config lists them; docs/settings.md describes them.`);
  // --config is a path relative to where the command runs; children and scripts read it from the environment.
  program.hook('preAction', () => {
    const { config: file, color } = program.opts<{ config?: string; color: boolean }>();
    if (file !== undefined) io.env[configSection.settings.file.env] = resolve(io.cwd, file);
    if (!color) io.env.NO_COLOR = '1';
  });

  program
    .command('run')
    .description('run a suite on the cluster the settings choose (the embedded control plane by default)')
    .argument('<suite>', `one of: ${RUNNABLE_SUITES.map((s) => s.name).join(', ')}`)
    .option('--routes <n>', "baseline routes (the suite's LOADTEST_<SUITE>_ROUTES)", wholeNumber)
    .option('--samples <n>', 'incremental routes measured (LOADTEST_SAMPLES)', wholeNumber)
    .option('--controller <spec>', 'the controller to start: <name>[@<version>][:<argument>], e.g. kgateway@v2.4.2 (LOADTEST_CONTROLLER, KGATEWAY_*)')
    .option('--compare-to <reports>', 'saved report(s) to check for regressions, comma-separated (LOADTEST_COMPARE_TO)')
    .option('--report-dir <dir>', 'where the reports go (LOADTEST_REPORT_DIR)')
    .option('--dry-run', 'check the settings and print the Vitest command; start nothing')
    .addHelpText('after', `\nSuites:\n${RUNNABLE_SUITES.map((s) => `  ${s.name.padEnd(12)}${s.description}`).join('\n')}`)
    .action(async (suite: string, options) => {
      const { runSuite } = await import('./run.js');
      done(await runSuite(suite, options, io));
    });

  program
    .command('config')
    .description('print the effective settings: value, unit, and where each came from (default, file, environment)')
    .option('--json', 'as JSON')
    .option('--changed', 'only the settings the file or the environment set')
    .action(async (options) => {
      const { printConfig } = await import('./config.js');
      done(printConfig(options, io));
    });

  const cluster = program.command('cluster').description('keep a cluster running for repeated runs');
  cluster
    .command('up')
    .description('start the cluster the settings choose and keep it until Ctrl-C or `cluster down`')
    .action(async () => {
      const { clusterUpCommand } = await import('../scripts/clusterUp.js');
      done(await clusterUpCommand());
    });
  cluster
    .command('down')
    .description('stop the cluster `cluster up` keeps running from this directory')
    .action(async () => {
      const { clusterDown } = await import('./cluster.js');
      done(await clusterDown(io));
    });

  passThrough(
    program,
    'compare',
    'compare two saved run reports: which figures got slower',
    async (argv) => (await import('../scripts/compare.js')).compareCommand(argv),
    done,
  );
  passThrough(
    program,
    'ab',
    "A/B of two controllers in ABBA rounds: each figure's change with its interval, and a verdict",
    async (argv) => (await import('../scripts/ab.js')).abCommand(argv),
    done,
  );
  passThrough(
    program,
    'ab-noise',
    'the noise floor: A/Bs of one build against itself, how often the verdict is wrong, the rounds a tolerance needs',
    async (argv) => (await import('../scripts/abNoise.js')).abNoiseCommand(argv),
    done,
  );
  passThrough(
    program,
    'implementations',
    'the Baseline for each controller, one table side by side',
    async (argv) => (await import('../scripts/compareImplementations.js')).implementationsCommand(argv),
    done,
  );
  passThrough(
    program,
    'cleanup',
    'delete what crashed runs left in a cluster (by label)',
    async (argv) => (await import('../scripts/cleanup.js')).cleanupCommand(argv),
    done,
  );
  return program;
}

/** Runs one command line; resolves with the exit status (see exitCodes.ts). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (result) => {
    code = result;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.badInput;
    io.err.write(`gateway-loadtest: ${(error as Error).message}\n`);
    if (error instanceof ConfigError || error instanceof UsageError) return EXIT.badInput;
    io.err.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT.failed;
  }
}
