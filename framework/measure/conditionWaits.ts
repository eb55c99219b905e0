// Waits on a condition over state that events change: each resolves with the arrival time of the event after which
// its condition holds, so a wait registered before a request times that request's effect (watch events, xDS pushes).

/** A wait that ran out of time: the condition never held (a capacity ladder tells this from other failures). */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

interface Waiter {
  condition: () => boolean;
  resolve: (at: number) => void;
  reject: (error: Error) => void;
}

export class ConditionWaits {
  private readonly waiters = new Set<Waiter>();

  /**
   * Resolves with the arrival time of the event that made `condition` true (or now, if it already is). Register it
   * before the action it measures.
   */
  add(condition: () => boolean, timeoutMs: number, describeTimeout: () => string): Promise<number> {
    if (condition()) return Promise.resolve(performance.now());
    const promise = new Promise<number>((resolve, reject) => {
      const settle = (action: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        action();
      };
      const waiter: Waiter = {
        condition,
        resolve: (at) => settle(() => resolve(at)),
        reject: (error) => settle(() => reject(error)),
      };
      const timer = setTimeout(() => waiter.reject(new WaitTimeoutError(describeTimeout())), timeoutMs);
      // An abandoned wait (its run already failed) must not keep the process alive.
      timer.unref();
      this.waiters.add(waiter);
    });
    // A caller that gave up on the wait (its test already failed) must not cause an unhandled rejection.
    promise.catch(() => {});
    return promise;
  }

  /** After an event that arrived at `at`: resolves every wait whose condition now holds. */
  check(at: number): void {
    for (const waiter of this.waiters) if (waiter.condition()) waiter.resolve(at);
  }

  rejectAll(error: Error): void {
    for (const waiter of this.waiters) waiter.reject(error);
  }

  /** Drops pending waits (their runs are over): they never resolve; their unref'd timers still reject, unobserved. */
  clear(): void {
    this.waiters.clear();
  }
}
