// What a CapacityLadder run measured: the Attached Routes results of its last step (phases of every step included),
// and per step its figures, why it ended the ladder if it did, the knee, and how each cost grew with the route count.
import type { BaselineResult, Sample, TestResults } from '../loadtest/results.js';
import type { Measured } from '../measure/notMeasured.js';
import type { LadderConfig } from './config.js';
import type { PowerLawFit } from './growth.js';

/** Why a step ended the ladder: its setup p50 crossed the threshold, a phase timed out, or the API server saturated. */
export type KneeKind = 'setup' | 'timeout' | 'apiServer';

export interface LadderStep {
  /** Baseline routes attached at this step. */
  readonly routes: number;
  /** Routes created at this step (the baseline's growth from the previous step). */
  readonly added: number;
  /** The growth's creates and attachment, or why it did not finish. */
  readonly baseline: Measured<BaselineResult>;
  readonly samples: readonly Sample[];
  /** Names of this step's phases in results.phases (baseline growth, incremental samples). */
  readonly phases: readonly string[];
  readonly setupThresholdMs: number;
  /** os.loadavg() when the step started: the 1, 5 and 15 minute load averages. */
  readonly loadAverage: readonly [number, number, number];
  /** The machine's CPU over the step, all processes: busy seconds (and stolen by the hypervisor: reports before 2026-12-03 lack it) and wall seconds times cores. */
  readonly machine: { readonly busySeconds: number; readonly stealSeconds?: number; readonly wallSeconds: number; readonly cores: number };
  /** Set when this step ended the ladder. */
  readonly knee?: { readonly kind: KneeKind; readonly reason: string };
}

/** The figures fitted against the route count (one value per step), as keys of LadderResults.ladder.growth. */
export const GROWTH_FIGURES = {
  setupP50: { label: 'setup p50', unit: 'ms' },
  routeReadyP50: { label: 'route ready p50', unit: 'ms' },
  teardownP50: { label: 'teardown p50', unit: 'ms' },
  controllerCpuPerSample: { label: 'controller CPU per incremental route', unit: 'ms' },
  controllerPeakMemory: { label: 'controller peak memory', unit: 'MiB' },
  xdsBytesPerPush: { label: 'xDS bytes per push', unit: 'KiB' },
  statusWritesPerSample: { label: 'status writes per incremental route', unit: 'writes' },
  baselineCpuPerRoute: { label: 'controller CPU per baseline route added', unit: 'ms' },
} as const;
export type GrowthFigure = keyof typeof GROWTH_FIGURES;

/** The harness's own share at the top step measured: its CPU beside the controller's, the API server's and the machine's. */
export interface HarnessShare {
  readonly routes: number;
  readonly wallSeconds: number;
  readonly harnessCpuSeconds: Measured<number>;
  readonly controllerCpuSeconds: Measured<number>;
  readonly apiServerCpuSeconds: Measured<number>;
  readonly machineBusySeconds: number;
  /** CPU time the hypervisor gave to others while this machine wanted it (absent in older reports). */
  readonly machineStealSeconds?: number;
  readonly cores: number;
}

export interface LadderResults extends TestResults {
  readonly ladder: {
    readonly config: LadderConfig;
    readonly steps: readonly LadderStep[];
    /** The first step that crossed a limit, or null when the top step passed (no knee within the ladder). */
    readonly knee: { readonly routes: number; readonly kind: KneeKind; readonly reason: string } | null;
    /** Each figure per step (null where not measured) and its power-law fit over the steps. */
    readonly growth: Readonly<Record<GrowthFigure, { readonly values: readonly (number | null)[]; readonly fit: Measured<PowerLawFit> }>>;
    readonly harnessShare: Measured<HarnessShare>;
  };
}

export function isLadderResults(results: TestResults): results is LadderResults {
  return 'ladder' in results && typeof (results as { ladder?: unknown }).ladder === 'object';
}
