// The labels that mark what a run created: every object carries the run's and the tool's label.

/** The label every object of a run carries, and its value. */
export const RUN_LABEL = 'loadtest.gateway-api.io/run';
/** The label every object this tool creates carries, whatever the run (for cleaning up after crashed runs). */
export const TOOL_LABEL = 'app.kubernetes.io/managed-by';
export const TOOL_NAME = 'gateway-loadtest';

export function runLabels(runId: string): Record<string, string> {
  return { [RUN_LABEL]: runId, [TOOL_LABEL]: TOOL_NAME };
}

/** The label selector of one run's objects, or (without a run id) of every run's. */
export function runSelector(runId?: string): string {
  return runId ? `${TOOL_LABEL}=${TOOL_NAME},${RUN_LABEL}=${runId}` : `${TOOL_LABEL}=${TOOL_NAME},${RUN_LABEL}`;
}
