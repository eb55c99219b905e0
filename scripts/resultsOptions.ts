// Where `npm run results` reads and writes, what the README headlines, and the published figures it sets the
// gateway-api-bench workload's runs beside: shared by the command and its unit test.
import { GATEWAY_API_BENCH_CONDITIONS } from '../framework/controllers/controller.js';
import { controllerNames, publishedBenchOf } from '../framework/controllers/index.js';
import type { ResultsOptions } from '../framework/report/resultsPages.js';

export const RESULTS_OPTIONS: ResultsOptions = {
  // The Baseline: the test the README's two commands run, the one every controller has.
  headlineTest: 'AttachedRoutesBaseline',
  controllerOrder: controllerNames(),
  resultsDir: 'docs/results',
  // The controller modules' publishedBench, as `compare:implementations --workload gateway-api-bench` shows them.
  published: { ...GATEWAY_API_BENCH_CONDITIONS, figures: publishedBenchOf(controllerNames()) },
};
