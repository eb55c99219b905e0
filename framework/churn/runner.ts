// The Churn suite's run after the Attached Routes baseline: an idle phase (the controller's background cost), then
// one phase per kind of change, each a steady stream of changes for a fixed time, one change converged before the
// next is sent, never faster than one per interval. The stable route is checked in every RDS push throughout.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Progress } from '../cluster/build/progress.js';
import type { LoadTestManager } from '../loadtest/attachedRoutes.js';
import { GATEWAY_NAME } from '../loadtest/routes.js';
import { isNotMeasured, type Measured, notMeasured } from '../measure/notMeasured.js';
import { describeStableProbe, type StableProbeFigures } from '../measure/stableProbe.js';
import { quantiles } from '../report/statistics.js';
import { formatQuantiles } from '../report/summary.js';
import { type AppliedChange, ChurnChanges } from './changes.js';
import type { ChurnConfig } from './config.js';
import { type QuietCpu, waitForQuietCpu } from './quietCpu.js';
import type { ChangeKind, ChurnChange, ChurnPhase, ChurnResults, StableRouteCheck } from './results.js';
import { RouteGenerations } from './routeGenerations.js';
import { StableRouteWatch } from './stableRoute.js';

interface PhasePlan {
  readonly name: string;
  readonly kinds: readonly ChangeKind[];
  /** The k-th change of the phase. */
  readonly next: (changes: ChurnChanges, k: number) => Promise<AppliedChange>;
  /** Whether changes come in pairs (add, then delete) that must end together, so each phase leaves the baseline as it was. */
  readonly pairs: boolean;
}

export const IDLE_PHASE = 'idle';
export const TAIL_PHASE = 'baseline tail';

const PLANS: readonly PhasePlan[] = [
  { name: 'churn: routes added and deleted', kinds: ['routeAdd', 'routeDelete'], next: (c) => c.addOrDeleteRoute(), pairs: true },
  { name: "churn: routes' paths changed", kinds: ['routePath'], next: (c, k) => c.changePath(k), pairs: false },
  { name: "churn: routes' backends changed", kinds: ['routeBackend'], next: (c, k) => c.changeBackend(k), pairs: false },
  { name: 'churn: EndpointSlices changed', kinds: ['endpointSlice'], next: (c, k) => c.moveEndpoint(k), pairs: false },
  {
    name: 'churn: unrouted Services added and deleted',
    kinds: ['irrelevantServiceAdd', 'irrelevantServiceDelete'],
    next: (c) => c.addOrDeleteUnroutedService(),
    pairs: true,
  },
];

export async function runChurn(
  manager: LoadTestManager,
  config: ChurnConfig,
  progress: Progress,
  metricsUrl: string | undefined,
): Promise<ChurnResults['churn']> {
  const { parts, simulated, xds } = manager.baselineParts;
  const controllerName = parts.tracker.controllerName;
  if (!controllerName) throw new Error('the preflight has not run: the GatewayClass controller is not known');
  const generations = new RouteGenerations(parts.http, parts.routes.routesPath, parts.run.selector, GATEWAY_NAME, controllerName);
  await generations.start();
  const changes = new ChurnChanges(parts, simulated, xds, generations, config);
  const done: ChurnChange[] = [];
  const phases: ChurnPhase[] = [];
  let stable: StableRouteWatch | undefined;
  let stableProbe: ReturnType<LoadTestManager['probeStableRoute']> | undefined;
  let stableHttp: Measured<StableProbeFigures> = notMeasured('the churn did not start');
  let tail: Measured<QuietCpu> = notMeasured('no controller metrics endpoint known (LOADTEST_CONTROLLER_METRICS_URL)');
  try {
    if (metricsUrl) {
      const url = metricsUrl;
      await manager.measuredPhase(TAIL_PHASE, async () => {
        tail = await waitForQuietCpu(url, { cores: config.quietCores, windows: 2, maxMs: config.quietMaxMs });
        progress(
          `[churn] the controller's CPU ${tail.quiet ? 'fell below' : 'did not fall below'} ${config.quietCores} cores after ${(tail.waitedMs / 1000).toFixed(1)} s (last second: ${tail.lastCores.toFixed(2)} cores)`,
        );
      });
    }
    progress(`[churn] idle for ${config.idleMs} ms: the controller's background cost`);
    await manager.measuredPhase(IDLE_PHASE, () => sleep(config.idleMs));
    const startedAt = performance.now();
    stable = isNotMeasured(xds) ? undefined : new StableRouteWatch(xds, changes.stableRoute(), startedAt, () => changes.inFlight);
    // And by real traffic where a data plane serves the Gateway: its redirect rule, requested throughout the changes.
    stableProbe = manager.probeStableRoute();
    for (const plan of PLANS) {
      await manager.measuredPhase(plan.name, async () => {
        const { changes: phaseChanges, streamMs } = await stream(plan, changes, config);
        done.push(...phaseChanges);
        phases.push({ name: plan.name, kinds: plan.kinds, streamMs });
        progress(`[${plan.name}] ${phaseChanges.length} changes in ${(streamMs / 1000).toFixed(1)} s; ${describe(phaseChanges)}`);
      });
    }
  } finally {
    generations.stop();
    stableHttp = (await stableProbe?.stop()) ?? notMeasured('the churn did not start');
  }
  const stableRoute: Measured<StableRouteCheck> = stable ? stable.stop() : notMeasured(isNotMeasured(xds) ? xds.notMeasured : 'no xDS observer');
  if (!isNotMeasured(stableHttp)) progress(`[churn] stable route through the data plane: ${describeStableProbe(stableHttp)}`);
  return { config, baselineTail: tail, idlePhase: IDLE_PHASE, phases, changes: done, stableRoute, stableRouteHttp: stableHttp };
}

async function stream(plan: PhasePlan, changes: ChurnChanges, config: ChurnConfig): Promise<{ changes: ChurnChange[]; streamMs: number }> {
  const applied: AppliedChange[] = [];
  const start = performance.now();
  let lastStart = Number.NEGATIVE_INFINITY;
  for (let k = 0; performance.now() - start < config.phaseMs || (plan.pairs && k % 2 === 1); k++) {
    // A steady pace: the next change starts an interval after the last one started, or when it converged if later.
    const wait = lastStart + config.intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    lastStart = performance.now();
    applied.push(await plan.next(changes, k));
  }
  // Waits a controller need not satisfy (a push for a Service nobody routes to) end within their own bound.
  const collected = await Promise.all(applied.map(async (change) => ({ ...change, xdsMs: await change.xdsMs, phase: plan.name })));
  return { changes: collected, streamMs: performance.now() - start };
}

function describe(changes: readonly ChurnChange[]): string {
  const kinds = [...new Set(changes.map((c) => c.kind))];
  return kinds
    .map((kind) => {
      const of = changes.filter((c) => c.kind === kind);
      const figure = (pick: (c: ChurnChange) => Measured<number>) => {
        const values = of.map(pick).filter((v): v is number => !isNotMeasured(v));
        return values.length ? formatQuantiles(quantiles(values)) : `not measured (${(of.map(pick).find(isNotMeasured) ?? notMeasured('?')).notMeasured})`;
      };
      return `${kind}: status ${figure((c) => c.statusMs)}; xDS ${figure((c) => c.xdsMs)}`;
    })
    .join('; ');
}
