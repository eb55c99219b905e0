// npm run compare:implementations -- [--controllers a,b] [--routes 1000] [--samples 20] [--workload batched|gateway-api-bench] [--out dir]
// Exit status: 0 every controller's run passed, 1 some run failed (the table says which and why), 2 bad input.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseControllers, runImplementations } from '../framework/ab/implementationsRun.js';
import { applySettings } from '../framework/config/settings.js';
import { controllersUnderTest, publishedBenchOf } from '../framework/controllers/index.js';
import { ConfigError, readPositiveInteger } from '../framework/env.js';
import { readWorkload } from '../framework/loadtest/section.js';
import { WORKLOAD_VARIABLE, WORKLOADS } from '../framework/loadtest/workload.js';
import { formatSampleCell, implementationsChartSvg, implementationsMarkdown, implementationsTable } from '../framework/report/implementations.js';
import { describeHost } from '../framework/report/runDescription.js';
import { suiteTest } from '../framework/suite/registry.js';
import { runIfProgram } from './entry.js';

// The test every controller runs, as its suite describes it.
const { suite: SUITE, test: BASELINE } = suiteTest('AttachedRoutesBaseline');
const TEST = BASELINE.name;
const ROUTES_VARIABLE = BASELINE.routesVariable;
const SAMPLES_VARIABLE = 'LOADTEST_SAMPLES';

const HELP = `usage: gateway-loadtest implementations [options]   (or npm run compare:implementations -- ...)

Runs the Attached Routes Baseline test for each controller, one after another, each on a fresh local control plane
(a child \`vitest run --project cluster\`), and writes one table of their figures side by side as Markdown, JSON and
an SVG chart. With --workload gateway-api-bench every run reproduces gateway-api-bench's attached-routes test and the
table sets its published setup, teardown and writes beside them; the batched workload's are not comparable with those.

options:
  --controllers <a,b>   controllers to run, in this order (default: every one, ${controllersUnderTest().join(', ')})
  --routes <n>          baseline routes (default ${ROUTES_VARIABLE} or ${BASELINE.defaultRoutes})
  --samples <n>         incremental routes measured per run (default ${SAMPLES_VARIABLE} or 20; none with gateway-api-bench)
  --workload <w>        ${WORKLOADS.join(' or ')} (default ${WORKLOAD_VARIABLE} or batched)
  --out <dir>           where the table and each run's reports and log go (default reports/implementations)
  --help                this text

Exit status: 0 every run passed, 1 some run failed (it is in the table as failed, with the reason), 2 bad input.
Controllers with fixed ports (kgateway, Traefik) run one at a time: flock /tmp/kgateway.lock npm run compare:implementations`;

class UsageError extends Error {}

function positive(name: string, text: string | undefined, variable: string, fallback: number): number {
  if (text === undefined) return readPositiveInteger(process.env, variable, fallback);
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`--${name} ${JSON.stringify(text)}: expected a positive whole number`);
  return Number(text);
}

function goVersion(): string {
  try {
    return execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  } catch (error) {
    return `go version unknown (${(error as Error).message.split('\n')[0]})`;
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      controllers: { type: 'string' },
      routes: { type: 'string' },
      samples: { type: 'string' },
      workload: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const controllers = chooseControllers(values.controllers);
  const routes = positive('routes', values.routes, ROUTES_VARIABLE, BASELINE.defaultRoutes);
  const workload = values.workload === undefined ? readWorkload(process.env) : readWorkload({ [WORKLOAD_VARIABLE]: values.workload });
  // The child runs read it from their environment (abRun's armEnvironment passes it on).
  process.env[WORKLOAD_VARIABLE] = workload;
  const samples = workload === 'gateway-api-bench' ? 0 : positive('samples', values.samples, SAMPLES_VARIABLE, 20);
  const outDir = values.out ?? join(process.cwd(), 'reports', 'implementations');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runsDir = join(outDir, `runs-${stamp}`);
  mkdirSync(runsDir, { recursive: true });
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  progress(
    `[implementations] ${controllers.join(', ')}: ${TEST}, ${workload} workload at ${routes} routes, ${samples} samples each, one after another (runs in ${runsDir})`,
  );

  const runs = await runImplementations({ controllers, test: TEST, routes, samples, runsDir }, progress);
  const published = publishedBenchOf(controllers);
  const table = implementationsTable(runs, {
    suite: SUITE.title,
    test: TEST,
    routes,
    samples,
    host: describeHost(),
    goVersion: goVersion(),
    published,
    workload,
  });
  const base = join(outDir, `implementations-${stamp}`);
  const svg = await implementationsChartSvg(table);
  if (svg) writeFileSync(`${base}.svg`, svg);
  writeFileSync(`${base}.json`, `${JSON.stringify({ ...table, runs: runs.map(({ report, ...run }) => run) }, null, 2)}\n`);
  writeFileSync(`${base}.md`, implementationsMarkdown(table, svg ? `./implementations-${stamp}.svg` : undefined));
  for (const row of table.rows) {
    process.stdout.write(
      `${row.controller}: ${row.passed ? 'passed' : `FAILED (${row.failure})`}; setup p50/max ${formatSampleCell(row.setup)}, teardown ${formatSampleCell(row.teardown)}\n`,
    );
  }
  process.stdout.write(`table: ${base}.md, ${base}.json${svg ? `, ${base}.svg` : ''}\n`);
  return table.rows.every((row) => row.passed) ? 0 : 1;
}

/** `npm run compare:implementations -- <args>` and `gateway-loadtest implementations <args>`: the exit status, never a throw. */
export async function implementationsCommand(argv: string[]): Promise<number> {
  try {
    applySettings();
    return await main(argv);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const known = usage || error instanceof ConfigError;
    process.stderr.write(`implementations: ${(error as Error).message}\n${usage ? 'see --help\n' : ''}`);
    if (known) return 2;
    process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }
}

runIfProgram(import.meta.url, implementationsCommand);
