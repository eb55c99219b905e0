// Whether the controller and the API server worked for this run alone: other runs of this tool whose namespaces
// exist in the cluster during a phase share both, so that phase's controller and API-server figures are "shared".
// A watch on the namespaces every run labels (run/labels.ts), so that a run that comes and goes within a phase counts.
import type { KubeHttp } from '../kube/http.js';
import type { KubeObject } from '../kube/object.js';
import { CollectionWatch, type WatchEvent } from '../kube/watch.js';
import { RUN_LABEL, runSelector } from '../run/labels.js';
import type { PhaseMeasurement } from './measurement.js';
import { type Measured, notMeasured } from './notMeasured.js';

export interface OtherRuns {
  /** Ids of other runs whose namespaces existed at some moment of the phase (terminating ones included). */
  readonly runs: readonly string[];
}

export class OtherRunsMeasurement implements PhaseMeasurement<OtherRuns> {
  /** Namespaces of other runs present now, by name, with their run id. */
  private readonly present = new Map<string, string>();
  private seenInPhase = new Set<string>();
  private readonly watch: CollectionWatch<KubeObject>;
  private failure: string | undefined;

  constructor(
    http: KubeHttp,
    private readonly ownRunId: string,
  ) {
    this.watch = new CollectionWatch<KubeObject>(http, '/api/v1/namespaces', runSelector(), this.onEvent);
  }

  private onEvent = (event: WatchEvent<KubeObject>): void => {
    const name = event.object.metadata?.name ?? '';
    const run = event.object.metadata?.labels?.[RUN_LABEL];
    if (!run || run === this.ownRunId) return;
    if (event.type === 'DELETED') this.present.delete(name);
    else {
      this.present.set(name, run);
      this.seenInPhase.add(run);
    }
  };

  async start(): Promise<void> {
    try {
      await this.watch.start();
    } catch (error) {
      this.failure = `the namespaces could not be watched (${(error as Error).message})`;
    }
    this.seenInPhase = new Set(this.present.values());
  }

  async collect(): Promise<Measured<OtherRuns>> {
    const runs = [...this.seenInPhase].sort();
    this.seenInPhase = new Set(this.present.values());
    return this.failure ? notMeasured(this.failure) : { runs };
  }

  stop(): void {
    this.watch.stop();
  }
}
