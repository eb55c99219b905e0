// Turning a run's results into a summary table, a JSON and a Markdown report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Table from 'cli-table3';
import type { Sample, TestResults } from '../loadtest/types.js';

/** Nearest-rank quantile of the measured values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export interface Summary {
  readonly setupP50Ms: number;
  readonly setupMaxMs: number;
  readonly teardownP50Ms: number;
  readonly teardownMaxMs: number;
  readonly routeReadyP50Ms: number | null;
}

export function summarize(samples: readonly Sample[]): Summary {
  const setup = samples.map((s) => s.setupMs);
  const teardown = samples.map((s) => s.teardownMs);
  const ready = samples.flatMap((s) => (s.routeReadyMs === null ? [] : [s.routeReadyMs]));
  return {
    setupP50Ms: quantile(setup, 0.5),
    setupMaxMs: Math.max(...setup),
    teardownP50Ms: quantile(teardown, 0.5),
    teardownMaxMs: Math.max(...teardown),
    routeReadyP50Ms: ready.length ? quantile(ready, 0.5) : null,
  };
}

const ms = (value: number | null | undefined) => (value === null || value === undefined || Number.isNaN(value) ? 'not measured' : `${value.toFixed(1)} ms`);
const mib = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

function rows(results: TestResults): [string, string][] {
  const summary = summarize(results.samples);
  const { config } = results;
  const result: [string, string][] = [
    ['routes (baseline)', String(config.routes)],
    ['samples', String(results.samples.length)],
    ['gateway Accepted+Programmed', `${ms(results.gateway.readyMs)}${results.gateway.statusNudges ? ` after ${results.gateway.statusNudges} status nudge(s): the controller wrote no status until nudged (kgateway up to v2.4.2 does this, kgateway-dev/kgateway#14414)` : ''}`],
    ['baseline create', ms(results.baseline.createMs)],
    ['baseline all attached', ms(results.baseline.attachMs)],
    ['setup p50 / max', `${ms(summary.setupP50Ms)} / ${ms(summary.setupMaxMs)} (threshold ${config.thresholds.setupMs} ms)`],
    ['teardown p50 / max', `${ms(summary.teardownP50Ms)} / ${ms(summary.teardownMaxMs)} (threshold ${config.thresholds.teardownMs} ms)`],
    ['route ready (HTTP 302) p50', summary.routeReadyP50Ms === null ? `not measured: ${results.routeReadyNotMeasuredReason ?? ''}` : ms(summary.routeReadyP50Ms)],
  ];
  for (const phase of results.phases) {
    result.push([`${phase.name}: status writes`, `Gateway ${phase.writes.gateway}, HTTPRoutes ${phase.writes.routes}`]);
    if (phase.controller && 'notMeasured' in phase.controller) {
      result.push([`${phase.name}: controller`, `not measured: ${phase.controller.notMeasured}`]);
    } else if (phase.controller) {
      const c = phase.controller;
      const requests = Object.entries(c.apiRequests).map(([method, n]) => `${method} ${n}`).join(', ') || 'none';
      result.push([`${phase.name}: controller`, `CPU ${c.cpuSeconds.toFixed(2)} s, RSS peak ${mib(c.residentBytesPeak)}, end ${mib(c.residentBytesEnd)}, API requests ${requests}`]);
    } else {
      result.push([`${phase.name}: controller`, 'not measured: no controller metrics endpoint known (LOADTEST_CONTROLLER_METRICS_URL)']);
    }
    if ('requests' in phase.apiServerRequests) {
      const top = Object.entries(phase.apiServerRequests.requests).sort(([, a], [, b]) => b - a);
      const total = top.reduce((sum, [, n]) => sum + n, 0);
      result.push([`${phase.name}: API server requests`, `${total} in all; ${top.slice(0, 6).map(([key, n]) => `${key} ${n}`).join(', ')}`]);
    } else {
      result.push([`${phase.name}: API server requests`, `not measured: ${phase.apiServerRequests.notMeasured}`]);
    }
  }
  result.push(['wall time', ms(results.wallMs)]);
  return result;
}

export function printSummary(results: TestResults): string {
  const table = new Table({ head: [`${results.testName} (${results.runId})`, 'measured'], wordWrap: true, colWidths: [32, 90] });
  table.push(...rows(results));
  return table.toString();
}

export function toMarkdown(results: TestResults): string {
  const lines = [
    `# ${results.testName}: run ${results.runId}`,
    '',
    `Started ${results.startedAt} on ${results.cluster.provider} (${results.cluster.server}), Kubernetes ${results.cluster.kubernetesVersion}, controller ${results.cluster.controller ?? 'not started by this run'}.`,
    '',
    '| figure | measured |',
    '|---|---|',
    ...rows(results).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '## Samples',
    '',
    '| # | route | setup | accepted | attachedRoutes | route ready | teardown |',
    '|---|---|---|---|---|---|---|',
    ...results.samples.map((s) => `| ${s.index + 1} | ${s.route} | ${ms(s.setupMs)} | ${ms(s.acceptedMs)} | ${ms(s.attachedMs)} | ${ms(s.routeReadyMs)} | ${ms(s.teardownMs)} |`),
    '',
  ];
  return lines.join('\n');
}

/** Writes <dir>/<runId>-<test>.json and .md; returns the paths. */
export function writeReports(results: TestResults, dir: string): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${results.runId}-${results.testName}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${base}.md`, toMarkdown(results));
  return { json: `${base}.json`, markdown: `${base}.md` };
}
