// A run's creates, and what happens to them on Ctrl-C or a CI timeout: creating stops, creates in flight are let
// finish (so nothing lands in a namespace being deleted, which would hold up its termination), then everything the
// run created is deleted by its label, with one retry only and without waiting for namespaces to go (on the local
// provider the API server is being stopped at the same moment).
import { onInterrupt } from '../cluster/process/processes.js';
import type { KubeHttp } from '../kube/http.js';
import type { RunContext } from './context.js';
import { createOwned, deleteRun, type OwnedObject } from './ownership.js';

export class RunCreates {
  private readonly inFlight = new Set<Promise<void>>();
  private interrupted = false;
  private readonly removeInterruptHandler: () => void;

  constructor(
    private readonly http: KubeHttp,
    private readonly run: RunContext,
  ) {
    this.removeInterruptHandler = onInterrupt(async () => {
      this.interrupted = true;
      await Promise.allSettled([...this.inFlight]);
      await deleteRun(this.http, this.run.runId, { retries: 1, wait: false });
    });
  }

  /** Creates an object of this run (refused once the run is interrupted). */
  create(collection: string, object: OwnedObject): Promise<void> {
    if (this.interrupted) return Promise.reject(new Error(`interrupted: ${object.metadata.name} not created`));
    const request = createOwned(this.http, collection, object, this.run.runId);
    this.inFlight.add(request);
    const done = () => this.inFlight.delete(request);
    request.then(done, done);
    return request;
  }

  /**
   * Creates (or updates) an object of this run by server-side apply, as tools built on client-go's apply do (refused
   * once the run is interrupted). `object` must carry the run's labels: nothing else marks it as the run's.
   */
  apply(objectPath: string, object: OwnedObject, fieldManager: string): Promise<void> {
    if (this.interrupted) return Promise.reject(new Error(`interrupted: ${object.metadata.name} not applied`));
    const request = this.http.apply(objectPath, object, fieldManager).then(() => undefined);
    this.inFlight.add(request);
    const done = () => this.inFlight.delete(request);
    request.then(done, done);
    return request;
  }

  /** The run is over: an interrupt no longer needs to clean up after it. */
  close(): void {
    this.removeInterruptHandler();
  }
}
