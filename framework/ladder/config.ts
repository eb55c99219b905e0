// The CapacityLadder suite's settings: the route counts it steps through, the samples per step, and what ends it.
import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';
import { ConfigError, type Env } from '../env.js';

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

export const ladderSection = defineSection({
  name: 'ladder',
  title: 'CapacityLadder',
  description: 'The CapacityLadder suite: the baseline raised step by step on one control plane until a step crosses a limit (the knee).',
  settings: {
    routes: {
      env: 'LOADTEST_LADDER_ROUTES',
      kind: kinds.positiveInteger,
      default: CI_LADDER.at(-1) as number,
      unit: 'routes',
      description:
        'the top step when LOADTEST_LADDER_STEPS is not set: the ladder climbs a fifth of it, half of it, then all of it (what `run ladder --routes` sets)',
    },
    steps: {
      env: 'LOADTEST_LADDER_STEPS',
      kind: kinds.text,
      defaultText: `a fifth, half and all of LOADTEST_LADDER_ROUTES (${CI_LADDER.join(',')}); npm run ladder: ${FULL_LADDER.join(',')}`,
      unit: 'routes, comma-separated',
      description: 'the baseline route counts the ladder raises the baseline to, rising',
    },
    samples: {
      env: 'LOADTEST_LADDER_SAMPLES',
      kind: kinds.positiveInteger,
      default: DEFAULT_LADDER_SAMPLES,
      unit: 'samples',
      description: 'incremental routes measured at each step (LOADTEST_SAMPLES overrides it too)',
    },
    setupThresholdMs: {
      env: 'LOADTEST_LADDER_SETUP_THRESHOLD_MS',
      kind: kinds.positiveInteger,
      defaultText: "each step's methodology threshold by route count (30000 / 90000 / 120000)",
      unit: 'ms',
      description: 'setup p50 above which a step is the knee',
    },
    apfWaitMs: {
      env: 'LOADTEST_LADDER_APF_WAIT_MS',
      kind: kinds.positiveInteger,
      default: 100,
      unit: 'ms',
      description: 'mean APF queue wait of non-exempt requests above which the API server counts as saturated (any APF rejection always does)',
    },
  },
});

/** The default ladder up to `top` routes: a fifth, half, all of it (1,000: the cluster tier's 200, 500, 1,000). */
export function stepsUpTo(top: number): number[] {
  return [...new Set([Math.round(top / 5), Math.round(top / 2), top])].filter((routes) => routes > 0);
}

/** The ladder's settings (ladderSection); bad steps are refused before any cluster starts. */
export function readLadderConfig(env: Env): LadderConfig {
  const values = ladderSection.read(env);
  const text = values.steps;
  if (text !== undefined && env[ladderSection.settings.routes.env] !== undefined) {
    throw new ConfigError('LOADTEST_LADDER_STEPS and LOADTEST_LADDER_ROUTES both set the ladder: set one (the steps, or the top step of the default ladder)');
  }
  const steps = text === undefined ? stepsUpTo(values.routes) : text.split(',').map((part) => part.trim());
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
  return {
    steps: counts,
    samples: values.samples,
    setupP50ThresholdMs: values.setupThresholdMs,
    apiServerQueueWaitMs: values.apfWaitMs,
  };
}
