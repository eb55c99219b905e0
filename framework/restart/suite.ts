// The ControllerRestart suite (suites/controllerRestart.test.ts): the Attached Routes baseline, then the controller
// restarted. Its own figures: the recovery's milestones and the statuses that changed, each measured once per run.
import { attachedRoutesSuite } from '../loadtest/suite.js';
import type { Suite } from '../suite/suite.js';
import { recoveryChartSvg } from './chart.js';
import { restartFigures } from './figures.js';
import { isRestartResults, type RestartResults } from './results.js';

function restartResults(results: Parameters<Suite['figures']>[0]): RestartResults {
  if (!isRestartResults(results))
    throw new Error(`results of ${results.testName} (run ${results.runId}) have no restart field: not a ControllerRestart run's results`);
  return results;
}

export const controllerRestartSuite: Suite = {
  name: 'ControllerRestart',
  title: 'Controller Restart',
  file: 'suites/controllerRestart.test.ts',
  project: 'cluster',
  tests: [{ name: 'ControllerRestart', command: 'restart', routesVariable: 'LOADTEST_RESTART_ROUTES', defaultRoutes: 1000 }],
  phases: [
    { name: 'baseline', about: 'N routes created in batches until every one is attached (as Attached Routes)' },
    { name: 'recovery', about: 'the controller restarted: from the restart request until it is ready and serves every route again' },
  ],
  // Restart -> ready and every route in xDS again.
  primaryFigure: 'restart: recovery',
  figures: (results) => restartFigures(restartResults(results)),
  // Every figure of its own is measured once per run: none to draw as a distribution.
  compareKeys: [],
  async charts(results) {
    const restarted = restartResults(results);
    const title = `${results.testName}: recovery after the restart at ${results.config.routes} routes (threshold dashed)`;
    return [{ name: 'recovery', title, svg: await recoveryChartSvg(restarted, title) }];
  },
  // Attached Routes' table, empty: the restart follows the baseline, with no incremental samples.
  sampleTable: (results) => attachedRoutesSuite.sampleTable(results),
};
