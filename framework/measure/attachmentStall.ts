// Attachment stalls: the longest time during the baseline in which routes existed that were not yet attached and the
// listener's attachedRoutes did not move. Read from the attachment curve (measure/attachmentCurve.ts), whose points
// come from events only. A controller that stalls in some runs and not in others gives a bimodal attach time: the
// reports name the stall, and stallDifference() says when runs that are compared differ in it.
import type { AttachmentPoint } from '../report/charts.js';
import type { Measured } from './notMeasured.js';

/** A stall longer than this is called one in reports (issue 22 saw the count stand at about 800 of 1,000 for over 10 s). */
export const STALL_THRESHOLD_MS = 5000;

export interface AttachmentStall {
  /** How long the listener's count stood still while created routes waited. */
  readonly ms: number;
  /** When it began and ended, in ms since the first create request (the curve's origin). */
  readonly fromMs: number;
  readonly toMs: number;
  /** The listener's attachedRoutes during the stall. */
  readonly attachedRoutes: number;
  /** Routes created by its end. */
  readonly created: number;
}

/**
 * The longest stall of a curve: for each stretch in which the listener's count stayed the same, the time from the
 * moment more routes existed than it counted to the next change of the count (or the curve's end). A curve without
 * listener counts (reports written before they were recorded) gives notMeasured.
 */
export function longestAttachmentStall(points: readonly AttachmentPoint[]): Measured<AttachmentStall> {
  if (points.length === 0) return { notMeasured: 'the run recorded no attachment curve' };
  if (points.every((point) => point.listener === undefined)) {
    return { notMeasured: "the attachment curve has no listener counts (recorded before they were, or the Gateway's status was never current)" };
  }
  let longest: AttachmentStall = { ms: 0, fromMs: 0, toMs: 0, attachedRoutes: 0, created: 0 };
  let count: number | undefined;
  let since: number | undefined;
  let created = 0;
  const close = (at: number) => {
    if (since !== undefined && count !== undefined && at - since > longest.ms) {
      longest = { ms: at - since, fromMs: since, toMs: at, attachedRoutes: count, created };
    }
    since = undefined;
  };
  for (const point of points) {
    // An unknown count (the Gateway's status not for its current generation) is no move of the count.
    const listener = point.listener ?? count;
    if (listener !== count) {
      close(point.tMs);
      count = listener;
    }
    created = point.created;
    if (since === undefined && count !== undefined && point.created > count) since = point.tMs;
  }
  close(points.at(-1)?.tMs ?? 0);
  return longest;
}

/** One group of runs (an A/B arm, a side of a comparison) and each run's longest stall. */
export interface StallGroup {
  readonly label: string;
  readonly stalls: readonly Measured<AttachmentStall>[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * A sentence for the report when the groups differ in stalls longer than `thresholdMs` (some runs of one group stalled
 * and fewer of the other's, or only some runs of one group did), else undefined. For the A/B verdict and compare: a
 * figure made bimodal by stalls is not a slowdown, and a verdict must say so rather than call it one.
 */
export function stallDifference(groups: readonly StallGroup[], thresholdMs = STALL_THRESHOLD_MS): string | undefined {
  const summaries = groups.map(({ label, stalls }) => {
    const measured = stalls.filter((stall): stall is AttachmentStall => !('notMeasured' in stall));
    const stalled = measured.filter((stall) => stall.ms > thresholdMs);
    return { label, runs: measured.length, stalled };
  });
  const measuredGroups = summaries.filter((summary) => summary.runs > 0);
  if (measuredGroups.length === 0) return undefined;
  const fractions = measuredGroups.map((summary) => summary.stalled.length / summary.runs);
  const mixedWithin = measuredGroups.some((summary) => summary.stalled.length > 0 && summary.stalled.length < summary.runs);
  const differBetween = new Set(fractions).size > 1;
  if (!mixedWithin && !differBetween) return undefined;
  const parts = measuredGroups.map(
    ({ label, runs, stalled }) =>
      `${label}: ${stalled.length} of ${runs} run(s) stalled${stalled.length ? ` (${stalled.map((stall) => `${seconds(stall.ms)} at ${stall.attachedRoutes} of ${stall.created}`).join(', ')})` : ''}`,
  );
  return (
    `The runs differ in attachment stalls longer than ${seconds(thresholdMs)} (the listener's attachedRoutes standing still while created routes waited): ${parts.join('; ')}. ` +
    'Attach times are then bimodal: a difference in them may be stalls in some runs, not a slowdown of every run.'
  );
}
