// The Attached Routes suite (suites/attachedRoutes.test.ts): N baseline routes, then incremental routes one at a time,
// then the baseline deleted at once (LOADTEST_WORKLOAD=batched), or gateway-api-bench's attached-routes test
// (gateway-api-bench). Its own figures: the per-sample times and the workload's three once-per-run figures.
import { isNotMeasured } from '../measure/notMeasured.js';
import { type Figure, formatValue, notMeasuredReason, type Unit } from '../report/figures.js';
import type { Suite, SuiteWorkload } from '../suite/suite.js';
import { dataPlaneSampleFigures } from './dataPlaneFigures.js';
import type { TestResults } from './results.js';
import { FIGURE_DEFINITIONS, WORKLOAD_DESCRIPTIONS, WORKLOADS, type Workload } from './workload.js';

type SampleField = 'setupMs' | 'acceptedMs' | 'attachedMs' | 'routeReadyMs' | 'teardownMs' | 'routeGoneMs';

/** The per-sample figures, in the order reports show them. */
export const SAMPLE_FIGURES: readonly { readonly key: string; readonly label: string; readonly field: SampleField }[] = [
  { key: 'setup', label: 'setup (create -> Accepted and counted)', field: 'setupMs' },
  { key: 'accepted', label: 'route Accepted', field: 'acceptedMs' },
  { key: 'attachedRoutes', label: 'listener attachedRoutes = N+1', field: 'attachedMs' },
  { key: 'routeReady', label: 'route ready', field: 'routeReadyMs' },
  { key: 'routeGone', label: 'route gone', field: 'routeGoneMs' },
  { key: 'teardown', label: 'teardown (delete -> attachedRoutes = N)', field: 'teardownMs' },
];

/**
 * The three once-per-run figures (measure/benchFigures.ts, measure/gatewayApiBenchFigures.ts) by the workload that
 * produced them (workload.ts). Only the gateway-api-bench workload's carry gateway-api-bench's name and compare with
 * its published table; the batched workload's are named by what they measure. Keys differ by workload, so that
 * compare never sets one workload's figure against the other's.
 */
export const WORKLOAD_FIGURES = {
  batched: [
    { key: 'batched: setup', label: 'batched workload: last create -> attachedRoutes = N', field: 'setupMs', unit: 'ms' },
    { key: 'batched: teardown', label: 'batched workload: one deletecollection of all N -> attachedRoutes = 0', field: 'teardownMs', unit: 'ms' },
    { key: 'batched: writes', label: 'batched workload: Gateway status changes in both windows', field: 'writes', unit: 'count' },
  ],
  'gateway-api-bench': [
    { key: 'gateway-api-bench: add-all', label: 'gateway-api-bench setup (add-all: last app created -> attachedRoutes = N)', field: 'setupMs', unit: 'ms' },
    {
      key: 'gateway-api-bench: remove-all',
      label: 'gateway-api-bench teardown (remove-all: event showing N -> last event, 0)',
      field: 'teardownMs',
      unit: 'ms',
    },
    { key: 'gateway-api-bench: writes', label: 'gateway-api-bench writes (every Gateway event, creation and deletion)', field: 'writes', unit: 'count' },
  ],
} as const satisfies Readonly<Record<Workload, readonly { key: string; label: string; field: string; unit: Unit }[]>>;

/** Each workload as reports and the implementations table describe it. */
export const SUITE_WORKLOADS: readonly SuiteWorkload[] = WORKLOADS.map((name) => {
  const { setup, teardown, writes } = FIGURE_DEFINITIONS[name];
  return {
    name,
    description: WORKLOAD_DESCRIPTIONS[name],
    onceFigures: WORKLOAD_FIGURES[name].map(({ key, label }, i) => ({ key, label, definition: [setup, teardown, writes][i] ?? '' })),
    comparesWithPublished: name === 'gateway-api-bench',
  };
});

/** The workload a report's run used: reports written before it was a setting ran the batched one. */
export function workloadOf(results: TestResults): Workload {
  const configured: unknown = (results.config as { workload?: unknown }).workload;
  return configured === 'gateway-api-bench' ? 'gateway-api-bench' : 'batched';
}

function sampleFigure(results: TestResults, key: string, label: string, field: SampleField): Figure {
  const values: number[] = [];
  const reasons = new Set<string>();
  for (const sample of results.samples) {
    const value: unknown = sample[field];
    if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
    else reasons.add(notMeasuredReason(value) ?? 'no value recorded');
  }
  if (values.length === 0) {
    const notMeasured = results.samples.length === 0 ? 'the run has no samples' : [...reasons].join('; ');
    return { key, label, unit: 'ms', notMeasured, perSample: true };
  }
  // Some samples measured and some not: compare what was measured, and say so in the label.
  const missing = results.samples.length - values.length;
  return {
    key,
    label: missing ? `${label} (${missing} of ${results.samples.length} samples not measured: ${[...reasons].join('; ')})` : label,
    unit: 'ms',
    samples: values,
  };
}

/** Route readiness is named after what measured it: HTTP through a data plane, or the xDS push to a proxy. */
function withMethod(results: TestResults, key: string, label: string): string {
  if (key !== 'routeReady' && key !== 'routeGone') return label;
  const method: unknown = (results as { routeReadyMethod?: unknown }).routeReadyMethod;
  if (method === 'xds') return `${label} (xDS push)`;
  if (method === 'http') return `${label} (HTTP ${key === 'routeReady' ? '302' : '404'})`;
  return label;
}

function benchFigures(results: TestResults): Figure[] {
  // Optional in the type: reports written before the figures existed have none.
  const bench = results.bench;
  return WORKLOAD_FIGURES[workloadOf(results)].map(({ key, label, field, unit }) => {
    if (bench === undefined) return { key, label, unit, notMeasured: 'not recorded in this report' };
    if (isNotMeasured(bench)) return { key, label, unit, notMeasured: bench.notMeasured };
    return { key, label, unit, value: bench[field] };
  });
}

/** Setup, teardown and writes, named by the workload that produced them and with the definitions they follow. */
function onceFigureRows(results: TestResults): [string, string][] {
  const workload = workloadOf(results);
  const definitions = FIGURE_DEFINITIONS[workload];
  const bench = results.bench ?? { notMeasured: 'not recorded' };
  const head: [string, string] = ['workload', `${workload}: ${WORKLOAD_DESCRIPTIONS[workload]}`];
  if (isNotMeasured(bench)) return [head, [`${workload}: setup, teardown, writes`, `not measured: ${bench.notMeasured}`]];
  const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
  const name = workload === 'gateway-api-bench' ? 'gateway-api-bench' : 'batched workload';
  return [
    head,
    [`${name} setup`, `${seconds(bench.setupMs)}: ${definitions.setup}`],
    [`${name} teardown`, `${seconds(bench.teardownMs)}: ${definitions.teardown}; deleted ${bench.teardownMethod}`],
    [`${name} writes`, `${bench.writes} (${bench.setupWrites} + ${bench.teardownWrites}): ${definitions.writes}`],
  ];
}

export const attachedRoutesSuite: Suite = {
  name: 'AttachedRoutes',
  title: 'Attached Routes',
  file: 'suites/attachedRoutes.test.ts',
  project: 'cluster',
  tests: [
    { name: 'AttachedRoutesBaseline', command: 'baseline', routesVariable: 'LOADTEST_BASELINE_ROUTES', defaultRoutes: 1000 },
    { name: 'AttachedRoutesProduction', command: 'production', routesVariable: 'LOADTEST_PRODUCTION_ROUTES', defaultRoutes: 5000 },
  ],
  phases: [
    { name: 'baseline', about: 'N routes created in batches until every one is Accepted, ResolvedRefs and counted' },
    // The teardown that follows (every baseline route deleted at once) is timed by gateway-api-bench's figures, not a phase.
    { name: 'incremental', about: 'one route created and deleted at a time: the samples' },
    {
      name: 'gateway-api-bench',
      about: 'LOADTEST_WORKLOAD=gateway-api-bench, in place of the two above: apps created one by one, then deleted one by one in reverse',
    },
  ],
  // create -> Accepted and counted: what a user waits for after applying a route.
  primaryFigure: 'setup',
  figures: (results) => [
    ...SAMPLE_FIGURES.map(({ key, label, field }) => sampleFigure(results, key, withMethod(results, key, label), field)),
    ...dataPlaneSampleFigures(results),
    ...benchFigures(results),
  ],
  workloadOf,
  workloads: SUITE_WORKLOADS,
  summaryRows: onceFigureRows,
  describeRows(results) {
    const workload = workloadOf(results);
    return [
      ['workload', `${workload}: ${WORKLOAD_DESCRIPTIONS[workload]}`],
      [
        'setup, teardown, writes: definitions',
        Object.entries(FIGURE_DEFINITIONS[workload])
          .map(([figure, definition]) => `${figure}: ${definition}`)
          .join('; '),
      ],
    ];
  },
  compareKeys: ['setup', 'routeReady', 'teardown'],
  charts: async () => [],
  sampleTable(results) {
    const cell = (value: unknown) => (typeof value === 'number' ? formatValue(value, 'ms') : notMeasuredReason(value) ? 'not measured' : '-');
    // With HTTP and xDS side by side, the push's times too (apply time is their difference).
    const beside = results.samples.some((sample) => sample.routeReadyXdsMs !== undefined);
    const extra = beside ? (['routeReadyXdsMs', 'routeGoneXdsMs'] as const) : [];
    return {
      noun: 'samples',
      head: ['#', ...SAMPLE_FIGURES.map((figure) => figure.key), ...(beside ? ['routeReady (xDS)', 'routeGone (xDS)'] : [])],
      rows: results.samples.map((sample, i) => [
        String(i + 1),
        ...SAMPLE_FIGURES.map((figure) => cell(sample[figure.field])),
        ...extra.map((field) => cell(sample[field])),
      ]),
    };
  },
};
