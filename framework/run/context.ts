// What one run owns by name: its id, labels, selector and namespaces.
import { runLabels, runSelector } from './labels.js';

/** The namespace of a run's Gateway and routes. */
export function appNamespaceOf(runId: string): string {
  return `${runId}-app`;
}

export class RunContext {
  readonly labels: Readonly<Record<string, string>>;
  /** Selects this run's objects and nothing else. */
  readonly selector: string;
  /** The Gateway and its routes. */
  readonly appNamespace: string;
  /** The simulated cluster's Services and EndpointSlices. */
  readonly simNamespace: string;

  constructor(readonly runId: string) {
    this.labels = runLabels(runId);
    this.selector = runSelector(runId);
    this.appNamespace = appNamespaceOf(runId);
    this.simNamespace = `${runId}-sim`;
  }
}
