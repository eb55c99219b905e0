// Every figure of a run, as reports, `compare` and A/B read them: its suite's own (found through the registry by the
// results' testName), then those every run has.
import type { TestResults } from '../loadtest/results.js';
import { suiteOfTest } from '../suite/registry.js';
import { baselineAndPhaseFigures, type Figure } from './figures.js';

export function figuresOf(results: TestResults): Figure[] {
  return [...suiteOfTest(results.testName).figures(results), ...baselineAndPhaseFigures(results)];
}
