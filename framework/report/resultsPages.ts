// The pages of docs/results/ (`npm run results`): every figure the docs quote, generated from the run reports saved in
// docs/results/runs/, so that no figure in the docs is typed by hand. One page per controller with a table per test,
// the README's table of current figures, and the chart the README shows. Reports are read through readRunReport and
// figuresOf, the readers every other report uses, so a page shows what the run's own report shows.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suiteOfTest } from '../suite/registry.js';
import { type Figure, formatValue, isSampleFigure, isScalarFigure } from './figures.js';
import {
  type Cell,
  duration,
  flattenSettings,
  formatCell,
  implementationRow,
  implementationsChartSvg,
  implementationsTable,
  workloadOfReport,
} from './implementations.js';
import { paddedMarkdownTable } from './paddedTable.js';
import {
  type PublishedComparison,
  type PublishedTable,
  publishedComparison,
  publishedComparisonNote,
  publishedComparisonTable,
} from './publishedComparison.js';
import { type RunReport, readRunReport } from './reportFile.js';
import { figuresOf } from './runFigures.js';
import { describeRows, loadAverageText } from './runReport.js';
import { quantile, quantiles } from './statistics.js';

export const RESULTS_BEGIN = '<!-- results:begin -->';
export const RESULTS_END = '<!-- results:end -->';
/** The chart the README shows, in the results directory. */
export const HEADLINE_CHART = 'baseline.svg';
/** The page that sets gateway-api-bench's workload's runs beside its published figures, in the results directory. */
export const PUBLISHED_PAGE = 'published.md';

export interface SavedRun {
  /** The report's file name in the runs directory. */
  readonly file: string;
  readonly report: RunReport;
}

/** Every report in `dir`, checked by readRunReport, oldest first (by the time it was written, then by name). */
export function readSavedRuns(dir: string): SavedRun[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, report: readRunReport(join(dir, file)) }))
    .sort((a, b) => a.report.run.generatedAt.localeCompare(b.report.run.generatedAt) || a.file.localeCompare(b.file));
}

/**
 * The copy of a report that the docs keep: without the baseline's attachment curve, about two points per route and so
 * most of a report's size, which no page draws. Every figure figuresOf reads, the run's description and its settings
 * are kept, so the saved copy still passes readRunReport and `npm run compare`.
 */
export function trimmedForDocs(report: RunReport): RunReport {
  const { attachmentTimeline: _curve, ...kept } = report;
  return kept;
}

export const savedRunFileName = (report: RunReport): string => `${report.results.runId}-${report.results.testName}.json`;

export interface ResultsOptions {
  /** The test whose newest run per controller the README's table and chart show. */
  readonly headlineTest: string;
  /** Controllers in the order the README and the index list them; any other follows in alphabetical order. */
  readonly controllerOrder?: readonly string[];
  /** The results directory from the repository root (the README's links start there), e.g. "docs/results". */
  readonly resultsDir: string;
  /**
   * gateway-api-bench's published table (the controller modules' publishedBench): with it, the runs of the headline test
   * made with its workload are set beside it, on a page and in the README's block. Without it, neither is written.
   */
  readonly published?: PublishedTable;
}

export interface ResultsOutput {
  /** File name in the results directory -> content: the index, one page per controller, the chart. */
  readonly files: ReadonlyMap<string, string>;
  /** What goes between the README's markers (the markers excluded). */
  readonly readmeBlock: string;
}

/** The controller a run measured: its module's name, or on a cluster it did not start, the GatewayClass it used. */
export function controllerOf(report: RunReport): string {
  const { controller } = report.run;
  if ('name' in controller) return controller.name;
  const className: unknown = (report.results.config as { gatewayClassName?: unknown }).gatewayClassName;
  return `class ${typeof className === 'string' ? className : 'unknown'}`;
}

/** Whether a run used its suite's default workload (the first it lists); a suite with one workload has only that. */
function isDefaultWorkload(report: RunReport): boolean {
  const workloads = suiteOfTest(report.results.testName).workloads;
  return !workloads || (workloadOfReport(report)?.name ?? workloads[0]?.name) === workloads[0]?.name;
}

/** A test's runs are grouped by workload: its name, with the workload's where it is not the default. */
const sectionOf = (report: RunReport) =>
  isDefaultWorkload(report) ? report.results.testName : `${report.results.testName}, ${workloadOfReport(report)?.name ?? 'unknown'} workload`;

const pageName = (controller: string) => `${controller.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.md`;

/** "2026-12-03 14:10 UTC" from an ISO time. */
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** A figure for a table cell: quantiles of a per-sample figure, one value, or why it was not measured. */
function figureText(figure: Figure | undefined): string {
  if (!figure) return '-';
  if (isSampleFigure(figure)) {
    const q = quantiles(figure.samples);
    return `${[q.p50, q.p90, q.p99, q.max].map((value) => value.toFixed(1)).join(' / ')} ${figure.unit} (${q.n})`;
  }
  if (isScalarFigure(figure)) return formatValue(figure.value, figure.unit);
  return `not measured: ${figure.notMeasured}`;
}

function byController(runs: readonly SavedRun[], order: readonly string[]): Map<string, SavedRun[]> {
  const grouped = new Map<string, SavedRun[]>();
  for (const run of runs) grouped.set(controllerOf(run.report), [...(grouped.get(controllerOf(run.report)) ?? []), run]);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return new Map([...grouped].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
}

/** The rows of the run description that are not settings (those get a table of their own). */
function descriptionRows(report: RunReport): [string, string][] {
  return describeRows(report).filter(([name]) => name !== 'settings' && name !== 'environment' && name !== 'test');
}

/** One test of one controller: a column per run (newest first), the runs' description, every figure, then the settings. */
function testSection(test: string, runs: readonly SavedRun[]): string {
  const newestFirst = [...runs].reverse();
  const head = ['', ...newestFirst.map(({ file, report }) => `run [${report.results.runId}](runs/${file})`)];
  const figures = newestFirst.map(({ report }) => figuresOf(report.results));
  // Rows in the order the newest run reports its figures, then any figure only older runs have.
  const keys = [...new Set(figures.flatMap((list) => list.map((figure) => figure.key)))];
  const rowLabel = (key: string) => figures.flatMap((list) => list.filter((figure) => figure.key === key))[0]?.label ?? key;
  const figureRows = keys.map((key) => {
    const label = rowLabel(key);
    return [
      label,
      ...figures.map((list) => {
        const figure = list.find((f) => f.key === key);
        // A run whose label says more (a phase shared with another run, samples not measured) keeps its own words.
        return `${figureText(figure)}${figure && figure.label !== label ? ` [${figure.label}]` : ''}`;
      }),
    ];
  });
  const described = newestFirst.map(({ report }) => new Map(descriptionRows(report)));
  const descriptionNames = [...new Set(described.flatMap((rows) => [...rows.keys()]))];
  const settings = newestFirst.map(({ report }) => ({
    ...flattenSettings(report.run.settings),
    ...Object.fromEntries(Object.entries(report.run.environment ?? {}).map(([name, value]) => [`environment: ${name}`, value])),
  }));
  const settingNames = [...new Set(settings.flatMap((flat) => Object.keys(flat)))].sort();
  return [
    `## ${test}`,
    '',
    paddedMarkdownTable(head, [
      ['written', ...newestFirst.map(({ report }) => when(report.run.generatedAt))],
      ...descriptionNames.map((name) => [name, ...described.map((rows) => rows.get(name) ?? '-')]),
      ...figureRows,
    ]),
    '',
    'Per-sample figures are p50 / p90 / p99 / max by nearest rank, with the sample count in brackets; with fewer than 100 samples p99 is the maximum.',
    '',
    `### Settings of these runs (${test})`,
    '',
    paddedMarkdownTable(
      ['setting', ...newestFirst.map(({ report }) => report.results.runId)],
      settingNames.map((name) => [name, ...settings.map((flat) => flat[name] ?? '(not set)')]),
    ),
    '',
  ].join('\n');
}

function controllerPage(controller: string, runs: readonly SavedRun[]): string {
  const tests = [...new Set(runs.map(({ report }) => sectionOf(report)))].sort();
  return [
    `# ${controller}: results of the saved runs`,
    '',
    'Generated by `npm run results` from the run reports in [runs/](runs/); edit those, not this page (a unit test',
    'compares). What each figure means: [methodology](../methodology.md). Compare runs only with runs on the same kind of',
    'machine and load: the machine, its load average and every setting are beside each figure.',
    '',
    ...tests.map((test) =>
      testSection(
        test,
        runs.filter(({ report }) => sectionOf(report) === test),
      ),
    ),
  ].join('\n');
}

function indexPage(grouped: ReadonlyMap<string, readonly SavedRun[]>, comparison: PublishedComparison | undefined): string {
  const all = [...grouped.values()].flat();
  const compared = comparison?.controllers.reduce((sum, { runs }) => sum + runs.length, 0) ?? 0;
  return [
    '# Results',
    '',
    'Every figure the docs quote comes from a run report saved in [runs/](runs/). `npm run results` reads them (through',
    "the readers every report uses) and writes these pages, the chart and the README's table of current figures; a unit",
    'test fails when what is committed differs from what the command writes, so nothing here is edited by hand.',
    '',
    ...[...grouped].map(([controller, runs]) => {
      const tests = [...new Set(runs.map(({ report }) => sectionOf(report)))].sort();
      return `- [${controller}](${pageName(controller)}): ${tests.map((test) => `${test} (${runs.filter(({ report }) => sectionOf(report) === test).length})`).join(', ')}`;
    }),
    ...(comparison
      ? [
          `- [beside gateway-api-bench's published figures](${PUBLISHED_PAGE}): ${comparison.test} with the ${comparison.workload?.name ?? 'unknown'} workload at ${comparison.table.routes.toLocaleString('en-US')} routes (${compared} runs)`,
        ]
      : []),
    '',
    '## Saved runs',
    '',
    paddedMarkdownTable(
      ['run', 'test', 'workload', 'controller', 'written', 'machine'],
      [...all]
        .sort((a, b) => b.report.run.generatedAt.localeCompare(a.report.run.generatedAt) || a.file.localeCompare(b.file))
        .map(({ file, report }) => [
          `[${report.results.runId}](runs/${file})`,
          report.results.testName,
          workloadOfReport(report)?.name ?? '-',
          controllerOf(report),
          when(report.run.generatedAt),
          `${report.run.host.cpuModel}, ${report.run.host.cores} cores${loadAverageText(report.run.host.loadAverage)}`,
        ]),
    ),
    '',
    '## Adding a run',
    '',
    '```bash',
    'npm run results -- --add reports/<run>-<test>.json   # copy a run in (trimmed), then regenerate',
    'npm run results                                       # regenerate from runs/ after removing or replacing one',
    '```',
    '',
    "The copy in runs/ is the run's JSON report without the baseline's attachment curve (about two points per route, most of",
    "a report's size, drawn by no page); every figure, the run's description and its settings are kept, so `npm run compare`",
    'reads it as it reads the original.',
    '',
  ].join('\n');
}

/** gateway-api-bench's workload's runs beside its published figures: the table, the line under it, and every run. */
function publishedPage(comparison: PublishedComparison): string {
  const { test, table } = comparison;
  const workload = comparison.workload?.name ?? 'unknown';
  const { head, rows } = publishedComparisonTable(comparison);
  const sources = [...new Set(comparison.controllers.flatMap(({ published }) => (published ? [published.source] : [])))];
  const runs = comparison.controllers.flatMap(({ controller, runs }) => runs.map((run) => ({ ...run, controller })));
  const seconds = (ms: number | undefined) => (ms === undefined ? 'not measured' : `${(ms / 1000).toFixed(2)} s`);
  return [
    "# gateway-api-bench's workload beside its published figures",
    '',
    'Generated by `npm run results` from the run reports in [runs/](runs/); edit those, not this page (a unit test',
    `compares). Only runs of ${test} with the ${workload} workload at ${table.routes.toLocaleString('en-US')} routes are here, the test`,
    'gateway-api-bench published: their setup, teardown and writes follow its definitions ([the workload, the definitions',
    'and a cross-check with its own program](../gateway-api-bench.md)). Runs of any other workload are never set beside its',
    'figures: they measure something else.',
    '',
    ...(comparison.controllers.length === 0
      ? [`No saved run of ${test} with the ${workload} workload at ${table.routes.toLocaleString('en-US')} routes yet.`, '']
      : [
          paddedMarkdownTable(head, rows),
          '',
          publishedComparisonNote(comparison),
          '',
          `Medians by nearest rank, ranges min-max over the runs below. Published figures: ${sources.join(', ') || 'none'}.`,
          '',
          '## The runs',
          '',
          paddedMarkdownTable(
            ['run', 'controller', 'written', 'machine', 'setup', 'teardown', 'writes'],
            runs.map(({ file, report, controller, figures }) => [
              `[${report.results.runId}](runs/${file})`,
              `${controller} ${'version' in report.run.controller ? report.run.controller.version : ''}`.trim(),
              when(report.run.generatedAt),
              `${report.run.host.cores} cores${loadAverageText(report.run.host.loadAverage)}`,
              seconds(figures.setupMs),
              seconds(figures.teardownMs),
              figures.writes === undefined ? 'not measured' : String(figures.writes),
            ]),
          ),
          '',
        ]),
  ].join('\n');
}

/** The README's few lines on gateway-api-bench's published figures: the small table and why its times do not compare. */
function publishedReadmeLines(comparison: PublishedComparison, resultsDir: string): string[] {
  const workload = comparison.workload?.name ?? 'unknown';
  const link = `${resultsDir}/${PUBLISHED_PAGE}`;
  if (comparison.controllers.length === 0) {
    return [
      `gateway-api-bench's published figures: no saved run of its workload (${workload}) at ${comparison.table.routes.toLocaleString('en-US')} routes yet ([why only that one](${link})).`,
    ];
  }
  const { head, rows } = publishedComparisonTable(comparison);
  return [
    `gateway-api-bench's own test (its workload, run here) beside the figures it published ([every run, the definitions](${link})):`,
    '',
    paddedMarkdownTable(head, rows),
    '',
    publishedComparisonNote(comparison),
  ];
}

/** p50 / p90 of a per-sample figure, for people: "239 ms / 511 ms". */
function p50p90(figures: readonly Figure[], key: string): string {
  const figure = figures.find((f) => f.key === key);
  if (!figure) return '-';
  if (isSampleFigure(figure)) return `${duration(quantile(figure.samples, 0.5))} / ${duration(quantile(figure.samples, 0.9))}`;
  return 'notMeasured' in figure ? `not measured (${figure.notMeasured})` : '-';
}

const cellText = (cell: Cell) => ('value' in cell ? formatCell(cell) : 'not measured');

function readmeBlock(headline: readonly SavedRun[], options: ResultsOptions, comparison: PublishedComparison | undefined): string {
  const published = comparison ? ['', ...publishedReadmeLines(comparison, options.resultsDir)] : [];
  if (headline.length === 0) {
    return [`No saved ${options.headlineTest} run yet: see [${options.resultsDir}/](${options.resultsDir}/README.md).`, ...published].join('\n');
  }
  const columns = headline.map(({ file, report }) => ({
    controller: controllerOf(report),
    file,
    report,
    figures: figuresOf(report.results),
    row: implementationRow({ controller: controllerOf(report), report, logPath: file, seconds: report.results.wallMs / 1000 }),
  }));
  const line = (label: string, cell: (column: (typeof columns)[number]) => string) => [label, ...columns.map(cell)];
  const method: Record<string, string> = { xds: 'xDS push', http: 'HTTP 302' };
  const machines = [...new Set(columns.map(({ report }) => `${report.run.host.cpuModel}, ${report.run.host.cores} cores`))];
  return [
    '<!-- generated by `npm run results` from docs/results/runs/: edit those, not this block -->',
    paddedMarkdownTable(
      [`${options.headlineTest}, newest saved run`, ...columns.map(({ controller, row }) => `${controller} ${row.version}`)],
      [
        line('run', ({ controller, report }) => `[${when(report.run.generatedAt)}](${options.resultsDir}/${pageName(controller)})`),
        line(
          'load average at the end (1 / 5 / 15 min)',
          ({ report }) => report.run.host.loadAverage?.map((value) => value.toFixed(1)).join(' / ') ?? 'not recorded',
        ),
        line('routes, samples', ({ report }) => `${report.results.config.routes}, ${report.results.samples.length}`),
        line('setup p50 / p90', ({ figures }) => p50p90(figures, 'setup')),
        line('teardown p50 / p90', ({ figures }) => p50p90(figures, 'teardown')),
        line('route ready p50 / p90', ({ figures, report }) => {
          const how = method[String(report.results.routeReadyMethod)];
          return `${p50p90(figures, 'routeReady')}${how ? ` (${how})` : ''}`;
        }),
        line('all routes attached', ({ row }) => cellText(row.baselineAttach)),
        // Once-per-run figures by the run's workload's own definitions: only gateway-api-bench's workload gives its figures.
        line(
          'once per run: setup / teardown / writes',
          ({ row, report }) =>
            `${[row.benchSetup, row.benchTeardown, row.benchWrites].map(cellText).join(' / ')} (${suiteOfTest(report.results.testName).workloadOf?.(report.results) ?? 'no'} workload)`,
        ),
        line('controller CPU / peak memory while attaching', ({ row }) => `${cellText(row.controllerCpu)} / ${cellText(row.controllerPeakMemory)}`),
      ],
    ),
    '',
    `Machine: ${machines.join('; ')}. Each column is one run; what the figures mean is in [docs/methodology.md](docs/methodology.md), every run and figure in [${options.resultsDir}/](${options.resultsDir}/README.md).`,
    '',
    `![${options.headlineTest} by controller, the runs above](${options.resultsDir}/${HEADLINE_CHART})`,
    ...published,
  ].join('\n');
}

/** Everything `npm run results` writes, from the saved runs (oldest first, as readSavedRuns returns them). */
export async function resultsPages(runs: readonly SavedRun[], options: ResultsOptions): Promise<ResultsOutput> {
  const grouped = byController(runs, options.controllerOrder ?? []);
  const comparison = options.published
    ? publishedComparison(
        [...grouped.values()].flat().map((run) => ({ ...run, controller: controllerOf(run.report) })),
        options.headlineTest,
        options.published,
      )
    : undefined;
  const files = new Map<string, string>([['README.md', indexPage(grouped, comparison)]]);
  for (const [controller, controllerRuns] of grouped) files.set(pageName(controller), controllerPage(controller, controllerRuns));
  if (comparison) files.set(PUBLISHED_PAGE, publishedPage(comparison));
  // The headline is the default workload's: another workload's run (gateway-api-bench's, with no samples) measures other things.
  const headline = [...grouped.values()].flatMap((controllerRuns) =>
    controllerRuns.filter(({ report }) => report.results.testName === options.headlineTest && isDefaultWorkload(report)).slice(-1),
  );
  const first = headline[0]?.report;
  if (first) {
    const table = implementationsTable(
      headline.map(({ file, report }) => ({ controller: controllerOf(report), report, logPath: file, seconds: report.results.wallMs / 1000 })),
      {
        suite: suiteOfTest(options.headlineTest).title,
        test: options.headlineTest,
        routes: first.results.config.routes,
        samples: first.results.samples.length,
        host: first.run.host,
        goVersion: 'not recorded',
        generatedAt: first.run.generatedAt,
      },
    );
    const svg = await implementationsChartSvg(table);
    if (svg) files.set(HEADLINE_CHART, svg);
  }
  return { files, readmeBlock: readmeBlock(headline, options, comparison) };
}

export class ResultsMarkerError extends Error {
  override name = 'ResultsMarkerError';
}

/** The text between the README's markers. */
export function markedBlock(text: string, source: string): string {
  const begin = text.indexOf(RESULTS_BEGIN);
  const end = text.indexOf(RESULTS_END);
  if (begin < 0 || end < begin) throw new ResultsMarkerError(`${source}: no ${RESULTS_BEGIN} ... ${RESULTS_END} block for the current figures`);
  return text
    .slice(begin + RESULTS_BEGIN.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** `text` with the block between the markers replaced by `block`. */
export function withMarkedBlock(text: string, block: string, source: string): string {
  markedBlock(text, source);
  const begin = text.indexOf(RESULTS_BEGIN) + RESULTS_BEGIN.length;
  return `${text.slice(0, begin)}\n${block}\n${text.slice(text.indexOf(RESULTS_END))}`;
}

/** Generated files now in the results directory: its Markdown and SVG (the runs directory is the input, never touched). */
function generatedFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.md') || file.endsWith('.svg')) : [];
}

export interface ResultsState {
  readonly output: ResultsOutput;
  readonly runs: number;
  /** What differs from what the command writes: files under the results directory, and README.md's block. */
  readonly stale: readonly string[];
}

/** What `npm run results` would write in the checkout at `root`, and which files are not that now. */
export async function resultsState(root: string, options: ResultsOptions): Promise<ResultsState> {
  const dir = join(root, options.resultsDir);
  const runs = readSavedRuns(join(dir, 'runs'));
  const output = await resultsPages(runs, options);
  const differs = (file: string, content: string) => !existsSync(join(dir, file)) || readFileSync(join(dir, file), 'utf8') !== content;
  const stale = [
    ...[...output.files].filter(([file, content]) => differs(file, content)).map(([file]) => join(options.resultsDir, file)),
    ...generatedFiles(dir)
      .filter((file) => !output.files.has(file))
      .map((file) => `${join(options.resultsDir, file)} (no longer generated)`),
    ...(markedBlock(readFileSync(join(root, 'README.md'), 'utf8'), 'README.md') === output.readmeBlock ? [] : ['README.md (the block of current figures)']),
  ];
  return { output, runs: runs.length, stale };
}

/** Writes what resultsState computed: the results directory's generated files (removing ones no longer generated) and README.md's block. */
export function writeResults(root: string, options: ResultsOptions, output: ResultsOutput): void {
  const dir = join(root, options.resultsDir);
  for (const file of generatedFiles(dir)) if (!output.files.has(file)) rmSync(join(dir, file));
  for (const [file, content] of output.files) writeFileSync(join(dir, file), content);
  const readme = join(root, 'README.md');
  writeFileSync(readme, withMarkedBlock(readFileSync(readme, 'utf8'), output.readmeBlock, 'README.md'));
}
