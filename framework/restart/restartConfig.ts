// ControllerRestart's settings, with environment overrides. The route count and the rest of the baseline come from
// the Attached Routes settings (LOADTEST_RESTART_ROUTES, LOADTEST_BATCH_SIZE, ...).
import type { Env } from '../env.js';
import { restartSection } from './section.js';

export interface RestartConfig {
  /** Restart request -> ready and xDS complete must take less than this. */
  readonly thresholdMs: number;
  // How long the restart may take before the run fails (kgateway's own suite: 5 minutes for the rollout).
  readonly timeoutMs: number;
  /** The controller's Deployment in INSTALL_NAMESPACE, on an existing cluster. */
  readonly deployment: string;
  /**
   * The recovery phase lasts at least this long from the restart request, so that a status the controller drops or
   * rewrites a few seconds after it is ready is seen (by the watches, and in the LIST after the phase).
   */
  readonly observeMs: number;
}

/**
 * The recovery bound for `routes` baseline routes: RECOVERY_FIXED_MS + RECOVERY_PER_ROUTE_MS per route (15 s at 1,000
 * routes, 35 s at 5,000). Measured here (2 cores shared with other work), kgateway v2.4.2 recovered in 1.1-1.3 s at
 * 100 and 1,000 routes, 1 s of it its fixed first-connect delay (KGW_XDS_FIRST_CONNECT_DELAY), and in 2.7 s at 5,000
 * routes: about 0.4 ms more per route. The fixed part covers the process start, the informers' initial lists, that
 * delay and the 2-3x slow-down this machine shows under load; the per-route part is ten times the measured growth.
 * The bound is 12-13 times kgateway's recovery at both scales; LOADTEST_RESTART_THRESHOLD_MS overrides it.
 */
export function recoveryThresholdFor(routes: number): number {
  return RECOVERY_FIXED_MS + RECOVERY_PER_ROUTE_MS * routes;
}

export const RECOVERY_FIXED_MS = 10_000;
export const RECOVERY_PER_ROUTE_MS = 5;

/** `defaultDeployment`: the controller module's name, which its Helm chart gives its Deployment. */
export function readRestartConfig(env: Env, routes: number, defaultDeployment: string): RestartConfig {
  const settings = restartSection.read(env);
  return {
    thresholdMs: settings.thresholdMs ?? recoveryThresholdFor(routes),
    timeoutMs: settings.timeoutMs,
    deployment: settings.deployment ?? defaultDeployment,
    observeMs: settings.observeMs,
  };
}
