// Did a change make it slower? Compares two run reports of the same test, figure by figure. One module, longer
// than most: the refusals, the verdict rule and its three renderings (table, Markdown, HTML) must agree, and are
// read together.
//
// A per-sample figure is "slower" only when the rank-sum test says the two sample sets differ (p < alpha) AND the
// median grew by more than the tolerance: significance alone would flag a real but negligible 2 % drift, and a
// median change alone would flag noise. A figure measured once per run has no distribution to test: it is judged
// by the tolerance alone, marked "no test: single value", and never fails the comparison on its own.
import Table from 'cli-table3';
import { suiteOfTest } from '../suite/registry.js';
import { comparisonChartSvg } from './charts.js';
import { type Figure, formatValue, isSampleFigure, isScalarFigure, type Unit } from './figures.js';
import { htmlPage, htmlTable, inlineSvg } from './html.js';
import type { RunReport } from './reportFile.js';
import { figuresOf } from './runFigures.js';
import { type Quantiles, quantiles, rankSumTest } from './statistics.js';

export interface CompareOptions {
  /** Relative change of the median below which a figure counts as unchanged, e.g. 0.1 for 10 %. */
  readonly tolerance: number;
  /** Significance level of the rank-sum test. */
  readonly alpha: number;
  /** Compare reports of different tests, route counts or hosts anyway (the differences are listed as warnings). */
  readonly force: boolean;
}

export const DEFAULT_COMPARE_OPTIONS: CompareOptions = { tolerance: 0.1, alpha: 0.05, force: false };

export type Verdict = 'slower' | 'faster' | 'no change' | 'not measured';

export interface FigureComparison {
  readonly key: string;
  readonly label: string;
  readonly unit: Unit;
  readonly verdict: Verdict;
  /** Samples' quantiles, or the single value, on each side; absent when not measured. */
  readonly before?: Quantiles | number;
  readonly after?: Quantiles | number;
  /** (after - before) / before of the median (or of the single value). */
  readonly medianChange?: number;
  /** (after - before) / before of p90. */
  readonly tailChange?: number;
  /** The rank-sum test's two-sided p-value; absent for single values. */
  readonly pValue?: number;
  /** How the verdict was reached, in words: the test, or why there was none, or why the figure was skipped. */
  readonly basis: string;
  /** True when this figure fails the comparison: significantly slower beyond the tolerance. */
  readonly regression: boolean;
  /** Samples on each side, for charts. */
  readonly samples?: { readonly before: readonly number[]; readonly after: readonly number[] };
}

export interface ReportIdentity {
  readonly runId: string;
  readonly testName: string;
  readonly routes: number;
  readonly host: string;
  readonly controller: string;
  readonly startedAt: string;
}

export interface Comparison {
  readonly before: ReportIdentity;
  readonly after: ReportIdentity;
  readonly options: CompareOptions;
  /** Differences that --force let through. */
  readonly warnings: readonly string[];
  readonly figures: readonly FigureComparison[];
  readonly regressions: readonly FigureComparison[];
}

export class ReportMismatchError extends Error {
  override name = 'ReportMismatchError';
}

function identity(report: RunReport): ReportIdentity {
  const { run, results } = report;
  const controller = 'notMeasured' in run.controller ? `unknown (${run.controller.notMeasured})` : `${run.controller.name} ${run.controller.version}`;
  return {
    runId: results.runId,
    testName: results.testName,
    routes: results.config.routes,
    host: `${run.host.cpuModel} x ${run.host.cores}`,
    controller,
    startedAt: results.startedAt,
  };
}

/** What makes two reports incomparable: a different test, route count or host (CPU model or cores). */
export function mismatches(before: RunReport, after: RunReport): string[] {
  const found: string[] = [];
  const a = before.results;
  const b = after.results;
  if (a.testName !== b.testName) found.push(`different tests: ${a.testName} and ${b.testName}`);
  if (a.config.routes !== b.config.routes) found.push(`different route counts: ${a.config.routes} and ${b.config.routes}`);
  const ha = before.run.host;
  const hb = after.run.host;
  if (ha.cpuModel !== hb.cpuModel) found.push(`different CPU models: "${ha.cpuModel}" and "${hb.cpuModel}"`);
  if (ha.cores !== hb.cores) found.push(`different core counts: ${ha.cores} and ${hb.cores}`);
  return found;
}

/** Relative change; 0 when both are 0, and Infinity when only `after` is above 0. */
export function relativeChange(before: number, after: number): number {
  if (before === 0) return after === 0 ? 0 : after > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (after - before) / before;
}

function bySize(change: number, tolerance: number): 'slower' | 'faster' | 'no change' {
  if (change > tolerance) return 'slower';
  if (change < -tolerance) return 'faster';
  return 'no change';
}

function compareSamples(
  key: string,
  label: string,
  unit: Unit,
  before: readonly number[],
  after: readonly number[],
  options: CompareOptions,
): FigureComparison {
  const qa = quantiles(before);
  const qb = quantiles(after);
  const medianChange = relativeChange(qa.p50, qb.p50);
  const tailChange = relativeChange(qa.p90, qb.p90);
  const base = { key, label, unit, before: qa, after: qb, medianChange, tailChange, samples: { before, after } };
  if (before.length < 2 || after.length < 2) {
    const verdict = bySize(medianChange, options.tolerance);
    return {
      ...base,
      verdict,
      regression: false,
      basis: `no test: ${before.length} and ${after.length} samples (a rank test needs 2 on each side); judged by the tolerance alone`,
    };
  }
  const test = rankSumTest(before, after);
  const significant = test.pValue < options.alpha;
  const size = bySize(medianChange, options.tolerance);
  const verdict = significant ? size : 'no change';
  const why = !significant
    ? `not significant (p = ${formatP(test.pValue)} >= ${options.alpha})`
    : size === 'no change'
      ? `significant (p = ${formatP(test.pValue)}) but the median moved by no more than ±${percent(options.tolerance)}`
      : `significant (p = ${formatP(test.pValue)} < ${options.alpha}) and the median moved by more than ±${percent(options.tolerance)}`;
  return {
    ...base,
    verdict,
    pValue: test.pValue,
    regression: verdict === 'slower',
    basis: `rank-sum test, ${before.length} vs ${after.length} samples: ${why}`,
  };
}

function compareFigure(before: Figure | undefined, after: Figure | undefined, options: CompareOptions): FigureComparison {
  const figure = (after ?? before) as Figure;
  const { key, label, unit } = figure;
  const skip = (reason: string): FigureComparison => ({ key, label, unit, verdict: 'not measured', regression: false, basis: `skipped: ${reason}` });
  if (!before) return skip('absent from the before report');
  if (!after) return skip('absent from the after report');
  if ('notMeasured' in before) return skip(`not measured before: ${before.notMeasured}`);
  if ('notMeasured' in after) return skip(`not measured after: ${after.notMeasured}`);
  if (isSampleFigure(before) && isSampleFigure(after)) return compareSamples(key, after.label, unit, before.samples, after.samples, options);
  if (isScalarFigure(before) && isScalarFigure(after)) {
    const change = relativeChange(before.value, after.value);
    return {
      key,
      label,
      unit,
      verdict: bySize(change, options.tolerance),
      before: before.value,
      after: after.value,
      medianChange: change,
      regression: false,
      basis: 'no test: single value; judged by the tolerance alone',
    };
  }
  return skip('one report has samples and the other a single value');
}

/** Compares two reports; throws ReportMismatchError for different tests, route counts or hosts unless options.force. */
export function compareReports(before: RunReport, after: RunReport, options: CompareOptions = DEFAULT_COMPARE_OPTIONS): Comparison {
  if (!(options.tolerance >= 0) || !(options.alpha > 0 && options.alpha < 1)) {
    throw new RangeError(`tolerance must be >= 0 and alpha within (0, 1); got tolerance ${options.tolerance}, alpha ${options.alpha}`);
  }
  const found = mismatches(before, after);
  if (found.length > 0 && !options.force) {
    throw new ReportMismatchError(
      `these reports are not comparable: ${found.join('; ')}. Compare runs of the same test and route count on the same kind of host, or pass --force to compare anyway.`,
    );
  }
  const figuresBefore = new Map(figuresOf(before.results).map((figure) => [figure.key, figure]));
  const figuresAfter = figuresOf(after.results);
  const keys = [...new Set([...figuresAfter.map((figure) => figure.key), ...figuresBefore.keys()])];
  const afterByKey = new Map(figuresAfter.map((figure) => [figure.key, figure]));
  const figures = keys.map((key) => compareFigure(figuresBefore.get(key), afterByKey.get(key), options));
  return { before: identity(before), after: identity(after), options, warnings: found, figures, regressions: figures.filter((figure) => figure.regression) };
}

/** p-values for people: 0.43, 0.012, 3.1e-6. */
export const formatP = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toPrecision(2));

const percent = (fraction: number) => `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)} %`;

function signedPercent(change: number | undefined): string {
  if (change === undefined) return '';
  if (!Number.isFinite(change)) return change > 0 ? 'from 0' : 'to 0';
  return `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} %`;
}

function side(value: Quantiles | number | undefined, unit: Unit): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return formatValue(value, unit);
  return `${formatValue(value.p50, unit)} / ${formatValue(value.p90, unit)} / ${formatValue(value.max, unit)}`;
}

export const COMPARISON_HEAD = ['figure', 'before p50 / p90 / max', 'after p50 / p90 / max', 'median', 'p90', 'p-value', 'verdict'];

export function comparisonRows(comparison: Comparison): string[][] {
  return comparison.figures.map((f) => [
    f.label,
    f.verdict === 'not measured' ? f.basis : side(f.before, f.unit),
    side(f.after, f.unit),
    signedPercent(f.medianChange),
    signedPercent(f.tailChange),
    f.pValue === undefined ? (f.verdict === 'not measured' ? '' : 'no test') : formatP(f.pValue),
    f.regression ? `${f.verdict} (regression)` : f.verdict,
  ]);
}

function headline(comparison: Comparison): string {
  const { options, regressions } = comparison;
  const rule = `tolerance ±${percent(options.tolerance)} on the median, rank-sum test at alpha ${options.alpha}`;
  return regressions.length > 0
    ? `SLOWER: ${regressions.map((f) => f.label).join(', ')} (${rule})`
    : `No figure is significantly slower beyond the tolerance (${rule})`;
}

function describe(which: string, id: ReportIdentity): string {
  return `${which}: ${id.testName} run ${id.runId} (${id.startedAt}), ${id.routes} routes, ${id.controller}, host ${id.host}`;
}

/** The comparison as a terminal table, with the reports, warnings and the headline. */
export function comparisonTable(comparison: Comparison): string {
  // No colours: the table goes to CI logs and files as often as to a terminal.
  const table = new Table({ head: COMPARISON_HEAD, wordWrap: true, colWidths: [34, 30, 30, 10, 10, 10, 14], style: { head: [], border: [] } });
  table.push(...comparisonRows(comparison));
  return [
    describe('before', comparison.before),
    describe('after ', comparison.after),
    ...comparison.warnings.map((w) => `WARNING (--force): ${w}`),
    table.toString(),
    headline(comparison),
  ].join('\n');
}

/** The comparison as Markdown; `charts` are image links relative to the Markdown file. */
export function comparisonMarkdown(comparison: Comparison, charts: readonly { title: string; href: string }[] = []): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const notes = comparison.figures.filter((f) => f.verdict !== 'not measured').map((f) => `- ${f.label}: ${f.verdict}; ${f.basis}`);
  const skipped = comparison.figures.filter((f) => f.verdict === 'not measured').map((f) => `- ${f.label}: ${f.basis}`);
  return [
    `# Comparison: ${comparison.after.testName}`,
    '',
    `- ${describe('before', comparison.before)}`,
    `- ${describe('after', comparison.after)}`,
    ...comparison.warnings.map((w) => `- **Warning (--force):** ${w}`),
    '',
    `**${headline(comparison)}**`,
    '',
    `| ${COMPARISON_HEAD.join(' | ')} |`,
    `|${COMPARISON_HEAD.map(() => '---').join('|')}|`,
    ...comparisonRows(comparison).map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
    ...charts.flatMap((chart) => [`![${chart.title}](${chart.href})`, '']),
    '## How each verdict was reached',
    '',
    ...notes,
    ...(skipped.length ? ['', '## Skipped', '', ...skipped] : []),
    '',
  ].join('\n');
}

/** The two runs' distributions of the suite's compare keys side by side; undefined when none has samples. */
export async function comparisonChart(comparison: Comparison): Promise<{ title: string; svg: string } | undefined> {
  const { compareKeys } = suiteOfTest(comparison.after.testName);
  const pairs = comparison.figures
    .filter((f) => compareKeys.includes(f.key) && f.samples)
    .map((f) => ({
      label: `${f.label}: ${f.verdict}${f.pValue === undefined ? '' : ` (p = ${formatP(f.pValue)})`}`,
      before: f.samples?.before ?? [],
      after: f.samples?.after ?? [],
    }));
  if (pairs.length === 0) return undefined;
  const title = `${comparison.after.testName}: before (${comparison.before.runId}) and after (${comparison.after.runId})`;
  return { title, svg: await comparisonChartSvg(pairs, title) };
}

/** The comparison as one self-contained HTML page, with the side-by-side chart inline. */
export function comparisonHtml(comparison: Comparison, chart?: { title: string; svg: string }): string {
  const notes = comparison.figures.map((f) => [f.label, f.verdict, f.basis]);
  return htmlPage(`Comparison: ${comparison.after.testName}`, headline(comparison), [
    {
      heading: 'Reports',
      html: htmlTable(undefined, [
        ['before', describe('before', comparison.before).slice(8)],
        ['after', describe('after', comparison.after).slice(7)],
        ...comparison.warnings.map((w) => ['warning (--force)', w]),
      ]),
    },
    { heading: 'Figures', html: htmlTable(COMPARISON_HEAD, comparisonRows(comparison)) },
    ...(chart ? [{ heading: 'Distributions', html: inlineSvg(chart.title, chart.svg) }] : []),
    { heading: 'How each verdict was reached', html: htmlTable(['figure', 'verdict', 'basis'], notes) },
  ]);
}
