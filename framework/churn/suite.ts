// The Churn suite (suites/churn.test.ts): the Attached Routes baseline, then a steady stream of changes of each kind,
// one phase per kind. Its own figures: per kind, the convergence times; per phase, what one change cost.
import { z } from 'zod';
import type { Suite } from '../suite/suite.js';
import { CHURN_KEY_PREFIX, churnChangeTable, churnFigures } from './figures.js';
import { CHANGE_KINDS, type ChurnResults, isChurnResults } from './results.js';

function churnResults(results: Parameters<Suite['figures']>[0]): ChurnResults {
  if (!isChurnResults(results)) throw new Error(`results of ${results.testName} (run ${results.runId}) have no churn field: not a Churn run's results`);
  return results;
}

const maybeMs = z.union([z.number(), z.null(), z.object({ notMeasured: z.string() })]);

export const churnSuite: Suite = {
  name: 'Churn',
  title: 'Churn',
  file: 'suites/churn.test.ts',
  project: 'cluster',
  tests: [{ name: 'Churn', command: 'churn', routesVariable: 'LOADTEST_CHURN_ROUTES', defaultRoutes: 1000 }],
  phases: [
    { name: 'baseline', about: 'N routes created in batches until every one is attached (as Attached Routes)' },
    { name: 'baseline tail', about: "the controller's CPU falling back below the quiet level after the baseline" },
    { name: 'idle', about: "nothing changes: the controller's background cost, read against each change's" },
    { name: 'churn: ...', about: 'one phase per kind of change (framework/churn/runner.ts), a steady stream of changes, each converged' },
  ],
  // A route added: request -> its status written, the change users make most.
  primaryFigure: `${CHURN_KEY_PREFIX}routeAdd:status`,
  resultsSchema: z.object({
    churn: z.object({
      idlePhase: z.string(),
      phases: z.array(z.object({ name: z.string(), kinds: z.array(z.string()) })),
      changes: z.array(z.object({ kind: z.string(), phase: z.string(), statusMs: maybeMs, xdsMs: maybeMs })),
    }),
  }),
  figures: (results) => churnFigures(churnResults(results)),
  compareKeys: CHANGE_KINDS.flatMap((kind) => [`${CHURN_KEY_PREFIX}${kind}:status`, `${CHURN_KEY_PREFIX}${kind}:xds`]),
  charts: async () => [],
  sampleTable: (results) => ({ noun: 'changes', ...churnChangeTable(churnResults(results)) }),
};
