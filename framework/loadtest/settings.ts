// The Attached Routes configuration of one describe block, with environment overrides.
import { clusterSection } from '../cluster/section.js';
import { readSetting } from '../config/section.js';
import { ConfigError, type Env, readPositiveInteger } from '../env.js';
import { type AttachedRoutesConfig, DEFAULT_SAMPLES, thresholdsFor } from './config.js';
import { attachedRoutesSection } from './section.js';
import { readTopology, SINGLE_GATEWAY, type Topology } from './topology.js';

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
  const every = attachedRoutesSection.read(env);
  const routes = readPositiveInteger(env, `LOADTEST_${scale}_ROUTES`, defaultRoutes);
  const byScale = thresholdsFor(routes);
  const batchSize = every.batchSize ?? Math.min(byScale.batchSize, routes);
  if (batchSize > routes) {
    throw new ConfigError(`LOADTEST_BATCH_SIZE=${batchSize} is larger than the route count ${routes} (LOADTEST_${scale}_ROUTES)`);
  }
  const gatewayClassName = readSetting(env, clusterSection.settings.gatewayClass) ?? defaultClass;
  // Per block first (LOADTEST_BASELINE_SETUP_THRESHOLD_MS), then for every block (LOADTEST_SETUP_THRESHOLD_MS), then
  // by route count: one run's Baseline and Production have different thresholds and need separate overrides.
  const threshold = (kind: 'SETUP' | 'TEARDOWN', forEvery: number | undefined, byCount: number) =>
    readPositiveInteger(env, `LOADTEST_${scale}_${kind}_THRESHOLD_MS`, forEvery ?? byCount);
  const setupMs = threshold('SETUP', every.setupThresholdMs, byScale.setupMs);
  const teardownMs = threshold('TEARDOWN', every.teardownThresholdMs, byScale.teardownMs);
  const workload = every.workload;
  const topology = readTopology(env);
  const single = (Object.keys(SINGLE_GATEWAY) as (keyof Topology)[]).every((key) => topology[key] === SINGLE_GATEWAY[key]) && !topology.listenerSets;
  if (workload === 'gateway-api-bench' && !single) {
    throw new ConfigError(
      "LOADTEST_WORKLOAD=gateway-api-bench reproduces gateway-api-bench's test on one Gateway with one listener: leave the topology settings (Gateways, listeners, route namespaces, ListenerSets) at their defaults",
    );
  }
  return {
    workload,
    routes,
    batchSize,
    gracePeriodMs: every.gracePeriodMs,
    // gateway-api-bench's test deletes its apps as soon as they are all counted: there is no time for samples.
    samples: workload === 'gateway-api-bench' ? 0 : (every.samples ?? defaultSamples),
    concurrency: every.concurrency,
    gatewayClassName,
    thresholds: { setupMs, teardownMs },
    // Long enough for the slowest published controller at this scale, so a failure means "never", not "slow".
    phaseTimeoutMs: every.phaseTimeoutMs ?? Math.max(5 * 60_000, routes * 120),
    topology,
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
  if (env[attachedRoutesSection.settings.phaseTimeoutMs.env] !== undefined || !controller.phaseTimeoutMs) return config;
  return { ...config, phaseTimeoutMs: Math.max(config.phaseTimeoutMs, controller.phaseTimeoutMs(config.routes)) };
}

/** LOADTEST_PROBE_INTERVAL_MS: between the starts of two HTTP probe requests (route ready, the stable route). */
export function readProbeIntervalMs(env: Env): number {
  return readSetting(env, attachedRoutesSection.settings.probeIntervalMs);
}
