// The cross-check's answer: both tools' figures side by side (median, min-max spread, every run), and whether the
// harness's gateway-api-bench workload agrees with the program on this cluster: the medians of writes and teardown
// within 20 %, setup within the program's own run-to-run range or 1.5 s, whichever is wider.
import Table from 'cli-table3';
import { quantile } from '../measure/quantiles.js';
import type { CrossCheckRun, CrossCheckTool } from './crossCheck.js';

export const WRITES_AND_TEARDOWN_TOLERANCE = 0.2;
export const SETUP_MIN_ALLOWANCE_MS = 1500;

type Field = 'setupMs' | 'teardownMs' | 'writes' | 'createMs';

export interface Spread {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface Agreement {
  readonly figure: string;
  readonly peer: number;
  readonly harness: number;
  /** The largest difference that still agrees, and how it was set. */
  readonly allowed: number;
  readonly rule: string;
  readonly agrees: boolean;
}

export interface CrossCheckSummary {
  readonly spreads: Readonly<Record<CrossCheckTool, Readonly<Partial<Record<Field, Spread>>>>>;
  readonly agreements: readonly Agreement[];
  readonly agrees: boolean;
}

function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  return { n: values.length, median: quantile(values, 0.5), min: Math.min(...values), max: Math.max(...values) };
}

function spreadsOf(runs: readonly CrossCheckRun[], tool: CrossCheckTool): Partial<Record<Field, Spread>> {
  const mine = runs.filter((run) => run.tool === tool);
  const of = (field: Field) => spread(mine.flatMap((run) => (run[field] === undefined ? [] : [run[field] as number])));
  return Object.fromEntries((['setupMs', 'teardownMs', 'writes', 'createMs'] as const).flatMap((field) => (of(field) ? [[field, of(field)]] : [])));
}

export function summarize(runs: readonly CrossCheckRun[]): CrossCheckSummary {
  const peer = spreadsOf(runs, 'gateway-api-bench');
  const harness = spreadsOf(runs, 'harness');
  const agreements: Agreement[] = [];
  const relative = (figure: string, field: 'teardownMs' | 'writes') => {
    const p = peer[field];
    const h = harness[field];
    if (!p || !h) return;
    const allowed = WRITES_AND_TEARDOWN_TOLERANCE * p.median;
    const rule = `within ${WRITES_AND_TEARDOWN_TOLERANCE * 100} % of the program's median`;
    agreements.push({ figure, peer: p.median, harness: h.median, allowed, rule, agrees: Math.abs(h.median - p.median) <= allowed });
  };
  relative('writes', 'writes');
  relative('teardown (remove-all)', 'teardownMs');
  const p = peer.setupMs;
  const h = harness.setupMs;
  if (p && h) {
    const range = p.max - p.min;
    const allowed = Math.max(range, SETUP_MIN_ALLOWANCE_MS);
    const rule =
      range >= SETUP_MIN_ALLOWANCE_MS
        ? `within the program's own run-to-run range (${(range / 1000).toFixed(2)} s)`
        : `within ${SETUP_MIN_ALLOWANCE_MS / 1000} s (wider than the program's range, ${(range / 1000).toFixed(2)} s)`;
    agreements.push({ figure: 'setup (add-all)', peer: p.median, harness: h.median, allowed, rule, agrees: Math.abs(h.median - p.median) <= allowed });
  }
  return { spreads: { 'gateway-api-bench': peer, harness }, agreements, agrees: agreements.length === 3 && agreements.every((a) => a.agrees) };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const format = (field: Field, value: number) => (field === 'writes' ? String(Math.round(value)) : seconds(value));

const FIELDS: readonly [Field, string][] = [
  ['setupMs', 'setup (add-all)'],
  ['teardownMs', 'teardown (remove-all)'],
  ['writes', 'writes'],
  ['createMs', 'apps created in'],
];

/** Rows: every run (round, tool, start, load average, figures), then per tool median and min-max. */
export function crossCheckRows(runs: readonly CrossCheckRun[], summary: CrossCheckSummary): { head: string[]; rows: string[][] } {
  const head = [
    'round',
    'tool',
    'started (UTC)',
    'load avg',
    ...FIELDS.map(([, label]) => label),
    'routes added / deleted over (own watch)',
    'Gateway events (own watch)',
  ];
  const rows = runs.map((run) => [
    String(run.round),
    run.tool,
    run.startedAt.slice(11, 19),
    run.loadAtStart.toFixed(2),
    ...FIELDS.map(([field]) => (run[field] === undefined ? '-' : format(field, run[field] as number))),
    run.pace ? `${seconds(run.pace.createdMs)} / ${seconds(run.pace.deletedMs)}` : '-',
    run.watchedGatewayEvents === undefined ? '-' : String(run.watchedGatewayEvents),
  ]);
  for (const tool of ['gateway-api-bench', 'harness'] as const) {
    const spreads = summary.spreads[tool];
    rows.push([
      'median (min-max)',
      tool,
      '',
      '',
      ...FIELDS.map(([field]) => {
        const s = spreads[field];
        return s ? `${format(field, s.median)} (${format(field, s.min)}-${format(field, s.max)})` : '-';
      }),
      '',
      '',
    ]);
  }
  return { head, rows };
}

function verdictLines(summary: CrossCheckSummary): string[] {
  return [
    ...summary.agreements.map(
      (a) =>
        `${a.agrees ? 'agrees' : 'DIFFERS'}: ${a.figure}, median ${a.figure === 'writes' ? Math.round(a.harness) : seconds(a.harness)} (harness) vs ${a.figure === 'writes' ? Math.round(a.peer) : seconds(a.peer)} (gateway-api-bench), ${a.agrees ? a.rule : `not ${a.rule}`}`,
    ),
    summary.agrees
      ? 'The harness reproduces gateway-api-bench on this cluster.'
      : 'The harness does NOT reproduce gateway-api-bench on this cluster in every figure.',
  ];
}

export function crossCheckTable(runs: readonly CrossCheckRun[], summary: CrossCheckSummary): string {
  const { head, rows } = crossCheckRows(runs, summary);
  const table = new Table({ head, style: { head: [], border: [] } });
  table.push(...rows);
  return [table.toString(), ...verdictLines(summary)].join('\n');
}

export function crossCheckMarkdown(runs: readonly CrossCheckRun[], summary: CrossCheckSummary, about: readonly string[]): string {
  const { head, rows } = crossCheckRows(runs, summary);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    '# gateway-api-bench cross-check',
    '',
    ...about.map((text) => `- ${text}`),
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line),
    '',
    ...verdictLines(summary).map((text) => `- ${text}`),
    '',
    'Outputs (harness run reports, the program logs):',
    '',
    ...runs.map((run) => `- round ${run.round} ${run.tool}: ${run.output}`),
    '',
  ].join('\n');
}
