// The recovery as a chart: each milestone's time from the restart request, with the threshold as a rule.
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../report/charts.js';
import type { RestartResults } from './results.js';

export async function recoveryChartSvg(results: RestartResults, title: string): Promise<string> {
  const { restart } = results;
  const milestones: { milestone: string; ms: unknown }[] = [
    { milestone: 'old process stopped', ms: restart.stopMs },
    { milestone: 'controller ready', ms: restart.readyMs },
    { milestone: 'first xDS answer (fresh proxy)', ms: restart.xdsFirstAnswerMs },
    { milestone: `xDS holds all ${results.config.routes} routes`, ms: restart.xdsCompleteMs },
  ];
  const values = milestones.filter((m): m is { milestone: string; ms: number } => typeof m.ms === 'number');
  const order = values.map((m) => m.milestone);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 640,
    layer: [
      {
        data: { values },
        mark: { type: 'bar', height: 16 },
        encoding: {
          y: { field: 'milestone', type: 'nominal', sort: order, title: null },
          x: { field: 'ms', type: 'quantitative', title: 'milliseconds after the restart request' },
          tooltip: [{ field: 'ms', format: '.1f' }],
        },
      },
      {
        data: { values: [{ threshold: restart.thresholdMs }] },
        mark: { type: 'rule', color: '#c33', strokeDash: [4, 3] },
        encoding: { x: { field: 'threshold', type: 'quantitative' } },
      },
    ],
  };
  return renderSvg(spec);
}
