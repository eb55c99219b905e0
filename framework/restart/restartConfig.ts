// ControllerRestart's settings, with environment overrides. The route count and the rest of the baseline come from
// the Attached Routes settings (LOADTEST_RESTART_ROUTES, LOADTEST_BATCH_SIZE, ...).
import { type Env, readObjectName, readPositiveInteger } from '../env.js';

export interface RestartConfig {
  /** Restart request -> ready and xDS complete must take less than this. */
  readonly thresholdMs: number;
  /** How long the restart may take before the run fails (kgateway's own suite: 5 minutes for the rollout). */
  readonly timeoutMs: number;
  /** The controller's Deployment in INSTALL_NAMESPACE, on an existing cluster. */
  readonly deployment: string;
}

/**
 * The recovery bound for `routes` baseline routes. THRESHOLD_REASONING (README, "ControllerRestart"): a fixed part
 * for the process start, the informers' first LIST and kgateway's 1 s first-connect delay, plus a part per route for
 * translating the whole configuration again.
 */
export function recoveryThresholdFor(routes: number): number {
  return RECOVERY_FIXED_MS + RECOVERY_PER_ROUTE_MS * routes;
}

export const RECOVERY_FIXED_MS = 15_000;
export const RECOVERY_PER_ROUTE_MS = 10;

export function readRestartConfig(env: Env, routes: number): RestartConfig {
  return {
    thresholdMs: readPositiveInteger(env, 'LOADTEST_RESTART_THRESHOLD_MS', recoveryThresholdFor(routes)),
    timeoutMs: readPositiveInteger(env, 'LOADTEST_RESTART_TIMEOUT_MS', 5 * 60_000),
    deployment: readObjectName(env, 'LOADTEST_CONTROLLER_DEPLOYMENT', 'Deployment') ?? 'kgateway',
  };
}
