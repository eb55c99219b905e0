// The CapacityLadder suite's settings: the route counts it steps through, the samples per step, and what ends it.
import { ConfigError, type Env, readPositiveInteger, readString } from '../env.js';

export interface LadderConfig {
  /** Baseline route counts, ascending: the ladder raises the baseline to each in turn on one control plane. */
  readonly steps: readonly number[];
  /** Incremental routes measured at each step (setup, route ready, teardown). */
  readonly samples: number;
  /** Setup p50 above which a step is the knee; by default each step's methodology threshold (30 / 90 / 120 s). */
  readonly setupP50ThresholdMs: number | undefined;
  /** Mean APF queue wait of non-exempt requests above which the API server counts as saturated (rejections always do). */
  readonly apiServerQueueWaitMs: number;
}

/** The full ladder, which `npm run ladder` climbs unless LOADTEST_LADDER_STEPS says otherwise. */
export const FULL_LADDER: readonly number[] = [1000, 2000, 5000, 10_000, 20_000];
/**
 * The reduced ladder of the cluster tier (`npm test`, CI) when LOADTEST_LADDER_STEPS is not set: a few minutes on the
 * 2-core machine, so that a run of the whole tier never climbs to 20,000 routes by accident.
 */
export const CI_LADDER: readonly number[] = [200, 500, 1000];

/**
 * 10 samples per step: a p50 by nearest rank needs few, and at 20,000 routes a sample costs seconds; the steps' p50s
 * are what the growth fit uses. `npm run compare` still gets 10 a side per step for its rank test.
 */
export const DEFAULT_LADDER_SAMPLES = 10;

/** LOADTEST_LADDER_STEPS ("1000,2000,5000"), LOADTEST_LADDER_SAMPLES, LOADTEST_LADDER_SETUP_THRESHOLD_MS, LOADTEST_LADDER_APF_WAIT_MS. */
export function readLadderConfig(env: Env): LadderConfig {
  const text = readString(env, 'LOADTEST_LADDER_STEPS');
  const steps = text === undefined ? CI_LADDER : text.split(',').map((part) => part.trim());
  const counts = steps.map((step) => {
    if (typeof step === 'number') return step;
    if (!/^\d+$/.test(step) || Number(step) <= 0) {
      throw new ConfigError(`LOADTEST_LADDER_STEPS=${JSON.stringify(text)}: ${JSON.stringify(step)} is not a positive whole number of routes`);
    }
    return Number(step);
  });
  if (counts.length === 0) throw new ConfigError('LOADTEST_LADDER_STEPS names no step');
  for (let i = 1; i < counts.length; i++) {
    if ((counts[i] as number) <= (counts[i - 1] as number)) {
      throw new ConfigError(`LOADTEST_LADDER_STEPS=${JSON.stringify(text)} must rise step by step (${counts[i - 1]} then ${counts[i]})`);
    }
  }
  const threshold = readString(env, 'LOADTEST_LADDER_SETUP_THRESHOLD_MS');
  return {
    steps: counts,
    samples: readPositiveInteger(env, 'LOADTEST_LADDER_SAMPLES', DEFAULT_LADDER_SAMPLES),
    setupP50ThresholdMs: threshold === undefined ? undefined : readPositiveInteger(env, 'LOADTEST_LADDER_SETUP_THRESHOLD_MS', 1),
    apiServerQueueWaitMs: readPositiveInteger(env, 'LOADTEST_LADDER_APF_WAIT_MS', 100),
  };
}
