// npm run results [-- --add <report.json>...] [--check]
// Regenerates docs/results/ (a page per controller, the index, the chart) and the README's block of current figures
// from the run reports saved in docs/results/runs/. --add copies reports in first, trimmed (trimmedForDocs in
// framework/report/resultsPages.ts). --check writes nothing and exits 1 when a generated file is out of date.
// Exit status: 0 done (or up to date), 1 out of date (--check), 2 bad input.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ReportFileError, readRunReport } from '../framework/report/reportFile.js';
import { ResultsMarkerError, resultsState, savedRunFileName, trimmedForDocs, writeResults } from '../framework/report/resultsPages.js';
import { RESULTS_OPTIONS } from './resultsOptions.js';

const USAGE = 'usage: npm run results [-- --add <report.json>...] [--check]';
const ROOT = join(import.meta.dirname, '..');

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { add: { type: 'string', multiple: true }, check: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.check && values.add?.length) throw new UsageError('--check writes nothing: give --add without it');
  const runsDir = join(RESULTS_OPTIONS.resultsDir, 'runs');
  mkdirSync(join(ROOT, runsDir), { recursive: true });
  // Read every report before writing any, so that one bad file leaves the runs directory as it was.
  const added = (values.add ?? []).map((path) => ({ path, report: trimmedForDocs(readRunReport(path)) }));
  for (const { path, report } of added) {
    writeFileSync(join(ROOT, runsDir, savedRunFileName(report)), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`[results] saved ${path} as ${join(runsDir, savedRunFileName(report))} (without its attachment curve)\n`);
  }
  const { output, runs, stale } = await resultsState(ROOT, RESULTS_OPTIONS);
  process.stdout.write(`[results] ${runs} saved run(s) in ${runsDir}\n`);
  const list = stale.map((file) => `  ${file}\n`).join('');
  if (values.check) {
    process.stdout.write(stale.length ? `[results] out of date (run npm run results):\n${list}` : '[results] up to date\n');
    return stale.length ? 1 : 0;
  }
  writeResults(ROOT, RESULTS_OPTIONS, output);
  process.stdout.write(stale.length ? `[results] wrote:\n${list}` : '[results] up to date: nothing to write\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const known = usage || error instanceof ReportFileError || error instanceof ResultsMarkerError;
    process.stderr.write(`results: ${(error as Error).message}\n${usage ? `${USAGE}\n` : ''}`);
    if (!known) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = 2;
  },
);
