// The Churn suite's settings: how long each kind of change runs, how fast changes follow each other, and the bounds
// that make a change that never converges a failure rather than a slow figure.
import { ConfigError, type Env } from '../env.js';
import { churnSection } from './section.js';

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

/** LOADTEST_CHURN_KINDS as phase keys ('all' when unset); a key that names no phase is refused with the list. */
function phaseKeys(value: string | undefined): ChurnConfig['kinds'] {
  if (value === undefined) return 'all';
  const keys = value.split(',').map((key) => key.trim());
  const unknown = keys.filter((key) => !(CHURN_PHASE_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new ConfigError(
      `LOADTEST_CHURN_KINDS=${JSON.stringify(value)}: ${unknown.map((k) => JSON.stringify(k)).join(', ')} is not one of ${CHURN_PHASE_KEYS.join(', ')}`,
    );
  }
  return keys as ChurnPhaseKey[];
}

/** The Churn settings (churn/section.ts) from an (effective) environment. */
export function readChurnConfig(env: Env): ChurnConfig {
  const { routes: _routes, kinds, ...config } = churnSection.read(env);
  return { ...config, kinds: phaseKeys(kinds) };
}
