// A run's results as rows of figures, rendered as a console table and as Markdown.
import Table from 'cli-table3';
import type { TestResults } from '../loadtest/results.js';
import { isNotMeasured, type Measured } from '../measure/notMeasured.js';
import { summarize } from './summary.js';

/** A duration, or "not measured: why". */
export function ms(value: Measured<number>): string {
  if (isNotMeasured(value)) return `not measured: ${value.notMeasured}`;
  return Number.isNaN(value) ? 'not measured: no values' : `${value.toFixed(1)} ms`;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A figure, or "not measured: why". */
function figure<T>(value: Measured<T>, show: (value: T) => string): string {
  return isNotMeasured(value) ? `not measured: ${value.notMeasured}` : show(value);
}

export function rows(results: TestResults): [string, string][] {
  const summary = summarize(results.samples);
  const { config, gateway } = results;
  const nudged = gateway.statusNudges
    ? ` after ${gateway.statusNudges} status nudge(s): the controller wrote no status until nudged (${gateway.nudgedFor ?? 'a known controller bug'})`
    : '';
  const result: [string, string][] = [
    ['routes (baseline)', String(config.routes)],
    ['samples', String(results.samples.length)],
    ['gateway Accepted+Programmed', `${ms(gateway.readyMs)}${nudged}`],
    ['baseline create', ms(results.baseline.createMs)],
    ['baseline all attached', ms(results.baseline.attachMs)],
    ['setup p50 / max', `${ms(summary.setupP50Ms)} / ${ms(summary.setupMaxMs)} (threshold ${config.thresholds.setupMs} ms)`],
    ['teardown p50 / max', `${ms(summary.teardownP50Ms)} / ${ms(summary.teardownMaxMs)} (threshold ${config.thresholds.teardownMs} ms)`],
    ['route ready (HTTP 302) p50', ms(summary.routeReadyP50Ms)],
  ];
  for (const phase of results.phases) {
    result.push([`${phase.name}: status writes`, figure(phase.writes, (w) => `Gateway ${w.gateway}, HTTPRoutes ${w.routes}`)]);
    result.push([
      `${phase.name}: controller`,
      figure(phase.controller, (c) => {
        const requests =
          Object.entries(c.apiRequests)
            .map(([method, n]) => `${method} ${n}`)
            .join(', ') || 'none';
        return `CPU ${c.cpuSeconds.toFixed(2)} s, RSS peak ${mib(c.residentBytesPeak)}, end ${mib(c.residentBytesEnd)}, API requests ${requests}`;
      }),
    ]);
    result.push([
      `${phase.name}: API server requests`,
      figure(phase.apiServerRequests, ({ requests }) => {
        const top = Object.entries(requests).sort(([, a], [, b]) => b - a);
        const total = top.reduce((sum, [, n]) => sum + n, 0);
        return `${total} in all; ${top
          .slice(0, 6)
          .map(([key, n]) => `${key} ${n}`)
          .join(', ')}`;
      }),
    ]);
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
  const { cluster } = results;
  return [
    `# ${results.testName}: run ${results.runId}`,
    '',
    `Started ${results.startedAt} on ${cluster.provider} (${cluster.server}), Kubernetes ${cluster.kubernetesVersion}, controller ${cluster.controller ?? 'not started by this run'}.`,
    '',
    '| figure | measured |',
    '|---|---|',
    ...rows(results).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '## Samples',
    '',
    '| # | route | setup | accepted | attachedRoutes | route ready | teardown |',
    '|---|---|---|---|---|---|---|',
    ...results.samples.map(
      (s) => `| ${s.index + 1} | ${s.route} | ${ms(s.setupMs)} | ${ms(s.acceptedMs)} | ${ms(s.attachedMs)} | ${ms(s.routeReadyMs)} | ${ms(s.teardownMs)} |`,
    ),
    '',
  ].join('\n');
}
