// Did a change make it slower? Compares two sides (two single runs, or the rounds of an A/B) figure by figure. One
// module, longer than most: the refusals, the verdicts and their three renderings (table, Markdown, HTML) must agree,
// and are read together.
//
// Every figure that can have one gets a relative change with a confidence interval (framework/verdict/interval.ts)
// and a verdict read from it (framework/verdict/verdict.ts): "slower" when the interval lies above 0 and the estimate
// beyond the tolerance. The suite's primary figure is judged at 1 - alpha, the others (secondary) share alpha
// (Bonferroni). The units are the rounds of an A/B; for two single runs they are the samples, whose spread says
// nothing of how runs differ: every output says so.
import Table from 'cli-table3';
import { suiteOfTest } from '../suite/registry.js';
import { type ChangeInterval, changeInterval, formatInterval, hasInterval, signedPercent } from '../verdict/interval.js';
import { type FigureUnits, isMeasured, type RoundStatistic, type SideUnits, unitsOfRounds, unitsOfRun } from '../verdict/units.js';
import {
  confidenceOf,
  confidencePercent,
  correctionNote,
  DEFAULT_VERDICT_OPTIONS,
  judge,
  type Verdict,
  type VerdictOptions,
  verdictReason,
} from '../verdict/verdict.js';
import { comparisonChartSvg } from './charts.js';
import { formatValue, type Unit } from './figures.js';
import { htmlPage, htmlTable, inlineSvg } from './html.js';
import type { RunReport } from './reportFile.js';
import { type Quantiles, quantiles } from './statistics.js';

export interface CompareOptions extends VerdictOptions {
  /** Compare reports of different tests, route counts or hosts anyway (the differences are listed as warnings). */
  readonly force: boolean;
  /** The primary figure's key, instead of the suite's declared one. */
  readonly primary?: string;
  /** What a round's samples are summarised by in an A/B (default median). */
  readonly roundStatistic?: RoundStatistic;
}

export const DEFAULT_COMPARE_OPTIONS: CompareOptions = { ...DEFAULT_VERDICT_OPTIONS, force: false };

/** "not tested": measured on both sides, but no interval can be formed (one value per side, or before is 0). */
export type FigureVerdict = Verdict | 'not measured' | 'not tested';

export interface FigureComparison {
  readonly key: string;
  readonly label: string;
  readonly unit: Unit;
  readonly verdict: FigureVerdict;
  /** `primary` decides the gate at full confidence; `secondary` shares the error budget; `none`: no interval. */
  readonly role: 'primary' | 'secondary' | 'none';
  /** Quantiles of every sample (or round value) on each side, or the single value; absent when not measured. */
  readonly before?: Quantiles | number;
  readonly after?: Quantiles | number;
  /** The relative change with its interval; absent when there is none (see basis). */
  readonly interval?: ChangeInterval;
  /** How the verdict was reached, in words: the interval and the rule, or why there was none. */
  readonly basis: string;
  /** True when this figure fails the comparison: significantly slower beyond the tolerance. */
  readonly regression: boolean;
  /** Samples on each side, for charts (per-sample figures). */
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

/** What the intervals' units were, and what that means for the verdict. */
export interface Replication {
  readonly unit: 'round' | 'sample';
  /** Rounds on each side (1 and 1 for two single runs). */
  readonly before: number;
  readonly after: number;
  /** What summarised a round's samples (A/Bs). */
  readonly statistic?: RoundStatistic;
  readonly note: string;
}

/** The gate: 1 regression, 3 inconclusive (the primary interval too wide for the tolerance), 0 no regression. */
export type Outcome = 'regression' | 'no regression' | 'inconclusive';

export interface Comparison {
  readonly before: ReportIdentity;
  readonly after: ReportIdentity;
  readonly options: CompareOptions;
  readonly replication: Replication;
  /** The correction for multiple figures, in words. */
  readonly correction: string;
  /** The primary figure's key (it may be absent from the figures' intervals: see its basis). */
  readonly primary?: string;
  /** Differences that --force let through. */
  readonly warnings: readonly string[];
  readonly figures: readonly FigureComparison[];
  readonly regressions: readonly FigureComparison[];
  readonly outcome: Outcome;
}

export class ReportMismatchError extends Error {
  override name = 'ReportMismatchError';
}

export const BETWEEN_RUN_UNKNOWN =
  'one run per side: between-run variance is unknown, so these intervals (from the samples of one run each) hold only for these two runs and are too narrow for a change between builds; npm run ab gives a verdict that holds between runs';

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

/** One identity for an A/B arm's rounds: the first round's, with every round's run id. */
function roundsIdentity(rounds: readonly RunReport[], arm: string): ReportIdentity {
  const first = identity(rounds[0] as RunReport);
  return { ...first, runId: `${arm}: ${rounds.map((r) => r.results.runId).join('+')}` };
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

function checkOptions(options: CompareOptions): void {
  if (!(options.tolerance >= 0) || !(options.alpha > 0 && options.alpha < 1)) {
    throw new RangeError(`tolerance must be >= 0 and alpha within (0, 1); got tolerance ${options.tolerance}, alpha ${options.alpha}`);
  }
}

function refuseMismatches(found: readonly string[], options: CompareOptions): void {
  if (found.length > 0 && !options.force) {
    throw new ReportMismatchError(
      `these reports are not comparable: ${found.join('; ')}. Compare runs of the same test and route count on the same kind of host, or pass --force to compare anyway.`,
    );
  }
}

/** Compares two single runs; throws ReportMismatchError for different tests, route counts or hosts unless options.force. */
export function compareReports(before: RunReport, after: RunReport, options: CompareOptions = DEFAULT_COMPARE_OPTIONS): Comparison {
  checkOptions(options);
  const found = mismatches(before, after);
  refuseMismatches(found, options);
  const replication: Replication = { unit: 'sample', before: 1, after: 1, note: BETWEEN_RUN_UNKNOWN };
  return judgeSides(identity(before), identity(after), unitsOfRun(before.results), unitsOfRun(after.results), replication, found, options);
}

/** Compares the rounds of an A/B arm by arm, with the round as the unit: `before` is arm A, `after` arm B. */
export function compareRounds(before: readonly RunReport[], after: readonly RunReport[], options: CompareOptions = DEFAULT_COMPARE_OPTIONS): Comparison {
  checkOptions(options);
  if (before.length === 0 || after.length === 0) throw new Error(`an A/B needs rounds on both sides, got ${before.length} and ${after.length}`);
  const all = [...before, ...after];
  const found = [...new Set(all.slice(1).flatMap((report) => mismatches(all[0] as RunReport, report)))];
  refuseMismatches(found, options);
  const statistic = options.roundStatistic ?? 'median';
  const replication: Replication = {
    unit: 'round',
    before: before.length,
    after: after.length,
    statistic,
    note: `${before.length} and ${after.length} rounds, each a fresh control plane: each round gives one value per figure (the ${statistic === 'min' ? 'fastest' : 'median'} of its samples, or the figure measured once), so the intervals include how rounds differ`,
  };
  const units = (side: readonly RunReport[]) =>
    unitsOfRounds(
      side.map((report) => report.results),
      statistic,
    );
  return judgeSides(roundsIdentity(before, 'A'), roundsIdentity(after, 'B'), units(before), units(after), replication, found, options);
}

const describeSide = (side: FigureUnits): Quantiles | number => (side.values.length === 1 ? (side.values[0] as number) : quantiles(side.values));

function unitWords(replication: Replication, a: FigureUnits, b: FigureUnits): string {
  if (replication.unit === 'sample') return `${a.units.length} and ${b.units.length} samples of one run each`;
  const what = a.kind === 'samples' ? (replication.statistic === 'min' ? 'round minima' : 'round medians') : 'round values';
  const missing = [...a.missing.map((m) => `A ${m}`), ...b.missing.map((m) => `B ${m}`)];
  return `${a.units.length} and ${b.units.length} ${what}${missing.length ? ` (not measured in ${missing.join('; ')})` : ''}`;
}

function judgeSides(
  beforeId: ReportIdentity,
  afterId: ReportIdentity,
  beforeUnits: Map<string, SideUnits>,
  afterUnits: Map<string, SideUnits>,
  replication: Replication,
  warnings: readonly string[],
  options: CompareOptions,
): Comparison {
  const keys = [...new Set([...afterUnits.keys(), ...beforeUnits.keys()])];
  const primary = options.primary ?? suiteOfTest(afterId.testName).primaryFigure;
  // First pass: which figures can have an interval at all; the secondaries' count sets their confidence.
  const measured = keys.flatMap((key) => {
    const a = beforeUnits.get(key);
    const b = afterUnits.get(key);
    return a && b && isMeasured(a) && isMeasured(b) ? [{ key, a, b, probe: changeInterval(a.units, b.units, 0.95) }] : [];
  });
  const secondaries = measured.filter(({ key, probe }) => key !== primary && hasInterval(probe)).length;
  const figures = keys.map((key): FigureComparison => {
    const a = beforeUnits.get(key);
    const b = afterUnits.get(key);
    const { label, unit } = (b ?? a) as SideUnits;
    const skip = (reason: string): FigureComparison => ({
      key,
      label,
      unit,
      verdict: 'not measured',
      role: 'none',
      regression: false,
      basis: `skipped: ${reason}`,
    });
    if (!a) return skip('absent from the before report');
    if (!b) return skip('absent from the after report');
    if (!isMeasured(a)) return skip(`not measured before: ${a.notMeasured}`);
    if (!isMeasured(b)) return skip(`not measured after: ${b.notMeasured}`);
    const described = {
      key,
      label: b.label,
      unit,
      before: describeSide(a),
      after: describeSide(b),
      samples: b.kind === 'samples' ? { before: a.values, after: b.values } : undefined,
    };
    const role = key === primary ? 'primary' : 'secondary';
    const interval = changeInterval(a.units, b.units, confidenceOf(role, secondaries, options.alpha));
    if (!hasInterval(interval)) {
      const why = a.units.length < 2 || b.units.length < 2 ? 'one value per run: no interval from one run per side' : interval.noInterval;
      return { ...described, verdict: 'not tested', role: 'none', regression: false, basis: `no interval: ${why}` };
    }
    const verdict = judge(interval, options.tolerance);
    const scale = interval.scale === 'log' ? "Welch's t on the logarithms" : "Welch's t on the values (a 0 among them)";
    return {
      ...described,
      verdict,
      role,
      interval,
      regression: verdict === 'slower',
      basis: `${scale} of ${unitWords(replication, a, b)}, ${confidencePercent(interval.confidence)} interval ${formatInterval(interval)} (p = ${formatP(interval.pValue)}): ${verdictReason(verdict, interval, options.tolerance)}`,
    };
  });
  // The primary figure first, then the rest in their own order.
  figures.sort((x, y) => Number(y.key === primary) - Number(x.key === primary));
  const primaryFigure = figures.find((f) => f.key === primary);
  const regressions = figures.filter((f) => f.regression);
  const primaryUndecided = !primaryFigure?.interval || (primaryFigure.verdict !== 'slower' && primaryFigure.interval.high > options.tolerance);
  return {
    before: beforeId,
    after: afterId,
    options,
    replication,
    correction: correctionNote(primaryFigure?.interval ? primaryFigure.label : undefined, secondaries, options.alpha),
    primary,
    warnings,
    figures,
    regressions,
    outcome: regressions.length > 0 ? 'regression' : primaryUndecided ? 'inconclusive' : 'no regression',
  };
}

/** The exit status of a comparison: 0 no regression, 1 regression, 3 inconclusive (2 is for bad input). */
export function exitCodeOf(comparison: Comparison): 0 | 1 | 3 {
  return comparison.outcome === 'regression' ? 1 : comparison.outcome === 'inconclusive' ? 3 : 0;
}

/** p-values for people: 0.43, 0.012, 3.1e-6. */
export const formatP = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toPrecision(2));

const tolerancePercent = (tolerance: number) => `±${(tolerance * 100).toFixed(tolerance < 0.1 ? 1 : 0)} %`;

function side(value: Quantiles | number | undefined, unit: Unit): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return formatValue(value, unit);
  return `${formatValue(value.p50, unit)} / ${formatValue(value.p90, unit)} / ${formatValue(value.max, unit)}`;
}

export const COMPARISON_HEAD = ['figure', 'before p50 / p90 / max', 'after p50 / p90 / max', 'change [interval]', 'detectable', 'verdict'];

function changeCell(f: FigureComparison): string {
  if (f.interval) return formatInterval(f.interval);
  if (typeof f.before === 'number' && typeof f.after === 'number' && f.before !== 0) return `${signedPercent((f.after - f.before) / f.before)} (no interval)`;
  return '';
}

export function comparisonRows(comparison: Comparison): string[][] {
  return comparison.figures.map((f) => [
    f.role === 'primary' ? `${f.label} (primary)` : f.label,
    f.verdict === 'not measured' ? f.basis : side(f.before, f.unit),
    side(f.after, f.unit),
    changeCell(f),
    f.interval ? signedPercent(f.interval.detectable, 0) : '',
    f.regression ? `${f.verdict} (regression)` : f.verdict,
  ]);
}

/** The answer first: the outcome with the primary figure's interval, and every figure that was slower. */
export function headline(comparison: Comparison): string {
  const { options, regressions, figures, primary } = comparison;
  const tolerance = tolerancePercent(options.tolerance);
  const p = figures.find((f) => f.key === primary);
  const primaryText = p?.interval
    ? `${p.label} ${formatInterval(p.interval)}`
    : `primary figure ${primary ?? '(none declared)'}: ${p ? p.basis : 'not in these reports'}`;
  switch (comparison.outcome) {
    case 'regression':
      return `SLOWER: ${regressions.map((f) => `${f.label} ${formatInterval(f.interval as ChangeInterval)}`).join('; ')} (beyond the ${tolerance} tolerance)`;
    case 'inconclusive':
      return `INCONCLUSIVE: ${primaryText}: a slowdown beyond ${tolerance} is neither shown nor ruled out${p?.interval ? ` (this comparison detects about ${signedPercent(p.interval.detectable, 0)}); run more rounds or widen the tolerance` : ''}`;
    case 'no regression':
      return `NO REGRESSION: ${primaryText}, no figure significantly slower beyond ${tolerance}`;
  }
}

/** The lines every rendering carries under the headline: what the units were, the correction, the rule. */
export function methodLines(comparison: Comparison): string[] {
  const { replication, options } = comparison;
  return [
    `Replication: ${replication.note}.`,
    `Correction for multiple figures: ${comparison.correction}.`,
    `Rule: "slower" when the interval lies above 0 and the estimate beyond ${tolerancePercent(options.tolerance)}; "no change" when the whole interval lies within it; otherwise "inconclusive". "detectable": the slowdown found 4 times in 5 at this spread and confidence.`,
  ];
}

function describe(which: string, id: ReportIdentity): string {
  return `${which}: ${id.testName} run ${id.runId} (${id.startedAt}), ${id.routes} routes, ${id.controller}, host ${id.host}`;
}

/** The comparison as a terminal table, led by the headline. */
export function comparisonTable(comparison: Comparison): string {
  // No colours: the table goes to CI logs and files as often as to a terminal.
  const table = new Table({ head: COMPARISON_HEAD, wordWrap: true, colWidths: [34, 26, 26, 30, 11, 16], style: { head: [], border: [] } });
  table.push(...comparisonRows(comparison));
  return [
    headline(comparison),
    ...methodLines(comparison),
    describe('before', comparison.before),
    describe('after ', comparison.after),
    ...comparison.warnings.map((w) => `WARNING (--force): ${w}`),
    table.toString(),
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
    `**${headline(comparison)}**`,
    '',
    ...methodLines(comparison).map((line) => `- ${line}`),
    `- ${describe('before', comparison.before)}`,
    `- ${describe('after', comparison.after)}`,
    ...comparison.warnings.map((w) => `- **Warning (--force):** ${w}`),
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

/** The two sides' distributions of the suite's compare keys side by side; undefined when none has samples. */
export async function comparisonChart(comparison: Comparison): Promise<{ title: string; svg: string } | undefined> {
  const { compareKeys } = suiteOfTest(comparison.after.testName);
  const pairs = comparison.figures
    .filter((f) => compareKeys.includes(f.key) && f.samples)
    .map((f) => ({
      label: `${f.label}: ${f.verdict}${f.interval ? ` ${formatInterval(f.interval)}` : ''}`,
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
        ...methodLines(comparison).map((line) => ['method', line]),
        ...comparison.warnings.map((w) => ['warning (--force)', w]),
      ]),
    },
    { heading: 'Figures', html: htmlTable(COMPARISON_HEAD, comparisonRows(comparison)) },
    ...(chart ? [{ heading: 'Distributions', html: inlineSvg(chart.title, chart.svg) }] : []),
    { heading: 'How each verdict was reached', html: htmlTable(['figure', 'verdict', 'basis'], notes) },
  ]);
}
