// The side-by-side table of `npm run compare:implementations`: one Attached Routes Baseline run per controller, each
// on a fresh control plane of the same build, in the spirit of gateway-api-bench's table. Figures are read from each
// run's report through figuresOf (the one reader of the results), so the table shows what the run reports show.
import type { TopLevelSpec } from 'vega-lite';
import { suiteOfTest } from '../suite/registry.js';
import type { SuiteWorkload } from '../suite/suite.js';
import { renderSvg } from './charts.js';
import { type Figure, isSampleFigure, isScalarFigure, type Unit } from './figures.js';
import type { RunReport } from './reportFile.js';
import type { HostDescription } from './runDescription.js';
import { figuresOf } from './runFigures.js';

/** gateway-api-bench's published figures for a controller (its module's publishedBench), never measured here. */
export interface PublishedBench {
  readonly setupS: number;
  readonly teardownS: number;
  readonly writes: number;
  readonly source: string;
}

import { quantile } from './statistics.js';

/** One controller's run, as the runner saw it. */
export interface ImplementationRun {
  readonly controller: string;
  /** The run's report, when it wrote one (a run can write its report and still fail an assertion). */
  readonly report?: RunReport;
  readonly reportPath?: string;
  /** Why the run failed; undefined when it passed. */
  readonly failure?: string;
  readonly logPath: string;
  readonly seconds: number;
  /** The machine's 1-minute load average when the run started and when it ended (other work distorts timings). */
  readonly load?: { readonly atStart: number; readonly atEnd: number };
}

/** A figure's value in a cell: a number in its unit, or why there is none. */
export type Cell = { readonly value: number; readonly unit: Unit } | { readonly notMeasured: string };
/** p50 and max of a per-sample figure. */
export type SampleCell = { readonly p50: number; readonly max: number; readonly n: number } | { readonly notMeasured: string };

export interface ImplementationRow {
  readonly controller: string;
  readonly version: string;
  readonly origin: string;
  readonly passed: boolean;
  readonly failure?: string;
  readonly runId?: string;
  readonly reportPath?: string;
  readonly logPath: string;
  readonly seconds: number;
  readonly load?: { readonly atStart: number; readonly atEnd: number };
  readonly setup: SampleCell;
  readonly teardown: SampleCell;
  readonly routeReady: SampleCell;
  /** How route ready was measured: "HTTP" through a data plane, "xDS" push to a proxy, or not at all. */
  readonly routeReadyMethod: string;
  readonly baselineAttach: Cell;
  readonly benchSetup: Cell;
  readonly benchTeardown: Cell;
  readonly benchWrites: Cell;
  readonly gatewayStatusWrites: Cell;
  readonly routeStatusWrites: Cell;
  /** Baseline phase; the kernel's figure where the run had it, else the controller's /metrics. */
  readonly controllerCpu: Cell & { readonly source?: string };
  readonly controllerPeakMemory: Cell & { readonly source?: string };
  /** Baseline phase: requests the API server served that were not the harness's (the controller's, mostly). */
  readonly apiRequests: Cell;
}

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  /** `go version` of the toolchain that builds the binaries here (GOTOOLCHAIN=local). */
  readonly go: string;
}

export interface ImplementationsTable {
  readonly kind: 'gateway-loadtest/implementations';
  /**
   * The workload every run used (the suite's, Suite.workloads): only one whose figures follow gateway-api-bench's
   * definitions is set beside its published table. Undefined for a suite with one workload.
   */
  readonly workload?: SuiteWorkload;
  readonly generatedAt: string;
  /** The suite's title (Suite.title) and the test of it that every controller ran. */
  readonly suite: string;
  readonly test: string;
  readonly routes: number;
  readonly samples: number;
  readonly machine: Machine;
  /** The Kubernetes builds the runs reported: one entry when every controller ran on the same control plane build. */
  readonly kubernetes: readonly string[];
  readonly rows: readonly ImplementationRow[];
  /** Per controller, the run settings whose values differ between controllers (flattened keys). */
  readonly differingSettings: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** gateway-api-bench's published figures for the controllers it measured, to read ours beside. */
  readonly published: Readonly<Record<string, PublishedBench>>;
}

/** Settings that differ between any two runs by nature (a free port per control plane), not by controller. */
const PER_RUN_SETTINGS = new Set(['cluster.server']);

function cellOf(figures: readonly Figure[], key: string): Cell {
  const figure = figures.find((f) => f.key === key);
  if (!figure) return { notMeasured: 'not in the report' };
  if (isScalarFigure(figure)) return { value: figure.value, unit: figure.unit };
  if ('notMeasured' in figure) return { notMeasured: figure.notMeasured };
  return { notMeasured: 'a per-sample figure where one value was expected' };
}

function sampleCellOf(figures: readonly Figure[], key: string): SampleCell {
  const figure = figures.find((f) => f.key === key);
  if (!figure) return { notMeasured: 'not in the report' };
  if (isSampleFigure(figure)) return { p50: quantile(figure.samples, 0.5), max: Math.max(...figure.samples), n: figure.samples.length };
  if ('notMeasured' in figure) return { notMeasured: figure.notMeasured };
  return { notMeasured: 'a single value where samples were expected' };
}

/** The kernel's figure when measured, else the controller's /metrics; says which. */
function preferred(figures: readonly Figure[], kernelKey: string, metricsKey: string): Cell & { source?: string } {
  const kernel = cellOf(figures, kernelKey);
  if ('value' in kernel) return { ...kernel, source: 'kernel' };
  const metrics = cellOf(figures, metricsKey);
  if ('value' in metrics) return { ...metrics, source: '/metrics' };
  return { notMeasured: `${kernel.notMeasured}; /metrics: ${'notMeasured' in metrics ? metrics.notMeasured : ''}` };
}

function methodOf(report: RunReport): string {
  const method: unknown = report.results.routeReadyMethod;
  return method === 'http' ? 'HTTP' : method === 'xds' ? 'xDS' : 'not measured';
}

const missing = (reason: string): { readonly notMeasured: string } => ({ notMeasured: reason });

/** The workload a report's run used, as its suite describes it; undefined for a suite with one workload. */
export function workloadOfReport(report: RunReport): SuiteWorkload | undefined {
  const suite = suiteOfTest(report.results.testName);
  const name = suite.workloadOf?.(report.results);
  return suite.workloads?.find((workload) => workload.name === name);
}

/** One controller's row; `workload` (the table's) picks the once-per-run figures, else the report's own workload. */
export function implementationRow(run: ImplementationRun, workload?: SuiteWorkload): ImplementationRow {
  const { report } = run;
  const base = {
    controller: run.controller,
    passed: run.failure === undefined,
    ...(run.failure !== undefined ? { failure: run.failure } : {}),
    logPath: run.logPath,
    seconds: run.seconds,
    ...(run.load ? { load: run.load } : {}),
    ...(run.reportPath ? { reportPath: run.reportPath } : {}),
  };
  if (!report) {
    const none = missing('the run wrote no report');
    return {
      ...base,
      version: 'unknown',
      origin: 'unknown (no report)',
      setup: none,
      teardown: none,
      routeReady: none,
      routeReadyMethod: 'not measured',
      baselineAttach: none,
      benchSetup: none,
      benchTeardown: none,
      benchWrites: none,
      gatewayStatusWrites: none,
      routeStatusWrites: none,
      controllerCpu: none,
      controllerPeakMemory: none,
      apiRequests: none,
    };
  }
  const figures = figuresOf(report.results);
  const described = report.run.controller;
  // A run of another workload has none of these keys: its cells say "not in the report".
  const [setupKey = '', teardownKey = '', writesKey = ''] = (workload ?? workloadOfReport(report))?.onceFigures.map((figure) => figure.key) ?? [];
  return {
    ...base,
    runId: report.results.runId,
    version: 'notMeasured' in described ? 'unknown' : described.version,
    origin: 'notMeasured' in described ? described.notMeasured : described.origin,
    setup: sampleCellOf(figures, 'setup'),
    teardown: sampleCellOf(figures, 'teardown'),
    routeReady: sampleCellOf(figures, 'routeReady'),
    routeReadyMethod: methodOf(report),
    baselineAttach: cellOf(figures, 'baselineAttach'),
    benchSetup: cellOf(figures, setupKey),
    benchTeardown: cellOf(figures, teardownKey),
    benchWrites: cellOf(figures, writesKey),
    gatewayStatusWrites: cellOf(figures, 'baseline: Gateway status writes'),
    routeStatusWrites: cellOf(figures, 'baseline: HTTPRoute status writes'),
    controllerCpu: preferred(figures, 'baseline: controller CPU (kernel, /proc stat)', 'baseline: controller CPU'),
    controllerPeakMemory: preferred(figures, 'baseline: controller peak memory (kernel, VmHWM)', 'baseline: controller peak memory'),
    apiRequests: cellOf(figures, 'baseline: API server requests: the rest (controller and other clients)'),
  };
}

/** Nested settings as dotted keys with JSON values: {cluster: {port: 1}} -> {"cluster.port": "1"}. */
export function flattenSettings(settings: Readonly<Record<string, unknown>>, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(flat, flattenSettings(value as Record<string, unknown>, path));
    else if (value !== undefined) flat[path] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return flat;
}

/** Per controller, the settings whose value is not the same in every report (absent counts as a value). */
export function differingSettings(reports: readonly { controller: string; report: RunReport }[]): Record<string, Record<string, string>> {
  const flat = reports.map(({ controller, report }) => ({ controller, settings: flattenSettings(report.run.settings) }));
  const keys = [...new Set(flat.flatMap(({ settings }) => Object.keys(settings)))].filter((key) => !PER_RUN_SETTINGS.has(key)).sort();
  const differing = keys.filter((key) => new Set(flat.map(({ settings }) => settings[key] ?? '(not set)')).size > 1);
  return Object.fromEntries(
    flat.map(({ controller, settings }) => [controller, Object.fromEntries(differing.map((key) => [key, settings[key] ?? '(not set)']))]),
  );
}

export interface TableInput {
  /** The suite's title (Suite.title), for headings. */
  readonly suite: string;
  readonly test: string;
  readonly routes: number;
  readonly samples: number;
  readonly host: HostDescription;
  readonly goVersion: string;
  readonly generatedAt?: string;
  /** By controller name, from each controller module (publishedBench). */
  readonly published?: Readonly<Record<string, PublishedBench>>;
  /** The workload of the runs, by name (Suite.workloads; default the suite's first). */
  readonly workload?: string;
}

export function implementationsTable(runs: readonly ImplementationRun[], input: TableInput): ImplementationsTable {
  const { host } = input;
  const reported = runs.flatMap(({ controller, report }) => (report ? [{ controller, report }] : []));
  const workloads = suiteOfTest(input.test).workloads ?? [];
  const workload = input.workload === undefined ? workloads[0] : workloads.find((w) => w.name === input.workload);
  if (input.workload !== undefined && !workload) throw new Error(`${input.test} has no workload ${input.workload}`);
  return {
    kind: 'gateway-loadtest/implementations',
    ...(workload ? { workload } : {}),
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    suite: input.suite,
    test: input.test,
    routes: input.routes,
    samples: input.samples,
    machine: {
      cpuModel: host.cpuModel,
      cores: host.cores,
      memoryBytes: host.memoryBytes,
      os: `${host.os.type ?? host.os.platform} ${host.os.release} ${host.os.arch}`,
      node: host.nodeVersion,
      go: input.goVersion,
    },
    kubernetes: [...new Set(reported.map(({ report }) => report.run.kubernetesVersion))],
    rows: runs.map((run) => implementationRow(run, workload)),
    differingSettings: differingSettings(reported),
    // gateway-api-bench's published figures measure its workload: beside another workload's they would mislead.
    published:
      workload === undefined || workload.comparesWithPublished
        ? Object.fromEntries(runs.flatMap(({ controller }) => (input.published?.[controller] ? [[controller, input.published[controller]]] : [])))
        : {},
  };
}

/** A duration for people: 312 ms below a second, 12.6 s above. */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatCell(cell: Cell): string {
  if ('notMeasured' in cell) return `not measured (${cell.notMeasured})`;
  switch (cell.unit) {
    case 'ms':
      return duration(cell.value);
    case 's':
      return `${cell.value.toFixed(1)} s`;
    case 'bytes':
      return `${(cell.value / 2 ** 20).toFixed(0)} MiB`;
    case 'count':
      return String(Math.round(cell.value));
    case 'decimal':
      return cell.value.toFixed(2);
  }
}

export function formatSampleCell(cell: SampleCell): string {
  return 'notMeasured' in cell ? `not measured (${cell.notMeasured})` : `${duration(cell.p50)} / ${duration(cell.max)}`;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The figures as rows, the controllers as columns (a few controllers, many figures). */
export function tableRows(table: ImplementationsTable): string[][] {
  const { rows } = table;
  const line = (label: string, cell: (row: ImplementationRow) => string) => [label, ...rows.map(cell)];
  const withSource = (cell: Cell & { source?: string }) => `${formatCell(cell)}${'value' in cell && cell.source ? ` (${cell.source})` : ''}`;
  return [
    line('result', (row) => (row.passed ? 'passed' : `FAILED: ${row.failure}`)),
    line('version', (row) => row.version),
    line('setup p50 / max', (row) => formatSampleCell(row.setup)),
    line('teardown p50 / max', (row) => formatSampleCell(row.teardown)),
    line('route ready p50 / max', (row) => formatSampleCell(row.routeReady)),
    line('route ready method', (row) => row.routeReadyMethod),
    line('baseline: all routes attached (from the first create)', (row) => formatCell(row.baselineAttach)),
    ...(table.workload?.onceFigures ?? []).map(({ label }, i) =>
      line(label, (row) => formatCell([row.benchSetup, row.benchTeardown, row.benchWrites][i] as Cell)),
    ),
    line('baseline status writes, Gateway / HTTPRoute', (row) => `${formatCell(row.gatewayStatusWrites)} / ${formatCell(row.routeStatusWrites)}`),
    line('baseline controller CPU', (row) => withSource(row.controllerCpu)),
    line('baseline controller peak memory', (row) => withSource(row.controllerPeakMemory)),
    line("baseline API requests (not the harness's)", (row) => formatCell(row.apiRequests)),
    line('run wall time', (row) => `${row.seconds.toFixed(0)} s`),
    line('load average (1 min) at start / end', (row) => (row.load ? `${row.load.atStart.toFixed(1)} / ${row.load.atEnd.toFixed(1)}` : 'not recorded')),
  ];
}

const markdownTable = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [`| ${head.map(escapeCell).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`)].join(
    '\n',
  );

export function machineLine(machine: Machine): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, ${machine.os}, Node ${machine.node}, ${machine.go}`;
}

export function kubernetesLine(table: ImplementationsTable): string {
  const builds = table.kubernetes;
  if (builds.length === 0) return 'not known (no run wrote a report)';
  if (builds.length === 1) return `${builds[0]}, the same control plane build for every controller (a fresh local control plane per run)`;
  return `DIFFERENT builds: ${builds.join(', ')}`;
}

export function implementationsMarkdown(table: ImplementationsTable, chartHref?: string): string {
  const controllers = table.rows.map((row) => row.controller);
  const published = Object.entries(table.published);
  const sources = [...new Set(published.map(([, p]) => p.source))].join(', ');
  const settings = Object.entries(table.differingSettings).filter(([, values]) => Object.keys(values).length > 0);
  return [
    `# ${table.suite}, implementation by implementation (${table.routes} routes, ${table.samples} samples)`,
    '',
    `Written ${table.generatedAt}. Each controller ran ${table.test} on a fresh local control plane, one after another.`,
    '',
    `- machine: ${machineLine(table.machine)}`,
    `- Kubernetes: ${kubernetesLine(table)}`,
    ...table.rows.map((row) => `- ${row.controller}: ${row.version}, ${row.origin}${row.runId ? ` (run ${row.runId})` : ''}`),
    '',
    markdownTable(['figure', ...controllers], tableRows(table)),
    '',
    'p50 by nearest rank. Setup, teardown and route ready are per incremental route (create -> Accepted and counted; delete -> counted no more;',
    'create -> served, by the method named). CPU, memory and API requests are those of the baseline phase (the N routes attaching).',
    '',
    ...(table.workload
      ? [
          `Workload: ${table.workload.name}, ${table.workload.description}. Its three once-per-run figures: ${table.workload.onceFigures
            .map(({ label, definition }) => `${label}, ${definition}`)
            .join('; ')}.`,
          '',
        ]
      : []),
    ...(chartHref ? [`![${table.suite} by implementation](${chartHref})`, ''] : []),
    ...(table.workload && !table.workload.comparesWithPublished
      ? [
          "gateway-api-bench's published figures are not shown: they measure its own workload, not this one. Run with `--workload gateway-api-bench` to set them side by side.",
          '',
        ]
      : []),
    ...(published.length
      ? [
          `gateway-api-bench's published figures for the same controllers, at 1,000 routes on a 16-core cluster (not measured here; ${sources}):`,
          '',
          markdownTable(
            ['controller', 'setup', 'teardown', 'writes'],
            published.map(([controller, p]) => [controller, `${p.setupS} s`, `${p.teardownS} s`, String(p.writes)]),
          ),
          '',
        ]
      : []),
    '## Settings that differ between controllers',
    '',
    ...(settings.length
      ? settings.flatMap(([controller, values]) => [
          `- ${controller}: ${Object.entries(values)
            .map(([key, value]) => `${key}=${value}`)
            .join('; ')}`,
        ])
      : ['- none: every run had the same settings']),
    '- Every run had the same routes, simulated cluster, thresholds, batch size and grace period (any that differed would be listed above).',
    '  The harness sets no API client QPS for any controller: each runs with its own default.',
    '',
    '## Runs',
    '',
    markdownTable(
      ['controller', 'report', 'log'],
      table.rows.map((row) => [row.controller, row.reportPath ?? 'none', row.logPath]),
    ),
    '',
  ].join('\n');
}

/** The time figures as bars, one panel per figure, one bar per controller (each panel on its own scale). */
export function implementationsChartSpec(table: ImplementationsTable): TopLevelSpec | undefined {
  const once = !table.workload || table.workload.comparesWithPublished ? 'gateway-api-bench' : `${table.workload.name} workload`;
  const pick: [string, (row: ImplementationRow) => number | undefined][] = [
    [`${once} setup`, (row) => ('value' in row.benchSetup ? row.benchSetup.value : undefined)],
    [`${once} teardown`, (row) => ('value' in row.benchTeardown ? row.benchTeardown.value : undefined)],
    ['baseline: all routes attached', (row) => ('value' in row.baselineAttach ? row.baselineAttach.value : undefined)],
    ['setup p50', (row) => ('p50' in row.setup ? row.setup.p50 : undefined)],
    ['route ready p50', (row) => ('p50' in row.routeReady ? row.routeReady.p50 : undefined)],
    ['teardown p50', (row) => ('p50' in row.teardown ? row.teardown.p50 : undefined)],
  ];
  const values = pick.flatMap(([figure, read]) =>
    table.rows.flatMap((row) => {
      const ms = read(row);
      return ms === undefined ? [] : [{ figure, controller: row.controller, seconds: ms / 1000 }];
    }),
  );
  if (values.length === 0) return undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${table.suite} at ${table.routes} routes, by implementation (${table.machine.cores} cores)`,
    data: { values },
    facet: {
      row: {
        field: 'figure',
        type: 'nominal',
        title: null,
        sort: pick.map(([figure]) => figure),
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontSize: 12 },
      },
    },
    spec: {
      width: 560,
      height: { step: 18 },
      encoding: {
        x: { field: 'seconds', type: 'quantitative', title: 'seconds' },
        y: { field: 'controller', type: 'nominal', title: null },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { color: { field: 'controller', type: 'nominal', legend: null } } },
        { mark: { type: 'text', align: 'left', dx: 3 }, encoding: { text: { field: 'seconds', type: 'quantitative', format: '.2f' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: { font: 'Helvetica, Arial, sans-serif', view: { stroke: '#ddd' }, axis: { labelFontSize: 11, titleFontSize: 11 } },
  };
}

export async function implementationsChartSvg(table: ImplementationsTable): Promise<string | undefined> {
  const spec = implementationsChartSpec(table);
  return spec ? renderSvg(spec) : undefined;
}
