// The Attached Routes suite (suites/attachedRoutes.test.ts): N baseline routes, then incremental routes one at a time,
// then the baseline deleted at once. Its own figures: the per-sample times and gateway-api-bench's three.
import { isNotMeasured } from '../measure/notMeasured.js';
import { type Figure, formatValue, notMeasuredReason, type Unit } from '../report/figures.js';
import type { Suite } from '../suite/suite.js';
import { dataPlaneSampleFigures } from './dataPlaneFigures.js';
import type { TestResults } from './results.js';

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

/** gateway-api-bench's three figures (measure/benchFigures.ts), keyed "bench: ...", in the order it publishes them. */
export const BENCH_FIGURES = [
  { key: 'bench: setup', label: 'gateway-api-bench setup (last create -> attachedRoutes = N)', field: 'setupMs', unit: 'ms' },
  { key: 'bench: teardown', label: 'gateway-api-bench teardown (all deleted at once -> attachedRoutes = 0)', field: 'teardownMs', unit: 'ms' },
  { key: 'bench: writes', label: 'gateway-api-bench writes (Gateway status updates during both)', field: 'writes', unit: 'count' },
] as const satisfies readonly { key: string; label: string; field: string; unit: Unit }[];

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
  return BENCH_FIGURES.map(({ key, label, field, unit }) => {
    if (bench === undefined) return { key, label, unit, notMeasured: 'not recorded in this report' };
    if (isNotMeasured(bench)) return { key, label, unit, notMeasured: bench.notMeasured };
    return { key, label, unit, value: bench[field] };
  });
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
  ],
  // create -> Accepted and counted: what a user waits for after applying a route.
  primaryFigure: 'setup',
  figures: (results) => [
    ...SAMPLE_FIGURES.map(({ key, label, field }) => sampleFigure(results, key, withMethod(results, key, label), field)),
    ...dataPlaneSampleFigures(results),
    ...benchFigures(results),
  ],
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
