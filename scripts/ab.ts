// npm run ab -- --a <controller> --b <controller> [--rounds 4] [--min-rounds n] [--routes 1000] [--samples 20]
//   [--test AttachedRoutesBaseline] [--tolerance 10%] [--alpha 0.05] [--out dir | --resume dir] [--markdown f] [--json f]
// Exit status: 0 no regression, 1 regression or a run that did not complete, 2 bad input, 3 inconclusive.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { AB_TESTS, type AbOptions, type AbResult, medianRunSeconds, runAb } from '../framework/ab/abRun.js';
import { applySettings } from '../framework/config/settings.js';
import { controllerSpecHelp, parseControllerSpec } from '../framework/controllers/spec.js';
import { ConfigError } from '../framework/env.js';
import { median } from '../framework/measure/quantiles.js';
import { comparisonChart, comparisonMarkdown, comparisonTable, DEFAULT_COMPARE_OPTIONS, exitCodeOf, ReportMismatchError } from '../framework/report/compare.js';
import { ReportFileError } from '../framework/report/reportFile.js';
import { runIfProgram } from './entry.js';
import { parseAlpha, parsePositive, parseRoundStatistic, parseTolerance, UsageError } from './options.js';

const HELP = `usage: gateway-loadtest ab --a <controller> --b <controller> [options]   (or npm run ab -- ...)

Runs the same test for controller A and controller B, round after round in ABBA order (AB, BA, AB, BA, ...), each
run on a fresh local control plane (a child \`vitest run --project cluster\`). The round is the unit of the verdict:
each figure's change B/A gets a confidence interval from the rounds' medians (Welch's t on their logarithms), so
the verdict holds between runs, not only within them. See docs/verdict.md.

options:
  --a <controller>      arm A (before)
  --b <controller>      arm B (after)
  --rounds <n>          rounds per side at most; each runs A once and B once (default 4)
  --min-rounds <n>      look at the interval after each round from n on and stop once decided (default: --rounds,
                        no early stop); each look spends alpha / looks
  --routes <n>          baseline routes of the test (default 1000)
  --samples <n>         incremental routes measured per run (Attached Routes; default 20)
  --test <name>         ${Object.keys(AB_TESTS).join(', ')} (default AttachedRoutesBaseline)
  --tolerance <t>       a change within ±t is "no change" (default ${DEFAULT_COMPARE_OPTIONS.tolerance * 100}%)
  --alpha <a>           error budget: the primary figure's interval is at 1 - a (default ${DEFAULT_COMPARE_OPTIONS.alpha})
  --primary <key>       the figure that decides the gate, instead of the suite's (e.g. teardown)
  --round-statistic <s> what a round's samples are summarised by: median (default) or min (the fastest sample:
                        steadier on a loaded machine, blind to a change that only widens the tail)
  --out <dir>           where the plan and each run's reports and log go (default reports/ab-<time>); a directory
                        that holds an A/B with the same settings is resumed: saved runs are not run again
  --resume <dir>        resume the A/B saved in <dir> with its own settings
  --markdown <file>     also write the verdict as Markdown (with the distributions as SVG beside it)
  --json <file>         also write the verdict, its intervals and the runs as JSON

controller specs, <name>[@<version>][:<argument>]:
${controllerSpecHelp()
  .map((line) => `  ${line}`)
  .join('\n')}

Exit status: 0 no regression (the primary figure's interval within the tolerance, nothing slower), 1 regression (a
figure's interval above 0 and its estimate beyond the tolerance) or a run that did not complete, 2 bad input,
3 inconclusive (the primary figure's interval too wide for the tolerance: run more rounds).
kgateway listens on fixed ports: run each A/B with kgateway in a network namespace of its own (see docs/verdict.md).`;

function roundsMarkdown(result: AbResult): string {
  const p50 = (values: number[]) => `${median(values).toFixed(1)} ms`;
  return [
    '## Rounds',
    '',
    `${result.rounds} rounds per side${result.stoppedEarly ? ' (stopped early: decided)' : ''}, ${result.runs.length} runs, median ${medianRunSeconds(result.runs).toFixed(0)} s per run.`,
    '',
    '| round | arm | controller | run | samples | setup p50 | teardown p50 | wall | load average at start |',
    '|---|---|---|---|---|---|---|---|---|',
    ...result.runs.map(({ round, arm, spec, report, seconds, loadAverage, resumed }) => {
      const { samples, runId } = report.results;
      const times = samples.length ? [p50(samples.map((s) => s.setupMs)), p50(samples.map((s) => s.teardownMs))] : ['-', '-'];
      return `| ${round} | ${arm} | ${spec} | ${runId}${resumed ? ' (resumed)' : ''} | ${samples.length} | ${times.join(' | ')} | ${seconds.toFixed(0)} s | ${loadAverage.join(' ')} |`;
    }),
    '',
  ].join('\n');
}

function resumedOptions(dir: string): Record<string, string> {
  const path = join(dir, 'ab-plan.json');
  if (!existsSync(path)) throw new UsageError(`--resume ${dir}: no A/B there (no ab-plan.json)`);
  const plan = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(plan).map(([key, value]) => [key, String(value)]));
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      rounds: { type: 'string' },
      'min-rounds': { type: 'string' },
      routes: { type: 'string' },
      samples: { type: 'string' },
      test: { type: 'string' },
      tolerance: { type: 'string' },
      alpha: { type: 'string' },
      primary: { type: 'string' },
      'round-statistic': { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'string' },
      markdown: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const plan = values.resume ? resumedOptions(values.resume) : {};
  const given = { ...plan, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) } as Record<string, string | undefined>;
  if (!given.a || !given.b) throw new UsageError('both --a and --b are needed');
  const rounds = parsePositive('rounds', given.rounds, 4);
  const options: AbOptions = {
    a: parseControllerSpec(given.a),
    b: parseControllerSpec(given.b),
    rounds,
    minRounds: parsePositive('min-rounds', given['min-rounds'], rounds),
    routes: parsePositive('routes', given.routes, 1000),
    samples: parsePositive('samples', given.samples, 20),
    test: given.test ?? 'AttachedRoutesBaseline',
    outDir: values.resume ?? values.out ?? join(process.cwd(), 'reports', `ab-${new Date().toISOString().replace(/[:.]/g, '-')}`),
    compare: {
      ...DEFAULT_COMPARE_OPTIONS,
      tolerance: given.tolerance === undefined ? DEFAULT_COMPARE_OPTIONS.tolerance : parseTolerance(given.tolerance),
      alpha: given.alpha === undefined ? DEFAULT_COMPARE_OPTIONS.alpha : parseAlpha(given.alpha),
      primary: given.primary,
      roundStatistic: parseRoundStatistic(given['round-statistic']),
    },
  };
  // The verdict's files are written after every run: their directories are made now, not found missing an hour later.
  for (const file of [values.markdown, values.json]) if (file) mkdirSync(dirname(file), { recursive: true });
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const result = await runAb(options, progress);
  const { comparison } = result;
  process.stdout.write(`${comparisonTable(comparison)}\n`);
  process.stdout.write(
    `${result.rounds} rounds per side${result.stoppedEarly ? ' (stopped early)' : ''}; ${result.runs.length} runs, median ${medianRunSeconds(result.runs).toFixed(0)} s each; reports in ${options.outDir}\n`,
  );
  if (values.markdown) {
    const chart = await comparisonChart(comparison);
    const charts: { title: string; href: string }[] = [];
    if (chart) {
      const svgPath = join(dirname(values.markdown), `${basename(values.markdown, '.md')}-distributions.svg`);
      writeFileSync(svgPath, chart.svg);
      charts.push({ title: chart.title, href: `./${basename(svgPath)}` });
    }
    writeFileSync(values.markdown, `${comparisonMarkdown(comparison, charts)}\n${roundsMarkdown(result)}`);
    process.stdout.write(`markdown: ${values.markdown}\n`);
  }
  const code = exitCodeOf(comparison);
  if (values.json) {
    const runs = result.runs.map(({ round, arm, spec, report, seconds, loadAverage, resumed }) => ({
      round,
      arm,
      spec,
      report: report.path,
      runId: report.results.runId,
      seconds,
      loadAverage,
      resumed,
    }));
    const { stoppedEarly, looks, alphaPerLook } = result;
    const written = {
      options: { ...options, a: options.a.text, b: options.b.text },
      exitCode: code,
      rounds: result.rounds,
      stoppedEarly,
      looks,
      alphaPerLook,
      runs,
      comparison,
    };
    writeFileSync(values.json, `${JSON.stringify(written, null, 2)}\n`);
    process.stdout.write(`json: ${values.json}\n`);
  }
  return code;
}

/** `npm run ab -- <args>` and `gateway-loadtest ab <args>`: the exit status, never a throw. */
export async function abCommand(argv: string[]): Promise<number> {
  try {
    applySettings();
    return await main(argv);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const known = usage || error instanceof ConfigError || error instanceof ReportFileError || error instanceof ReportMismatchError;
    process.stderr.write(`ab: ${(error as Error).message}\n${usage ? 'see --help\n' : ''}`);
    if (known) return 2;
    process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }
}

runIfProgram(import.meta.url, abCommand);
