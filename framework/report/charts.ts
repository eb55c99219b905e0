// Charts as SVG, drawn by Vega-Lite (compiled to Vega, rendered headless in Node: no canvas, no browser).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One point of the baseline's attachment curve: at tMs after the first create request, routes created and attached. */
export interface AttachmentPoint {
  readonly tMs: number;
  readonly created: number;
  readonly attached: number;
}

/** A rendered chart of a report. */
export interface Chart {
  /** File-name part, e.g. "distributions". */
  readonly name: string;
  readonly title: string;
  readonly svg: string;
}

export interface Distribution {
  readonly label: string;
  readonly samples: readonly number[];
}

export interface DistributionPair {
  readonly label: string;
  readonly before: readonly number[];
  readonly after: readonly number[];
}

const WIDTH = 640;
const CONFIG = { font: 'Helvetica, Arial, sans-serif', view: { stroke: '#ddd' }, axis: { labelFontSize: 11, titleFontSize: 11 } };

/** Renders a Vega-Lite spec to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A box (min, quartiles, max) with every sample as a tick on it. With `run` set, one row per run (before, after)
 * in the run's colour; without it, one row.
 */
function boxAndTicks(run?: 'run') {
  const x = { field: 'ms', type: 'quantitative' as const, title: 'milliseconds', scale: { zero: false } };
  const byRun = run
    ? {
        y: { field: run, type: 'nominal' as const, title: null, sort: ['before', 'after'] },
        color: { field: run, type: 'nominal' as const, title: null, sort: ['before', 'after'] },
      }
    : {};
  return [
    { mark: { type: 'boxplot' as const, extent: 'min-max' as const, size: 18, opacity: 0.35 }, encoding: { x, ...byRun } },
    { mark: { type: 'tick' as const, thickness: 2, size: 22, opacity: 0.9 }, encoding: { x, ...byRun, tooltip: [{ field: 'ms', format: '.1f' }] } },
  ];
}

/** Per-sample distributions (e.g. setup, route ready, teardown): one row per figure, each on its own scale. */
export async function distributionChartSvg(distributions: readonly Distribution[], title: string): Promise<string> {
  const values = distributions.flatMap(({ label, samples }) => samples.map((ms) => ({ figure: label, ms })));
  if (values.length === 0) throw new Error(`distribution chart "${title}": no samples to draw`);
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    facet: {
      row: {
        field: 'figure',
        type: 'nominal',
        title: null,
        sort: distributions.map((d) => d.label),
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontSize: 12 },
      },
    },
    spec: { width: WIDTH, height: 30, layer: boxAndTicks() },
    resolve: { scale: { x: 'independent' } },
    config: CONFIG,
  });
}

/** Two runs' distributions of each figure, before above after, on a shared scale per figure. */
export async function comparisonChartSvg(pairs: readonly DistributionPair[], title: string): Promise<string> {
  const values = pairs.flatMap(({ label, before, after }) => [
    ...before.map((ms) => ({ figure: label, run: 'before', ms })),
    ...after.map((ms) => ({ figure: label, run: 'after', ms })),
  ]);
  if (values.length === 0) throw new Error(`comparison chart "${title}": no samples to draw`);
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    facet: {
      row: {
        field: 'figure',
        type: 'nominal',
        title: null,
        sort: pairs.map((p) => p.label),
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontSize: 12 },
      },
    },
    spec: { width: WIDTH, height: 50, layer: boxAndTicks('run') },
    resolve: { scale: { x: 'independent' } },
    config: CONFIG,
  });
}

/** The baseline's attachment curve: routes created and routes attached against seconds since the first create. */
export async function attachmentCurveSvg(points: readonly AttachmentPoint[], title: string): Promise<string> {
  if (points.length === 0) throw new Error(`attachment curve "${title}": no points to draw`);
  const values = points.flatMap((p) => [
    { seconds: p.tMs / 1000, series: 'created', routes: p.created },
    { seconds: p.tMs / 1000, series: 'attached', routes: p.attached },
  ]);
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: WIDTH,
    height: 260,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'seconds', type: 'quantitative', title: 'seconds since the first create request' },
      y: { field: 'routes', type: 'quantitative', title: 'routes' },
      color: { field: 'series', type: 'nominal', title: null, sort: ['created', 'attached'] },
    },
    config: CONFIG,
  });
}
