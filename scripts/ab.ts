// npm run ab -- --a <controller> --b <controller> [--rounds 3] [--routes 1000] [--samples 20] [--test AttachedRoutesBaseline] [--markdown out.md]
// Exit status: 0 no figure of B significantly slower than A, 1 some figure significantly slower beyond the
// tolerance (as `npm run compare`) or a run that did not complete, 2 bad input.
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { AB_TESTS, type AbResult, runAb } from '../framework/ab/abRun.js';
import { applySettings } from '../framework/config/settings.js';
import { controllerSpecHelp, parseControllerSpec } from '../framework/controllers/spec.js';
import { ConfigError } from '../framework/env.js';
import { quantile } from '../framework/measure/quantiles.js';
import { comparisonChart, comparisonMarkdown, comparisonTable, DEFAULT_COMPARE_OPTIONS, ReportMismatchError } from '../framework/report/compare.js';
import { ReportFileError } from '../framework/report/reportFile.js';
import { runIfProgram } from './entry.js';

const HELP = `usage: gateway-loadtest ab --a <controller> --b <controller> [options]   (or npm run ab -- ...)

Runs the same test for controller A and controller B, alternating which goes first in each round (AB, BA, AB, ...),
each run on a fresh local control plane (a child \`vitest run --project cluster\`). The samples of all rounds are
pooled per arm and compared as \`npm run compare\` does: A is "before", B is "after".

options:
  --a <controller>      arm A (before)
  --b <controller>      arm B (after)
  --rounds <n>          rounds; each runs A once and B once (default 3)
  --routes <n>          baseline routes of the test (default 1000)
  --samples <n>         incremental routes measured per run (default 20)
  --test <name>         ${Object.keys(AB_TESTS).join(' or ')} (default AttachedRoutesBaseline)
  --out <dir>           where each run's reports and log go (default reports/ab-<time>)
  --markdown <file>     also write the comparison as Markdown (with the distributions as SVG beside it)
  --json <file>         also write the comparison and the runs as JSON

controller specs, <name>[@<version>][:<argument>]:
${controllerSpecHelp()
  .map((line) => `  ${line}`)
  .join('\n')}

Verdicts: tolerance ±${DEFAULT_COMPARE_OPTIONS.tolerance * 100} % on the median, rank-sum test at alpha ${DEFAULT_COMPARE_OPTIONS.alpha}.
Exit status: 0 nothing significantly slower, 1 B significantly slower than A on some figure (or a run did not complete), 2 bad input.
kgateway listens on fixed ports: run A/Bs with kgateway one at a time (e.g. flock /tmp/kgateway.lock npm run ab ...).`;

class UsageError extends Error {}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`--${name} ${JSON.stringify(text)}: expected a positive whole number`);
  return Number(text);
}

function roundsMarkdown(result: AbResult): string {
  const p50 = (values: number[]) => `${quantile(values, 0.5).toFixed(1)} ms`;
  return [
    '## Rounds',
    '',
    '| round | arm | controller | run | samples | setup p50 | teardown p50 | wall |',
    '|---|---|---|---|---|---|---|---|',
    ...result.runs.map(({ round, arm, spec, report, seconds }) => {
      const { samples, runId } = report.results;
      return `| ${round} | ${arm} | ${spec} | ${runId} | ${samples.length} | ${p50(samples.map((s) => s.setupMs))} | ${p50(samples.map((s) => s.teardownMs))} | ${seconds.toFixed(0)} s |`;
    }),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      rounds: { type: 'string' },
      routes: { type: 'string' },
      samples: { type: 'string' },
      test: { type: 'string', default: 'AttachedRoutesBaseline' },
      out: { type: 'string' },
      markdown: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.a || !values.b) throw new UsageError('both --a and --b are needed');
  const test = values.test ?? 'AttachedRoutesBaseline';
  if (!AB_TESTS[test]) throw new UsageError(`--test ${test}: not a test an A/B can run; known: ${Object.keys(AB_TESTS).join(', ')}`);
  const options = {
    a: parseControllerSpec(values.a),
    b: parseControllerSpec(values.b),
    rounds: positive('rounds', values.rounds, 3),
    routes: positive('routes', values.routes, 1000),
    samples: positive('samples', values.samples, 20),
    test,
    outDir: values.out ?? join(process.cwd(), 'reports', `ab-${new Date().toISOString().replace(/[:.]/g, '-')}`),
  };
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const result = await runAb(options, progress);
  process.stdout.write(`${comparisonTable(result.comparison)}\n`);
  if (values.markdown) {
    const chart = await comparisonChart(result.comparison);
    const charts: { title: string; href: string }[] = [];
    if (chart) {
      const svgPath = join(dirname(values.markdown), `${basename(values.markdown, '.md')}-distributions.svg`);
      writeFileSync(svgPath, chart.svg);
      charts.push({ title: chart.title, href: `./${basename(svgPath)}` });
    }
    writeFileSync(values.markdown, `${comparisonMarkdown(result.comparison, charts)}\n${roundsMarkdown(result)}`);
    process.stdout.write(`markdown: ${values.markdown}\n`);
  }
  if (values.json) {
    const runs = result.runs.map(({ round, arm, spec, report, seconds }) => ({ round, arm, spec, report: report.path, runId: report.results.runId, seconds }));
    writeFileSync(
      values.json,
      `${JSON.stringify({ options: { ...options, a: options.a.text, b: options.b.text }, runs, comparison: result.comparison }, null, 2)}\n`,
    );
    process.stdout.write(`json: ${values.json}\n`);
  }
  return result.comparison.regressions.length > 0 ? 1 : 0;
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
