// Run ids: sortable by time, unique, valid as a label value and inside a namespace name.
import { randomBytes } from 'node:crypto';

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return `lt${stamp}${randomBytes(2).toString('hex')}`;
}

/** When a run started, read back from its id (UTC, to the second); undefined for ids not made by newRunId. */
export function runStartedAt(runId: string): Date | undefined {
  const match = /^lt(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})[0-9a-f]{4}$/.exec(runId);
  if (!match) return undefined;
  const [, yy, mo, dd, hh, mi, ss] = match.map(Number) as number[];
  return new Date(Date.UTC(2000 + (yy ?? 0), (mo ?? 1) - 1, dd, hh, mi, ss));
}
