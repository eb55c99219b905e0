// The ladder's chart: each cost against the route count on log-log axes, the measured steps as points and the fitted
// power law as a line, its exponent in the panel's title; drawn by Vega-Lite like every chart of the project.
import { isNotMeasured } from '../measure/notMeasured.js';
import { renderSvg } from '../report/charts.js';
import { formatRSquared, powerLawAt } from './growth.js';
import { GROWTH_FIGURES, type GrowthFigure, type LadderResults } from './results.js';

export async function ladderChartSvg(results: LadderResults, title: string): Promise<string> {
  const { steps, growth } = results.ladder;
  const values: { figure: string; routes: number; value: number; series: string }[] = [];
  const panels: string[] = [];
  for (const figure of Object.keys(GROWTH_FIGURES) as GrowthFigure[]) {
    const { label, unit } = GROWTH_FIGURES[figure];
    const { values: perStep, fit } = growth[figure];
    const measured = steps.flatMap((step, i) => {
      const value = perStep[i];
      return value === null || value === undefined || value <= 0 ? [] : [{ routes: step.routes, value }];
    });
    if (measured.length === 0) continue;
    const panel = isNotMeasured(fit) ? `${label} (${unit})` : `${label} (${unit}): ~ N^${fit.exponent.toFixed(2)}, R² ${formatRSquared(fit)}`;
    panels.push(panel);
    for (const point of measured) values.push({ figure: panel, ...point, series: 'measured' });
    if (!isNotMeasured(fit)) {
      for (const step of steps) values.push({ figure: panel, routes: step.routes, value: powerLawAt(fit, step.routes), series: 'fit' });
    }
  }
  if (values.length === 0) throw new Error(`ladder chart "${title}": no step measured any figure`);
  // Not rounded out to the next power of ten: the panels keep the ladder's own range (1,000 to 20,000, not 100,000).
  const x = { field: 'routes', type: 'quantitative' as const, title: 'baseline routes (log)', scale: { type: 'log' as const, nice: false } };
  const y = { field: 'value', type: 'quantitative' as const, title: null, scale: { type: 'log' as const } };
  const color = { field: 'series', type: 'nominal' as const, title: null, sort: ['measured', 'fit'] };
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    facet: { field: 'figure', type: 'nominal', title: null, sort: panels, header: { labelFontSize: 11, labelLimit: 0 } },
    columns: 2,
    spec: {
      // Wide enough for the longest panel title (a figure, its unit, its exponent and R²) at 11 px.
      width: 360,
      height: 160,
      layer: [
        { transform: [{ filter: "datum.series === 'fit'" }], mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x, y, color } },
        {
          transform: [{ filter: "datum.series === 'measured'" }],
          mark: { type: 'point', filled: true, size: 60 },
          encoding: { x, y, color, tooltip: [{ field: 'routes' }, { field: 'value', format: '.2f' }] },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: { font: 'Helvetica, Arial, sans-serif', view: { stroke: '#ddd' } },
  });
}
