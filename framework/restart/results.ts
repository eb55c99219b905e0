// What a ControllerRestart run measured: the Attached Routes results of its baseline (no samples), the phase
// "recovery" among its phases, and the restart's own figures.
import type { TestResults } from '../loadtest/results.js';
import type { RestartFigures } from './controllerRestart.js';

export type RestartResults = TestResults & { readonly restart: RestartFigures };

export function isRestartResults(results: TestResults): results is RestartResults {
  return typeof (results as { restart?: unknown }).restart === 'object' && (results as { restart?: unknown }).restart !== null;
}
