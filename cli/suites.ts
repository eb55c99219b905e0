// The suites `gateway-loadtest run <suite>` runs: a Vitest file and its -t filter in the cluster tier, the variable
// its --routes sets, and the checks of its own settings that can fail before a cluster starts. A suite added later
// is one more entry here and in framework/suite/registry.ts; suites/unit/suiteRegistry.test.ts keeps the two in step.
import { churnSection } from '../framework/churn/section.js';
import type { SettingSpec } from '../framework/config/section.js';
import type { Env } from '../framework/env.js';
import { ladderSection } from '../framework/ladder/config.js';
import { baselineSection, productionSection } from '../framework/loadtest/section.js';
import { restartSection } from '../framework/restart/section.js';

export interface RunnableSuite {
  readonly name: string;
  /** One line for --help. */
  readonly description: string;
  /** The test file, relative to the package root. */
  readonly file: string;
  /** Vitest's -t filter: the describe block of the suite, as the npm scripts and VS Code filter on it. */
  readonly testName: string;
  /** The setting of its route count, which --routes sets. */
  readonly routes: SettingSpec<number> & { readonly default: number };
  /** Reads the suite's settings as the run will, so that a bad one fails now (ConfigError). */
  check(env: Env): Promise<void>;
}

async function checkAttachedRoutes(env: Env, testName: string, block: string, routes: number, samples?: number): Promise<number> {
  // Imported when a run is checked: `--help` and `config` need none of the framework.
  const { readAttachedRoutesConfig } = await import('../framework/loadtest/settings.js');
  const { readCompareTo } = await import('../framework/report/compareTo.js');
  // The class is the controller's, known once the cluster runs; any name reads the other settings.
  const config = readAttachedRoutesConfig(env, block, routes, 'any', samples);
  readCompareTo(env, testName, config.routes);
  return config.routes;
}

export const RUNNABLE_SUITES: readonly RunnableSuite[] = [
  {
    name: 'baseline',
    description: 'AttachedRoutesBaseline: setup and teardown of one route at a time beside 1,000 attached routes',
    file: 'suites/attachedRoutes.test.ts',
    testName: 'AttachedRoutesBaseline',
    routes: baselineSection.settings.routes,
    check: async (env) => void (await checkAttachedRoutes(env, 'AttachedRoutesBaseline', 'BASELINE', baselineSection.settings.routes.default)),
  },
  {
    name: 'production',
    description: 'AttachedRoutesProduction: the same beside 5,000 attached routes',
    file: 'suites/attachedRoutes.test.ts',
    testName: 'AttachedRoutesProduction',
    routes: productionSection.settings.routes,
    check: async (env) => void (await checkAttachedRoutes(env, 'AttachedRoutesProduction', 'PRODUCTION', productionSection.settings.routes.default)),
  },
  {
    name: 'restart',
    description: 'ControllerRestart: the controller restarted under 1,000 routes, until it is ready and its xDS complete',
    file: 'suites/controllerRestart.test.ts',
    testName: 'ControllerRestart',
    routes: restartSection.settings.routes,
    check: async (env) => {
      const routes = await checkAttachedRoutes(env, 'ControllerRestart', 'RESTART', restartSection.settings.routes.default);
      const { readRestartConfig } = await import('../framework/restart/restartConfig.js');
      readRestartConfig(env, routes, 'any');
    },
  },
  {
    name: 'churn',
    description: 'Churn: a steady stream of changes of each kind beside 1,000 routes, timed to status and xDS',
    file: 'suites/churn.test.ts',
    testName: 'Churn',
    routes: churnSection.settings.routes,
    check: async (env) => {
      await checkAttachedRoutes(env, 'Churn', 'CHURN', churnSection.settings.routes.default, 1);
      const { readChurnConfig } = await import('../framework/churn/config.js');
      readChurnConfig(env);
    },
  },
  {
    name: 'ladder',
    description: 'CapacityLadder: the baseline raised step by step (200, 500, 1,000 routes unless told) until a step crosses a limit, the knee',
    file: 'suites/capacityLadder.test.ts',
    testName: 'CapacityLadder',
    routes: ladderSection.settings.routes,
    check: async (env) => {
      const { readLadderConfig } = await import('../framework/ladder/config.js');
      const ladder = readLadderConfig(env);
      // Each step reads the Attached Routes settings at its own count; the top step's are the strictest.
      await checkAttachedRoutes(env, 'CapacityLadder', 'LADDER', ladder.steps.at(-1) as number, ladder.samples);
    },
  },
];
