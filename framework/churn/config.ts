// The Churn suite's settings: how long each kind of change runs, how fast changes follow each other, and the bounds
// that make a change that never converges a failure rather than a slow figure.
import { ConfigError, type Env, readNonNegativeMilliseconds, readPositiveInteger, readString } from '../env.js';

export interface ChurnConfig {
  /** How long each kind of change is applied (a phase per kind). */
  readonly phaseMs: number;
  /** The least time between the starts of two changes: a steady stream, never faster than this. */
  readonly intervalMs: number;
  /** How long one change may take to converge (status and xDS) before the run fails. */
  readonly changeTimeoutMs: number;
  /**
   * How long to wait for an xDS push to reflect a change no listener needs (a Service nobody routes to): a
   * controller need not push for it at all, so its absence is "not measured", not a failure.
   */
  readonly irrelevantWaitMs: number;
  /** The idle phase before the churn: what the controller costs doing nothing, to read per-change costs against. */
  readonly idleMs: number;
  /** Before the idle phase: the controller's CPU use (cores) that counts as quiet, for 2 s in a row, within quietMaxMs. */
  readonly quietCores: number;
  readonly quietMaxMs: number;
  /** The phases to run, by key (LOADTEST_CHURN_KINDS); every phase whose needs the cluster meets when unset. */
  readonly kinds: readonly ChurnPhaseKey[] | 'all';
}

/** The Churn phases by key, in the order they run. */
export const CHURN_PHASE_KEYS = ['routes', 'paths', 'backends', 'endpoints', 'unrouted', 'certificates', 'policies', 'listeners', 'failover'] as const;
export type ChurnPhaseKey = (typeof CHURN_PHASE_KEYS)[number];

function readKinds(env: Env): ChurnConfig['kinds'] {
  const value = readString(env, 'LOADTEST_CHURN_KINDS');
  if (value === undefined) return 'all';
  const keys = value.split(',').map((key) => key.trim());
  const unknown = keys.filter((key) => !(CHURN_PHASE_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0 || keys.length === 0) {
    throw new ConfigError(
      `LOADTEST_CHURN_KINDS=${JSON.stringify(value)}: ${unknown.map((k) => JSON.stringify(k)).join(', ') || 'nothing'} is not one of ${CHURN_PHASE_KEYS.join(', ')}`,
    );
  }
  return keys as ChurnPhaseKey[];
}

/**
 * Defaults keep the whole suite near 3 minutes on the 2-core machine: about 25 s of baseline at 1,000 routes, 5 s
 * idle, and five phases of 12 s plus their settle. At one change per 200 ms at most (gateway-api-bench's route
 * change test flips a route every 200 ms), each kind gets 15-40 changes: enough for p50 and for the rank-sum test
 * of `npm run compare`, while p99 is the maximum below 100 changes.
 */
export function readChurnConfig(env: Env): ChurnConfig {
  return {
    phaseMs: readPositiveInteger(env, 'LOADTEST_CHURN_PHASE_MS', 12_000),
    intervalMs: readNonNegativeMilliseconds(env, 'LOADTEST_CHURN_INTERVAL_MS', 200),
    changeTimeoutMs: readPositiveInteger(env, 'LOADTEST_CHURN_CHANGE_TIMEOUT_MS', 30_000),
    irrelevantWaitMs: readPositiveInteger(env, 'LOADTEST_CHURN_IRRELEVANT_WAIT_MS', 2_000),
    idleMs: readPositiveInteger(env, 'LOADTEST_CHURN_IDLE_MS', 5_000),
    quietCores: readCores(env, 'LOADTEST_CHURN_QUIET_CORES', 0.1),
    quietMaxMs: readPositiveInteger(env, 'LOADTEST_CHURN_QUIET_MAX_MS', 60_000),
    kinds: readKinds(env),
  };
}

function readCores(env: Env, name: string, fallback: number): number {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  const cores = Number(value);
  if (!(cores > 0) || !Number.isFinite(cores)) throw new ConfigError(`${name}=${JSON.stringify(value)} is not a CPU use in cores above 0, e.g. 0.1`);
  return cores;
}
