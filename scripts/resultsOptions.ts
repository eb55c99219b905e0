// Where `npm run results` reads and writes, and what the README headlines: shared by the command and its unit test.
import { controllerNames } from '../framework/controllers/index.js';
import type { ResultsOptions } from '../framework/report/resultsPages.js';

export const RESULTS_OPTIONS: ResultsOptions = {
  // The Baseline: the test the README's two commands run, the one every controller has.
  headlineTest: 'AttachedRoutesBaseline',
  controllerOrder: controllerNames(),
  resultsDir: 'docs/results',
};
