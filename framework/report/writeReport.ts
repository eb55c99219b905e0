// Writes one run's report: the JSON (reportFile.ts), and for people the Markdown, HTML and SVG charts (runReport.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TestResults } from '../loadtest/results.js';
import type { AttachmentPoint } from './charts.js';
import { runReport } from './reportFile.js';
import type { RunDescription } from './runDescription.js';
import { runCharts, runHtml, runMarkdown } from './runReport.js';

export interface WrittenReport {
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
  readonly charts: readonly string[];
}

/**
 * Writes <dir>/<runId>-<testName>.json (the report), .md (embedding the SVG charts by relative links), .html
 * (self-contained) and -<chart>.svg.
 */
export async function writeRunReport(
  results: TestResults,
  run: RunDescription,
  dir: string,
  attachmentTimeline?: readonly AttachmentPoint[],
): Promise<WrittenReport> {
  const report = runReport(results, run, attachmentTimeline);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${results.runId}-${results.testName}`);
  const charts = await runCharts(report);
  const chartFiles = charts.map((chart) => ({ ...chart, path: `${base}-${chart.name}.svg` }));
  for (const chart of chartFiles) writeFileSync(chart.path, chart.svg);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    `${base}.md`,
    runMarkdown(
      report,
      chartFiles.map((chart) => ({ title: chart.title, href: `./${basename(chart.path)}` })),
    ),
  );
  writeFileSync(`${base}.html`, runHtml(report, charts));
  return { json: `${base}.json`, markdown: `${base}.md`, html: `${base}.html`, charts: chartFiles.map((chart) => chart.path) };
}
