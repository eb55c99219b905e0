// The CapacityLadder suite (suites/capacityLadder.test.ts): the Attached Routes baseline raised step by step on one
// control plane, with incremental samples at each step, until a step crosses a limit (the knee). Its own figures: each
// step's samples and costs, the knee, the growth exponents, and the harness's share at the top step.
import { z } from 'zod';
import type { Suite } from '../suite/suite.js';
import { ladderChartSvg } from './chart.js';
import { CI_LADDER, FULL_LADDER, ladderSection } from './config.js';
import { LADDER_KEY_PREFIX, ladderFigures, ladderStepTable } from './figures.js';
import { isLadderResults, type LadderResults } from './results.js';

function ladderResults(results: Parameters<Suite['figures']>[0]): LadderResults {
  if (!isLadderResults(results))
    throw new Error(`results of ${results.testName} (run ${results.runId}) have no ladder field: not a CapacityLadder run's results`);
  return results;
}

/** The per-sample figures of every step of the default ladders: drawn as distributions and compared first. */
const DEFAULT_STEPS = [...new Set([...CI_LADDER, ...FULL_LADDER])];

const maybeNumber = z.number().nullable();

export const capacityLadderSuite: Suite = {
  name: 'CapacityLadder',
  title: 'Capacity Ladder',
  file: 'suites/capacityLadder.test.ts',
  project: 'cluster',
  // Its route count is the ladder's top step (LOADTEST_LADDER_STEPS sets every step instead).
  tests: [
    {
      name: 'CapacityLadder',
      command: 'ladder',
      routesVariable: ladderSection.settings.routes.env,
      defaultRoutes: ladderSection.settings.routes.default,
    },
  ],
  phases: [{ name: 'step ...', about: "per step: the baseline raised to the step's route count ('baseline'), then the incremental samples ('incremental')" }],
  // Setup at 1,000 routes: a step of the cluster tier's ladder, of the full ladder and of `run ladder` without --routes,
  // so two ladders of the usual kinds both have it, with samples for an interval.
  primaryFigure: `${LADDER_KEY_PREFIX}1000:setup`,
  resultsSchema: z.object({
    ladder: z.object({
      steps: z.array(z.object({ routes: z.number(), samples: z.array(z.object({ setupMs: z.number() })), phases: z.array(z.string()) })),
      knee: z.object({ routes: z.number(), kind: z.string(), reason: z.string() }).nullable(),
      growth: z.record(z.string(), z.object({ values: z.array(maybeNumber) })),
    }),
  }),
  figures: (results) => ladderFigures(ladderResults(results)),
  compareKeys: DEFAULT_STEPS.flatMap((routes) => ['setup', 'routeReady', 'teardown'].map((key) => `${LADDER_KEY_PREFIX}${routes}:${key}`)),
  async charts(results) {
    const ladder = ladderResults(results);
    const { knee } = ladder.ladder;
    const at = knee ? `knee at ${knee.routes} routes (${knee.kind})` : 'no knee within the ladder';
    const title = `${results.testName}: each cost against the baseline route count, log-log, with its power-law fit (${at})`;
    return [{ name: 'growth', title, svg: await ladderChartSvg(ladder, title) }];
  },
  sampleTable: (results) => ({ noun: 'steps', ...ladderStepTable(ladderResults(results)) }),
};
