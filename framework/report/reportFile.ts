// The self-describing JSON report of one run: its envelope, and the reader that checks a file is one (the common part
// here, the suite's own part by its suite's schema). writeReport.ts writes it with its Markdown, HTML and charts.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { TestResults } from '../loadtest/results.js';
import { suiteOfTest, UnknownSuiteError } from '../suite/registry.js';
import type { Suite } from '../suite/suite.js';
import type { AttachmentPoint } from './charts.js';
import type { RunDescription } from './runDescription.js';

export const REPORT_SCHEMA_VERSION = 1;
export const REPORT_KIND = 'gateway-loadtest/run-report';

export interface RunReport {
  readonly kind: typeof REPORT_KIND;
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly run: RunDescription;
  readonly results: TestResults;
  /** The baseline's attachment curve, when the run recorded it. */
  readonly attachmentTimeline?: readonly AttachmentPoint[];
}

export class ReportFileError extends Error {
  override name = 'ReportFileError';
}

const notMeasured = z.object({ notMeasured: z.string() });
const maybeMs = z.union([z.number(), z.null(), notMeasured]);
const counts = z.record(z.string(), z.number());

// Only what the report and compare read is checked (see figures.ts); other fields pass through untouched. A suite's
// own fields are checked by its Suite.resultsSchema.
const reportSchema = z.object({
  kind: z.literal(REPORT_KIND),
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  run: z.object({
    generatedAt: z.string(),
    host: z.object({
      cpuModel: z.string(),
      cores: z.number().int().positive(),
      memoryBytes: z.number(),
      os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }),
    }),
    harness: z.union([z.object({ commit: z.string(), dirty: z.boolean() }), notMeasured]),
    controller: z.union([z.object({ name: z.string(), version: z.string(), origin: z.string() }), notMeasured]),
    kubernetesVersion: z.string(),
    settings: z.record(z.string(), z.unknown()),
  }),
  results: z.object({
    runId: z.string(),
    testName: z.string(),
    startedAt: z.string(),
    config: z.object({ routes: z.number().int().nonnegative() }),
    baseline: z.object({ attachMs: z.union([z.number(), notMeasured]) }),
    samples: z.array(
      z.object({ setupMs: z.number(), acceptedMs: maybeMs, attachedMs: maybeMs, routeReadyMs: maybeMs, teardownMs: z.number(), routeGoneMs: maybeMs }),
    ),
    phases: z.array(
      z.object({
        name: z.string(),
        writes: z.object({ gateway: z.number(), routes: z.number() }),
        controller: z
          .union([z.object({ cpuSeconds: z.number(), residentBytesPeak: z.number(), apiRequests: z.union([counts, notMeasured]) }), notMeasured])
          .optional(),
        apiServerRequests: z.union([z.object({ requests: counts }), notMeasured]),
      }),
    ),
  }),
  attachmentTimeline: z.array(z.object({ tMs: z.number(), created: z.number(), attached: z.number() })).optional(),
});

function suiteOf(source: string, testName: string): Suite {
  try {
    return suiteOfTest(testName);
  } catch (error) {
    throw error instanceof UnknownSuiteError ? new ReportFileError(`${source}: ${error.message}`) : error;
  }
}

function invalid(source: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): ReportFileError {
  const problems = issues.slice(0, 8).map((issue) => `  ${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`);
  return new ReportFileError(`${source}: not a valid run report:\n${problems.join('\n')}${issues.length > 8 ? `\n  ... and ${issues.length - 8} more` : ''}`);
}

/** Checks that `value` is a run report this reader understands; `source` names it in errors. */
export function parseRunReport(value: unknown, source: string): RunReport {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ReportFileError(`${source}: not a run report (the JSON is not an object)`);
  const record = value as Record<string, unknown>;
  if (!('schemaVersion' in record)) {
    const bare = 'testName' in record && 'samples' in record;
    throw new ReportFileError(
      `${source}: not a run report: it has no schemaVersion${bare ? ' (it looks like bare results from before reports described themselves; rerun to get a report that compare can read)' : ''}`,
    );
  }
  if (record.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new ReportFileError(
      `${source}: report schemaVersion ${JSON.stringify(record.schemaVersion)}; this harness reads schemaVersion ${REPORT_SCHEMA_VERSION}`,
    );
  }
  const checked = reportSchema.safeParse(value);
  if (!checked.success) throw invalid(source, checked.error.issues);
  // The suite checks its own fields, in the raw results (the common schema above drops fields it does not know).
  const own = suiteOf(source, checked.data.results.testName).resultsSchema?.safeParse((value as { results: unknown }).results);
  if (own && !own.success)
    throw invalid(
      source,
      own.error.issues.map((issue) => ({ ...issue, path: ['results', ...issue.path] })),
    );
  // Validated above; returned as written so that fields this reader does not check are kept.
  return value as RunReport;
}

/** Reads and checks a report file, with a clear error for a missing file, bad JSON or a file that is not a report. */
export function readRunReport(path: string): RunReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReportFileError(`${path}: cannot read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(`${path}: not JSON: ${(error as Error).message}`);
  }
  return parseRunReport(value, path);
}

export function runReport(results: TestResults, run: RunDescription, attachmentTimeline?: readonly AttachmentPoint[]): RunReport {
  return { kind: REPORT_KIND, schemaVersion: REPORT_SCHEMA_VERSION, run, results, ...(attachmentTimeline ? { attachmentTimeline } : {}) };
}
