// The Churn suite's run after the Attached Routes baseline: an idle phase (the controller's background cost), then
// one phase per kind of change, each a steady stream of changes for a fixed time, one change converged before the
// next is sent, never faster than one per interval. The stable route is checked in every RDS push throughout.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Progress } from '../cluster/build/progress.js';
import type { RoutePolicy } from '../controllers/controller.js';
import type { Gateway } from '../gatewayApi/types.js';
import { KubeApiError } from '../kube/http.js';
import type { LoadTestManager } from '../loadtest/attachedRoutes.js';
import type { RunParts } from '../loadtest/phases/parts.js';
import { GATEWAY_NAME } from '../loadtest/routes.js';
import { isNotMeasured, type Measured, notMeasured } from '../measure/notMeasured.js';
import { describeStableProbe, type StableProbeFigures } from '../measure/stableProbe.js';
import { quantiles } from '../report/statistics.js';
import { formatQuantiles } from '../report/summary.js';
import { type AppliedChange, ChurnChanges } from './changes.js';
import type { ChurnConfig, ChurnPhaseKey } from './config.js';
import { FailoverChanges } from './failover.js';
import { GatewayChanges, type PolicyObject } from './gatewayChanges.js';
import { ObjectWatch } from './objectWatch.js';
import { type QuietCpu, waitForQuietCpu } from './quietCpu.js';
import type { ChangeKind, ChurnChange, ChurnPhase, ChurnResults, SkippedChurnPhase, StableRouteCheck } from './results.js';
import { RouteGenerations } from './routeGenerations.js';
import { StableRouteWatch } from './stableRoute.js';

/** What a phase's changes are made with: the route and Service changes, the Gateway-side ones, backend failover. */
interface ChangeMakers {
  readonly changes: ChurnChanges;
  readonly gateway: GatewayChanges;
  readonly failover: FailoverChanges | undefined;
}

interface PhasePlan {
  readonly key: ChurnPhaseKey;
  readonly name: string;
  readonly kinds: readonly ChangeKind[];
  /** The k-th change of the phase. */
  readonly next: (makers: ChangeMakers, k: number) => Promise<AppliedChange>;
  /** Whether changes come in pairs (add, then delete) that must end together, so each phase leaves the baseline as it was. */
  readonly pairs: boolean;
}

export const IDLE_PHASE = 'idle';
export const TAIL_PHASE = 'baseline tail';

const PLANS: readonly PhasePlan[] = [
  {
    key: 'routes',
    name: 'churn: routes added and deleted',
    kinds: ['routeAdd', 'routeDelete'],
    next: ({ changes }) => changes.addOrDeleteRoute(),
    pairs: true,
  },
  { key: 'paths', name: "churn: routes' paths changed", kinds: ['routePath'], next: ({ changes }, k) => changes.changePath(k), pairs: false },
  { key: 'backends', name: "churn: routes' backends changed", kinds: ['routeBackend'], next: ({ changes }, k) => changes.changeBackend(k), pairs: false },
  { key: 'endpoints', name: 'churn: EndpointSlices changed', kinds: ['endpointSlice'], next: ({ changes }, k) => changes.moveEndpoint(k), pairs: false },
  {
    key: 'unrouted',
    name: 'churn: unrouted Services added and deleted',
    kinds: ['irrelevantServiceAdd', 'irrelevantServiceDelete'],
    next: ({ changes }) => changes.addOrDeleteUnroutedService(),
    pairs: true,
  },
  {
    key: 'certificates',
    name: "churn: HTTPS listeners' certificates rotated",
    kinds: ['certificateRotation'],
    next: ({ gateway }, k) => gateway.rotateCertificate(k),
    pairs: false,
  },
  {
    key: 'policies',
    name: 'churn: route policies attached and detached',
    kinds: ['policyAttach', 'policyDetach'],
    next: ({ gateway }, k) => gateway.attachOrDetachPolicy(k),
    pairs: true,
  },
  {
    key: 'listeners',
    name: 'churn: listeners added and removed',
    kinds: ['listenerAdd', 'listenerRemove'],
    next: ({ gateway }) => gateway.addOrRemoveListener(),
    pairs: true,
  },
  {
    key: 'failover',
    name: 'churn: backend failover (Deployment scaled to 0 and back)',
    kinds: ['backendScaledDown', 'backendScaledUp'],
    next: ({ failover }) => {
      if (!failover) throw new Error('backend failover needs KWOK workloads');
      return failover.scaleDownOrUp();
    },
    pairs: true,
  },
];

/** Why a phase cannot run on this cluster or with these settings, or undefined when it can. */
async function unavailable(
  plan: PhasePlan,
  config: ChurnConfig,
  parts: RunParts,
  policy: RoutePolicy | undefined,
  policiesServed: boolean,
  failover: FailoverChanges | undefined,
): Promise<string | undefined> {
  if (config.kinds !== 'all' && !config.kinds.includes(plan.key)) return `not among LOADTEST_CHURN_KINDS (${config.kinds.join(', ')})`;
  switch (plan.key) {
    case 'certificates':
      return parts.routes.httpsListeners().some((l) => l.gateway === GATEWAY_NAME)
        ? undefined
        : 'the Gateway has no HTTPS listener (LOADTEST_LISTENERS and LOADTEST_HTTPS_LISTENERS)';
    case 'policies':
      if (!policy) return 'the controller module names no route policy of its own';
      return policiesServed ? undefined : `the cluster does not serve the controller's ${policy.kind} (${policy.apiPath})`;
    case 'failover':
      return failover ? undefined : 'the backends are not pods (LOADTEST_KWOK=true runs them as KWOK pods of Deployments)';
    case 'endpoints':
      // With KWOK the EndpointSlices are the endpointslice controller's: a patch of ours would be undone. Failover moves them.
      return failover ? "the EndpointSlices are kube-controller-manager's (KWOK): the failover phase changes them through pods" : undefined;
    default:
      return undefined;
  }
}

/** Whether the API server serves the controller's route policy. */
async function servesPolicies(http: RunParts['http'], policy: RoutePolicy | undefined): Promise<boolean> {
  if (!policy) return false;
  try {
    await http.get(policy.apiPath);
    return true;
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return false;
    throw error;
  }
}

export async function runChurn(
  manager: LoadTestManager,
  config: ChurnConfig,
  progress: Progress,
  metricsUrl: string | undefined,
  /** The controller's own route policy (ControllerUnderTest.routePolicy), for the policy kinds. */
  routePolicy?: RoutePolicy,
): Promise<ChurnResults['churn']> {
  const { parts, simulated, xds } = manager.baselineParts;
  const controllerName = parts.tracker.controllerName;
  if (!controllerName) throw new Error('the preflight has not run: the GatewayClass controller is not known');
  const { routes, run, http } = parts;
  const generations = new RouteGenerations(
    http,
    routes.routesWatchPath,
    run.selector,
    new Set([...routes.gatewayNames(), ...routes.listenerSetNames()]),
    controllerName,
  );
  const gateways = new ObjectWatch<Gateway>(http, routes.gatewaysPath, run.selector);
  const policiesServed = await servesPolicies(http, routePolicy);
  const policies = routePolicy && policiesServed ? new ObjectWatch<PolicyObject>(http, routePolicy.collectionPath(), run.selector) : undefined;
  await Promise.all([generations.start(), gateways.start(), policies?.start()]);
  const changes = new ChurnChanges(parts, simulated, xds, generations, config);
  const failover = simulated.workloads ? new FailoverChanges(parts, simulated, changes, config) : undefined;
  const makers: ChangeMakers = {
    changes,
    gateway: new GatewayChanges(parts, changes, config, gateways, routePolicy && policies ? { kind: routePolicy, watch: policies } : undefined),
    failover,
  };
  const done: ChurnChange[] = [];
  const phases: ChurnPhase[] = [];
  const skipped: SkippedChurnPhase[] = [];
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
      const reason = await unavailable(plan, config, parts, routePolicy, policiesServed, failover);
      if (reason) {
        skipped.push({ name: plan.name, kinds: plan.kinds, reason });
        progress(`[${plan.name}] skipped: ${reason}`);
        continue;
      }
      await manager.measuredPhase(plan.name, async () => {
        const { changes: phaseChanges, streamMs } = await stream(plan, makers, config);
        done.push(...phaseChanges);
        phases.push({ name: plan.name, kinds: plan.kinds, streamMs });
        progress(`[${plan.name}] ${phaseChanges.length} changes in ${(streamMs / 1000).toFixed(1)} s; ${describe(phaseChanges)}`);
      });
    }
  } finally {
    generations.stop();
    gateways.stop();
    policies?.stop();
    stableHttp = (await stableProbe?.stop()) ?? notMeasured('the churn did not start');
  }
  const stableRoute: Measured<StableRouteCheck> = stable ? stable.stop() : notMeasured(isNotMeasured(xds) ? xds.notMeasured : 'no xDS observer');
  if (!isNotMeasured(stableHttp)) progress(`[churn] stable route through the data plane: ${describeStableProbe(stableHttp)}`);
  return { config, skipped, baselineTail: tail, idlePhase: IDLE_PHASE, phases, changes: done, stableRoute, stableRouteHttp: stableHttp };
}

async function stream(plan: PhasePlan, makers: ChangeMakers, config: ChurnConfig): Promise<{ changes: ChurnChange[]; streamMs: number }> {
  const applied: AppliedChange[] = [];
  const start = performance.now();
  let lastStart = Number.NEGATIVE_INFINITY;
  for (let k = 0; performance.now() - start < config.phaseMs || (plan.pairs && k % 2 === 1); k++) {
    // A steady pace: the next change starts an interval after the last one started, or when it converged if later.
    const wait = lastStart + config.intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    lastStart = performance.now();
    applied.push(await plan.next(makers, k));
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
