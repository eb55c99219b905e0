// Writing a run's JSON and Markdown reports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestResults } from '../loadtest/results.js';
import { toMarkdown } from './render.js';

/** Writes <dir>/<runId>-<test>.json and .md; returns the paths. */
export function writeReports(results: TestResults, dir: string): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${results.runId}-${results.testName}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${base}.md`, toMarkdown(results));
  return { json: `${base}.json`, markdown: `${base}.md` };
}
