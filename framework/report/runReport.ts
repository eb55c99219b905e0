// One run's report for people: the run's description, the figures (p50, p90, p99, max), and charts.
import { suiteOfTest } from '../suite/registry.js';
import { attachmentCurveSvg, type Chart, type Distribution, distributionChartSvg } from './charts.js';
import { type Figure, formatValue, isSampleFigure, isScalarFigure } from './figures.js';
import { htmlPage, htmlTable, inlineSvg } from './html.js';
import type { RunReport } from './reportFile.js';
import { figuresOf } from './runFigures.js';
import { quantiles } from './statistics.js';

/** ", load average 1.20 / 0.90 / 0.80 (1, 5, 15 min, at the end of the run)", or nothing for a report without it. */
export function loadAverageText(load: readonly number[] | undefined): string {
  return load ? `, load average ${load.map((value) => value.toFixed(2)).join(' / ')} (1, 5, 15 min, at the end of the run)` : '';
}

export function describeRows(report: RunReport): [string, string][] {
  const { run, results } = report;
  const { host } = run;
  const harness =
    'notMeasured' in run.harness ? `not known: ${run.harness.notMeasured}` : `${run.harness.commit}${run.harness.dirty ? ' with uncommitted changes' : ''}`;
  const controller =
    'notMeasured' in run.controller
      ? `not known: ${run.controller.notMeasured}`
      : `${run.controller.name} ${run.controller.version} (${run.controller.origin})`;
  const environment = Object.entries(run.environment ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return [
    ['test', `${results.testName}, run ${results.runId}, started ${results.startedAt}`],
    ['routes / samples', `${results.config.routes} baseline routes, ${results.samples.length} samples`],
    ['Gateway Accepted+Programmed', gatewayReadiness(results.gateway)],
    ['baseline create', typeof results.baseline.createMs === 'number' ? formatValue(results.baseline.createMs, 'ms') : 'not measured'],
    [
      'host',
      `${host.cpuModel}, ${host.cores} cores, ${(host.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${host.os.type ?? host.os.platform} ${host.os.release} ${host.os.arch}, Node ${host.nodeVersion ?? '?'}${loadAverageText(host.loadAverage)}`,
    ],
    ['harness commit', harness],
    ['controller', controller],
    ['Kubernetes', run.kubernetesVersion],
    ['settings', JSON.stringify(run.settings)],
    ['environment', environment || 'no harness variables set'],
  ];
}

/** A precondition, not a figure: how long the Gateway took, and how many status nudges it needed (and why). */
export function gatewayReadiness(gateway: RunReport['results']['gateway'] | undefined): string {
  if (!gateway) return 'not recorded';
  const nudges = gateway.statusNudges
    ? `after ${gateway.statusNudges} status nudge(s): the controller wrote no status until nudged (${gateway.nudgedFor ?? 'a known controller bug'})`
    : 'no status nudge';
  return `${formatValue(gateway.readyMs, 'ms')}, ${nudges}`;
}

export const SAMPLE_HEAD = ['figure', 'samples', 'p50', 'p90', 'p99', 'max'];

export function sampleRows(figures: readonly Figure[]): string[][] {
  return figures.flatMap((figure) => {
    if (isSampleFigure(figure)) {
      const q = quantiles(figure.samples);
      return [[figure.label, String(q.n), ...[q.p50, q.p90, q.p99, q.max].map((v) => formatValue(v, figure.unit))]];
    }
    if (!isScalarFigure(figure) && figure.perSample) return [[figure.label, '0', `not measured: ${figure.notMeasured}`, '', '', '']];
    return [];
  });
}

export function scalarRows(figures: readonly Figure[]): string[][] {
  return figures.flatMap((figure) => {
    if (isScalarFigure(figure)) return [[figure.label, formatValue(figure.value, figure.unit)]];
    if (!isSampleFigure(figure) && !figure.perSample) return [[figure.label, `not measured: ${figure.notMeasured}`]];
    return [];
  });
}

/** The distributions of the suite's compare keys, the suite's own charts, and the baseline's attachment curve. */
export async function runCharts(report: RunReport): Promise<Chart[]> {
  const { results } = report;
  const suite = suiteOfTest(results.testName);
  const distributions: Distribution[] = figuresOf(results)
    .filter((figure) => suite.compareKeys.includes(figure.key))
    .flatMap((figure) => (isSampleFigure(figure) ? [{ label: figure.label, samples: figure.samples }] : []));
  const charts: Chart[] = [];
  if (distributions.length > 0) {
    const table = suite.sampleTable(results);
    const title = `${results.testName}: per-sample times at ${results.config.routes} routes (${table.rows.length} ${table.noun})`;
    charts.push({ name: 'distributions', title, svg: await distributionChartSvg(distributions, title) });
  }
  charts.push(...(await suite.charts(results)));
  if (report.attachmentTimeline && report.attachmentTimeline.length > 0) {
    const title = `${results.testName}: baseline routes created and attached`;
    charts.push({ name: 'attachment', title, svg: await attachmentCurveSvg(report.attachmentTimeline, title) });
  }
  return charts;
}

const markdownTable = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');

/** Markdown with the charts linked as image files (relative links, so the folder can be moved as a whole). */
export function runMarkdown(report: RunReport, charts: readonly { title: string; href: string }[]): string {
  const figures = figuresOf(report.results);
  const samples = suiteOfTest(report.results.testName).sampleTable(report.results);
  return [
    `# ${report.results.testName}: run ${report.results.runId}`,
    '',
    markdownTable(['run', ''], describeRows(report)),
    '',
    '## Per-sample figures (nearest rank)',
    '',
    markdownTable(SAMPLE_HEAD, sampleRows(figures)),
    '',
    ...charts.flatMap((chart) => [`![${chart.title}](${chart.href})`, '']),
    '## Figures measured once per run',
    '',
    markdownTable(['figure', 'measured'], scalarRows(figures)),
    '',
    '## Samples',
    '',
    markdownTable(samples.head, samples.rows),
    '',
  ].join('\n');
}

/** One HTML file that opens in a browser with nothing beside it: the charts are inline SVG. */
export function runHtml(report: RunReport, charts: readonly Chart[]): string {
  const figures = figuresOf(report.results);
  const samples = suiteOfTest(report.results.testName).sampleTable(report.results);
  return htmlPage(
    `${report.results.testName}: run ${report.results.runId}`,
    `Written ${report.run.generatedAt}. Quantiles by nearest rank: with fewer than 100 samples p99 is the maximum.`,
    [
      { heading: 'Run', html: htmlTable(undefined, describeRows(report)) },
      { heading: 'Per-sample figures', html: htmlTable(SAMPLE_HEAD, sampleRows(figures)) },
      ...(charts.length ? [{ heading: 'Charts', html: charts.map((chart) => inlineSvg(chart.title, chart.svg)).join('\n') }] : []),
      { heading: 'Figures measured once per run', html: htmlTable(['figure', 'measured'], scalarRows(figures)) },
      { heading: 'Samples', html: htmlTable(samples.head, samples.rows) },
    ],
  );
}
