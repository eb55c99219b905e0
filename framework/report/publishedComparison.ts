// gateway-api-bench's published Attached Routes figures beside this harness's runs of its workload: for each controller,
// the median and range of setup, teardown and writes over the saved runs of the workload whose figures follow
// gateway-api-bench's definitions (SuiteWorkload.comparesWithPublished), at the route count it published. Runs of any
// other workload (the batched default) are never taken: their figures measure something else.
import { suiteOfTest } from '../suite/registry.js';
import type { SuiteWorkload } from '../suite/suite.js';
import { isScalarFigure } from './figures.js';
import { type PublishedBench, workloadOfReport } from './implementations.js';
import type { RunReport } from './reportFile.js';
import { figuresOf } from './runFigures.js';
import { quantile } from './statistics.js';

/** gateway-api-bench's published table: the conditions it was measured in and its figures by controller. */
export interface PublishedTable {
  readonly routes: number;
  readonly cores: number;
  readonly figures: Readonly<Record<string, PublishedBench>>;
}

/** A run as the comparison reads it: its saved file and report, and the controller it measured. */
export interface ComparedRun {
  readonly file: string;
  readonly report: RunReport;
  readonly controller: string;
}

/** Median (nearest rank) and range of one figure over a controller's runs; n counts the runs that measured it. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** One run's three figures by gateway-api-bench's definitions (undefined where the run did not measure one). */
export interface ComparedFigures {
  readonly setupMs?: number;
  readonly teardownMs?: number;
  readonly writes?: number;
}

export interface ControllerComparison {
  readonly controller: string;
  /** The controller versions the runs reported, oldest run first. */
  readonly versions: readonly string[];
  /** The runs, oldest first, each with its figures. */
  readonly runs: readonly (ComparedRun & { readonly figures: ComparedFigures })[];
  readonly setupMs?: Spread;
  readonly teardownMs?: Spread;
  readonly writes?: Spread;
  /** The machine's cores in these runs, and its 1-minute load average at the end of each (what reports record). */
  readonly cores: readonly number[];
  readonly loadAverage?: Spread;
  /** gateway-api-bench's figures for this controller; undefined when it published none. */
  readonly published?: PublishedBench;
}

export interface PublishedComparison {
  /** The workload whose figures follow gateway-api-bench's definitions (undefined when the test has none). */
  readonly workload?: SuiteWorkload;
  readonly test: string;
  readonly table: PublishedTable;
  /** One entry per controller with at least one such run, in the order of the runs given. */
  readonly controllers: readonly ControllerComparison[];
}

function spread(values: readonly (number | undefined)[]): Spread | undefined {
  const measured = values.filter((value): value is number => value !== undefined && Number.isFinite(value));
  if (measured.length === 0) return undefined;
  return { median: quantile(measured, 0.5), min: Math.min(...measured), max: Math.max(...measured), n: measured.length };
}

function figuresByDefinition(report: RunReport, workload: SuiteWorkload): ComparedFigures {
  const figures = figuresOf(report.results);
  const value = (index: number) => {
    const figure = figures.find((f) => f.key === workload.onceFigures[index]?.key);
    return figure && isScalarFigure(figure) ? figure.value : undefined;
  };
  const [setupMs, teardownMs, writes] = [value(0), value(1), value(2)];
  return {
    ...(setupMs !== undefined ? { setupMs } : {}),
    ...(teardownMs !== undefined ? { teardownMs } : {}),
    ...(writes !== undefined ? { writes } : {}),
  };
}

/**
 * The runs of `test` with gateway-api-bench's workload at the published route count, by controller, beside its
 * published figures. `runs` in the order they should be listed (oldest first); controllers in the order first seen.
 */
export function publishedComparison(runs: readonly ComparedRun[], test: string, table: PublishedTable): PublishedComparison {
  const workload = suiteOfTest(test).workloads?.find((candidate) => candidate.comparesWithPublished);
  if (!workload) return { test, table, controllers: [] };
  const chosen = runs.filter(
    ({ report }) => report.results.testName === test && workloadOfReport(report)?.name === workload.name && report.results.config.routes === table.routes,
  );
  const controllers = [...new Set(chosen.map(({ controller }) => controller))].map((controller): ControllerComparison => {
    const own = chosen.filter((run) => run.controller === controller).map((run) => ({ ...run, figures: figuresByDefinition(run.report, workload) }));
    const versions = [...new Set(own.map(({ report }) => ('version' in report.run.controller ? report.run.controller.version : 'unknown')))];
    const loadAverage = spread(own.map(({ report }) => report.run.host.loadAverage?.[0]));
    const published = table.figures[controller];
    const setupMs = spread(own.map(({ figures }) => figures.setupMs));
    const teardownMs = spread(own.map(({ figures }) => figures.teardownMs));
    const writes = spread(own.map(({ figures }) => figures.writes));
    return {
      controller,
      versions,
      runs: own,
      cores: [...new Set(own.map(({ report }) => report.run.host.cores))],
      ...(setupMs ? { setupMs } : {}),
      ...(teardownMs ? { teardownMs } : {}),
      ...(writes ? { writes } : {}),
      ...(loadAverage ? { loadAverage } : {}),
      ...(published ? { published } : {}),
    };
  });
  return { workload, test, table, controllers };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const count = (value: number) => value.toFixed(0);

/** "5.0 s (4.3-7.8)": median and range; one run gives its value alone. */
function spreadText(value: Spread | undefined, format: (n: number) => string, unit: string): string {
  if (!value) return 'not measured';
  const median = `${format(value.median)}${unit}`;
  return value.n === 1 ? median : `${median} (${format(value.min)}-${format(value.max)})`;
}

const loadText = (load: Spread | undefined) =>
  load ? (load.n === 1 ? load.median.toFixed(1) : `${load.min.toFixed(1)}-${load.max.toFixed(1)}`) : 'not recorded';

/** The table: per controller a row of its runs here (median and range) and a row of gateway-api-bench's figures. */
export function publishedComparisonTable(comparison: PublishedComparison): { head: string[]; rows: string[][] } {
  const { table } = comparison;
  const head = [
    `${table.routes.toLocaleString('en-US')} apps, gateway-api-bench's workload`,
    'setup',
    'teardown',
    'writes',
    'machine: cores, load average (1 min, at run end)',
  ];
  const rows = comparison.controllers.flatMap((c) => [
    [
      `${c.controller} ${c.versions.join(', ')} here, ${c.runs.length === 1 ? '1 run' : `median (range) of ${c.runs.length} runs`}`,
      spreadText(c.setupMs, seconds, ' s'),
      spreadText(c.teardownMs, seconds, ' s'),
      spreadText(c.writes, count, ''),
      `${c.cores.join(' or ')} cores, ${loadText(c.loadAverage)}`,
    ],
    c.published
      ? [
          `${c.controller}, published by gateway-api-bench`,
          `${c.published.setupS} s`,
          `${c.published.teardownS} s`,
          String(c.published.writes),
          `${table.cores} cores, not published`,
        ]
      : [`${c.controller}, published by gateway-api-bench`, 'none published', '', '', ''],
  ]);
  return { head, rows };
}

/** The one line under the table: why the times do not compare and the writes do. */
export function publishedComparisonNote(comparison: PublishedComparison): string {
  const cores = [...new Set(comparison.controllers.flatMap((c) => c.cores))].join(' or ');
  const loads = comparison.controllers.flatMap((c) => (c.loadAverage ? [c.loadAverage.min, c.loadAverage.max] : []));
  const load = loads.length
    ? `at load average ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} (1 min, at each run's end)`
    : 'at a load not recorded';
  return (
    `Times are not comparable: ${cores} cores here ${load}, against gateway-api-bench's ${comparison.table.cores} (it publishes no load average). ` +
    `Writes follow the same definition (${comparison.workload?.onceFigures[2]?.definition ?? 'not known'}), so they compare.`
  );
}
