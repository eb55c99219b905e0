// "Not measured, and why": the one representation of a missing figure, in results, JSON and reports alike.

export interface NotMeasured {
  readonly notMeasured: string;
}

/** A figure, or why it could not be measured. */
export type Measured<T> = T | NotMeasured;

export function notMeasured(reason: string): NotMeasured {
  return { notMeasured: reason };
}

export function isNotMeasured(value: unknown): value is NotMeasured {
  return typeof value === 'object' && value !== null && 'notMeasured' in value;
}
