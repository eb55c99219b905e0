// The Attached Routes configuration of one describe block, with environment overrides.
import { ConfigError, type Env, readNonNegativeMilliseconds, readObjectName, readPositiveInteger } from '../env.js';
import { DEFAULT_PROBE_INTERVAL_MS } from '../measure/httpProbe.js';
import { type AttachedRoutesConfig, DEFAULT_SAMPLES, GRACE_PERIOD_MS, thresholdsFor } from './config.js';

/**
 * `scale` names the block ("BASELINE" or "PRODUCTION"): LOADTEST_<scale>_ROUTES sets its route count; the other
 * variables apply to every block. LOADTEST_SAMPLES overrides the block's default sample count (DEFAULT_SAMPLES). Thresholds follow the route count unless
 * LOADTEST_<scale>_SETUP_THRESHOLD_MS / _TEARDOWN_THRESHOLD_MS (this block) or LOADTEST_SETUP_THRESHOLD_MS /
 * LOADTEST_TEARDOWN_THRESHOLD_MS (every block) override them; the block's own wins.
 */
export function readAttachedRoutesConfig(
  env: Env,
  scale: string,
  defaultRoutes: number,
  defaultClass: string,
  defaultSamples = DEFAULT_SAMPLES[scale] ?? 5,
): AttachedRoutesConfig {
  const routes = readPositiveInteger(env, `LOADTEST_${scale}_ROUTES`, defaultRoutes);
  const byScale = thresholdsFor(routes);
  const batchSize = readPositiveInteger(env, 'LOADTEST_BATCH_SIZE', Math.min(byScale.batchSize, routes));
  if (batchSize > routes) {
    throw new ConfigError(`LOADTEST_BATCH_SIZE=${batchSize} is larger than the route count ${routes} (LOADTEST_${scale}_ROUTES)`);
  }
  const gatewayClassName = readObjectName(env, 'GATEWAY_CLASS', 'GatewayClass') ?? defaultClass;
  // Per block first (LOADTEST_BASELINE_SETUP_THRESHOLD_MS), then for every block (LOADTEST_SETUP_THRESHOLD_MS), then
  // by route count: one run's Baseline and Production have different thresholds and need separate overrides.
  const threshold = (kind: 'SETUP' | 'TEARDOWN', byCount: number) =>
    readPositiveInteger(env, `LOADTEST_${scale}_${kind}_THRESHOLD_MS`, readPositiveInteger(env, `LOADTEST_${kind}_THRESHOLD_MS`, byCount));
  const setupMs = threshold('SETUP', byScale.setupMs);
  const teardownMs = threshold('TEARDOWN', byScale.teardownMs);
  return {
    routes,
    batchSize,
    gracePeriodMs: readNonNegativeMilliseconds(env, 'LOADTEST_GRACE_PERIOD_MS', GRACE_PERIOD_MS),
    samples: readPositiveInteger(env, 'LOADTEST_SAMPLES', defaultSamples),
    concurrency: readPositiveInteger(env, 'LOADTEST_CONCURRENCY', 16),
    gatewayClassName,
    thresholds: { setupMs, teardownMs },
    // Long enough for the slowest published controller at this scale, so a failure means "never", not "slow".
    phaseTimeoutMs: readPositiveInteger(env, 'LOADTEST_PHASE_TIMEOUT_MS', Math.max(5 * 60_000, routes * 120)),
  };
}

/**
 * A controller that is slow by design (Traefik v3.6 writes route statuses at client-go's default 5 per second) gets
 * the phase timeout it needs, unless LOADTEST_PHASE_TIMEOUT_MS sets one: a timeout must mean "never", not "slow".
 */
export function withControllerPhaseTimeout(
  config: AttachedRoutesConfig,
  env: Env,
  controller: { readonly phaseTimeoutMs?: (routes: number) => number },
): AttachedRoutesConfig {
  if (env.LOADTEST_PHASE_TIMEOUT_MS !== undefined || !controller.phaseTimeoutMs) return config;
  return { ...config, phaseTimeoutMs: Math.max(config.phaseTimeoutMs, controller.phaseTimeoutMs(config.routes)) };
}

/** LOADTEST_PROBE_INTERVAL_MS: between the starts of two HTTP probe requests (route ready, the stable route). */
export function readProbeIntervalMs(env: Env): number {
  return readPositiveInteger(env, 'LOADTEST_PROBE_INTERVAL_MS', DEFAULT_PROBE_INTERVAL_MS);
}
