// npm run compare -- <before.json> <after.json> [--tolerance 10%] [--alpha 0.05] [--markdown out.md] [--html out.html] [--force]
// Exit status: 0 no regression, 1 some figure significantly slower beyond the tolerance (or a failure), 2 bad input (unreadable or
// incomparable reports, bad options), 3 inconclusive. One run per side: between-run variance is unknown, and the
// output says so; `npm run ab` gives a verdict that holds between runs.
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  compareReports,
  comparisonChart,
  comparisonHtml,
  comparisonMarkdown,
  comparisonTable,
  DEFAULT_COMPARE_OPTIONS,
  exitCodeOf,
  ReportMismatchError,
} from '../framework/report/compare.js';
import { ReportFileError, readRunReport } from '../framework/report/reportFile.js';
import { runIfProgram } from './entry.js';
import { parseAlpha, parseTolerance, UsageError } from './options.js';

const USAGE = `usage: gateway-loadtest compare <before.json> <after.json> [--tolerance 10%] [--alpha 0.05] [--primary <figure>] [--markdown out.md] [--html out.html] [--force]   (or npm run compare -- ...)
Exit status: 0 no regression, 1 regression, 2 bad input, 3 inconclusive. One run per side says nothing of how runs differ: use npm run ab for a verdict between builds.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tolerance: { type: 'string' },
      alpha: { type: 'string' },
      markdown: { type: 'string' },
      html: { type: 'string' },
      primary: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError(`expected two report files, got ${positionals.length}`);
  const [beforePath, afterPath] = positionals as [string, string];
  const options = {
    tolerance: values.tolerance === undefined ? DEFAULT_COMPARE_OPTIONS.tolerance : parseTolerance(values.tolerance),
    alpha: values.alpha === undefined ? DEFAULT_COMPARE_OPTIONS.alpha : parseAlpha(values.alpha),
    force: values.force ?? false,
    primary: values.primary,
  };
  const comparison = compareReports(readRunReport(beforePath), readRunReport(afterPath), options);
  process.stdout.write(`${comparisonTable(comparison)}\n`);
  const chart = values.markdown || values.html ? await comparisonChart(comparison) : undefined;
  if (values.markdown) {
    const charts: { title: string; href: string }[] = [];
    if (chart) {
      const svgPath = join(dirname(values.markdown), `${basename(values.markdown, '.md')}-distributions.svg`);
      writeFileSync(svgPath, chart.svg);
      charts.push({ title: chart.title, href: `./${basename(svgPath)}` });
    }
    writeFileSync(values.markdown, comparisonMarkdown(comparison, charts));
    process.stdout.write(`markdown: ${values.markdown}\n`);
  }
  if (values.html) {
    writeFileSync(values.html, comparisonHtml(comparison, chart));
    process.stdout.write(`html: ${values.html}\n`);
  }
  return exitCodeOf(comparison);
}

/** `npm run compare -- <args>` and `gateway-loadtest compare <args>`: the exit status, never a throw. */
export async function compareCommand(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const known = usage || error instanceof ReportFileError || error instanceof ReportMismatchError;
    process.stderr.write(`compare: ${(error as Error).message}\n${usage ? `${USAGE}\n` : ''}`);
    if (known) return 2;
    process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }
}

runIfProgram(import.meta.url, compareCommand);
