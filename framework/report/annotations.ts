// What a run adds to the test results as annotations (Vitest's `annotate`): they reach the JUnit file as
// properties, GitHub Actions as annotations, and any reporter that shows attachments.

import type { TestResults } from '../loadtest/results.js';
import { isNotMeasured } from '../measure/notMeasured.js';

export interface RunAnnotation {
  readonly message: string;
  /** 'notice' (Vitest's default) or 'warning'. */
  readonly type: 'notice' | 'warning';
  readonly attachment?: { readonly path: string; readonly contentType: string };
}

/** The baseline's figures, the run's Markdown report as an attachment, and a warning if the Gateway needed nudges. */
export function baselineAnnotations(results: TestResults, markdownPath: string): RunAnnotation[] {
  const { routes } = results.config;
  const { createMs, attachMs } = results.baseline;
  const annotations: RunAnnotation[] = [
    {
      message: `baseline: ${routes} routes created in ${(createMs / 1000).toFixed(1)} s, ${isNotMeasured(attachMs) ? `all attached not measured (${attachMs.notMeasured})` : `all attached after ${(attachMs / 1000).toFixed(1)} s`}`,
      type: 'notice',
    },
    { message: `run report ${markdownPath}`, type: 'notice', attachment: { path: markdownPath, contentType: 'text/markdown' } },
  ];
  const { statusNudges, nudgedFor } = results.gateway;
  if (statusNudges > 0) {
    annotations.push({
      message: `the Gateway needed ${statusNudges} status nudge(s) before it was Accepted+Programmed: its controller wrote no status until nudged (${nudgedFor ?? 'a known controller bug'})`,
      type: 'warning',
    });
  }
  return annotations;
}
