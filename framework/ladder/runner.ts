// The CapacityLadder run: one control plane, one Gateway, the baseline raised step by step (the routes a step adds
// created in batches, the simulated cluster grown to the methodology's size), and at each step the incremental samples
// of Attached Routes. It stops at the first step whose setup p50 crosses its threshold, whose phase times out, or where
// the API server itself is saturated; then it fits how each cost grew with the route count.
import { loadavg } from 'node:os';
import type { Progress } from '../cluster/build/progress.js';
import type { LoadTestManager } from '../loadtest/attachedRoutes.js';
import type { AttachedRoutesConfig } from '../loadtest/config.js';
import type { PhaseResult, Sample, TestResults } from '../loadtest/results.js';
import { saturation } from '../measure/apiServerLoad.js';
import { WaitTimeoutError } from '../measure/conditionWaits.js';
import { isNotMeasured, type Measured, notMeasured } from '../measure/notMeasured.js';
import { machineCpuSeconds } from '../measure/procfs.js';
import { quantile } from '../report/statistics.js';
import { totalOf } from '../xds/counters.js';
import type { LadderConfig } from './config.js';
import { fitPowerLaw } from './growth.js';
import { GROWTH_FIGURES, type GrowthFigure, type HarnessShare, type KneeKind, type LadderResults, type LadderStep } from './results.js';

export const stepPhaseNames = (routes: number) => ({ baseline: `step ${routes}: baseline`, incremental: `step ${routes}: incremental` });

export interface LadderRunOptions {
  readonly config: LadderConfig;
  /** The Attached Routes configuration of a step's route count (thresholds, batch size, phase timeout by count). */
  readonly stepConfig: (routes: number) => AttachedRoutesConfig;
  readonly progress: Progress;
  readonly cores: number;
}

export async function runLadder(manager: LoadTestManager, options: LadderRunOptions): Promise<LadderResults> {
  const { config, stepConfig, progress } = options;
  const steps: LadderStep[] = [];
  let previous = 0;
  for (const [i, routes] of config.steps.entries()) {
    const names = stepPhaseNames(routes);
    const stepSettings = stepConfig(routes);
    const setupThresholdMs = config.setupP50ThresholdMs ?? stepSettings.thresholds.setupMs;
    progress(
      `[ladder] step ${i + 1}/${config.steps.length}: ${routes} routes (${routes - previous} added), load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const loadAverage = loadavg() as [number, number, number];
    const machineStart = machineCpuSeconds();
    const wallStart = performance.now();
    if (i > 0) await manager.raiseBaseline(stepSettings);
    let knee: LadderStep['knee'];
    try {
      await manager.baselinePhase(names.baseline);
      await manager.samplesPhase(names.incremental, true);
    } catch (error) {
      // A wait that ran out of time is this step's answer (the knee); anything else is a failed run.
      if (!(error instanceof WaitTimeoutError) || i === 0) throw error;
      knee = { kind: 'timeout', reason: error.message };
    }
    const machineEnd = machineCpuSeconds();
    const { baseline, samples, phases } = manager.measured;
    const stepPhases = phases.filter((p) => p.name === names.baseline || p.name === names.incremental);
    const step: LadderStep = {
      routes,
      added: routes - previous,
      baseline: knee || !baseline ? notMeasured(`the step did not finish: ${knee?.reason ?? 'no baseline'}`) : baseline,
      samples: knee ? [] : samples,
      phases: stepPhases.map((p) => p.name),
      setupThresholdMs,
      loadAverage,
      machine: {
        busySeconds: machineEnd.busy - machineStart.busy,
        stealSeconds: machineEnd.steal - machineStart.steal,
        wallSeconds: (performance.now() - wallStart) / 1000,
        cores: options.cores,
      },
    };
    const ended = knee ?? kneeOf(step, stepPhases, config);
    steps.push(ended ? { ...step, knee: ended } : step);
    progress(`[ladder] step ${routes}: ${describeStep(steps.at(-1) as LadderStep)}`);
    if (ended) break;
    previous = routes;
  }
  manager.stopMeasuring();
  const results = await manager.results();
  const last = steps.at(-1) as LadderStep;
  return {
    ...results,
    ladder: {
      config,
      steps,
      knee: last.knee ? { routes: last.routes, ...last.knee } : null,
      growth: growthOf(steps, results.phases),
      harnessShare: harnessShareOf(steps, results.phases),
    },
  };
}

/** Why this finished step ends the ladder, if it does: the API server saturated (first: then it is not the controller's knee), or setup p50. */
function kneeOf(step: LadderStep, phases: readonly PhaseResult[], config: LadderConfig): { kind: KneeKind; reason: string } | undefined {
  for (const phase of phases) {
    const load = phase.apiServerLoad;
    if (!load || isNotMeasured(load)) continue;
    const why = saturation(load, { meanQueueWaitMs: config.apiServerQueueWaitMs });
    if (why) return { kind: 'apiServer', reason: `the API server saturated in "${phase.name}": ${why}` };
  }
  const p50 = p50Of(step.samples, (s) => s.setupMs);
  if (p50 !== null && p50 > step.setupThresholdMs)
    return { kind: 'setup', reason: `setup p50 ${p50.toFixed(1)} ms crossed the threshold ${step.setupThresholdMs} ms` };
  return undefined;
}

function describeStep(step: LadderStep): string {
  if (step.samples.length === 0) return `ended the ladder: ${step.knee?.reason}`;
  const p50 = (pick: (s: Sample) => unknown) => {
    const values = step.samples.map(pick).filter((v): v is number => typeof v === 'number');
    return values.length ? `${quantile(values, 0.5).toFixed(1)} ms` : 'not measured';
  };
  const attachMs = isNotMeasured(step.baseline) ? step.baseline : step.baseline.attachMs;
  const attach = isNotMeasured(attachMs) ? attachMs.notMeasured : `${(attachMs / 1000).toFixed(1)} s`;
  const head = `${step.added} routes attached after ${attach}; setup p50 ${p50((s) => s.setupMs)}, route ready p50 ${p50((s) => s.routeReadyMs)}, teardown p50 ${p50((s) => s.teardownMs)}`;
  return step.knee ? `${head}; the knee: ${step.knee.reason}` : head;
}

/** A phase's controller CPU: the kernel's count when this run started the controller, else its /metrics. */
function controllerCpu(phase: PhaseResult | undefined): number | null {
  if (!phase) return null;
  if (!isNotMeasured(phase.controllerProcess)) return phase.controllerProcess.cpuSeconds;
  return isNotMeasured(phase.controller) ? null : phase.controller.cpuSeconds;
}

function controllerPeak(phase: PhaseResult | undefined): number | null {
  if (!phase) return null;
  if (!isNotMeasured(phase.controllerProcess)) return phase.controllerProcess.residentBytesPeak;
  return isNotMeasured(phase.controller) ? null : phase.controller.residentBytesPeak;
}

function p50Of(samples: readonly Sample[], pick: (s: Sample) => unknown): number | null {
  const values = samples.map(pick).filter((v): v is number => typeof v === 'number');
  return values.length ? quantile(values, 0.5) : null;
}

/** One value per step for each growth figure (null where a step did not measure it), and the fit over them. */
function growthOf(steps: readonly LadderStep[], phases: readonly PhaseResult[]): LadderResults['ladder']['growth'] {
  const phase = (name: string) => phases.find((p) => p.name === name);
  const valuesOf = (step: LadderStep): Record<GrowthFigure, number | null> => {
    const names = stepPhaseNames(step.routes);
    const incremental = phase(names.incremental);
    const baseline = phase(names.baseline);
    const n = step.samples.length;
    const xds = incremental && !isNotMeasured(incremental.xds) ? totalOf(incremental.xds) : undefined;
    const peaks = [controllerPeak(baseline), controllerPeak(incremental)].filter((v): v is number => v !== null);
    const cpuIncremental = controllerCpu(incremental);
    const cpuBaseline = controllerCpu(baseline);
    return {
      setupP50: p50Of(step.samples, (s) => s.setupMs),
      routeReadyP50: p50Of(step.samples, (s) => s.routeReadyMs),
      teardownP50: p50Of(step.samples, (s) => s.teardownMs),
      controllerCpuPerSample: cpuIncremental !== null && n > 0 ? (cpuIncremental * 1000) / n : null,
      controllerPeakMemory: peaks.length ? Math.max(...peaks) / 2 ** 20 : null,
      xdsBytesPerPush: xds && xds.responses > 0 ? xds.bytes / xds.responses / 1024 : null,
      statusWritesPerSample: incremental && n > 0 ? (incremental.writes.gateway + incremental.writes.routes) / n : null,
      baselineCpuPerRoute: cpuBaseline !== null && !isNotMeasured(step.baseline) ? (cpuBaseline * 1000) / step.added : null,
    };
  };
  const perStep = steps.map(valuesOf);
  const growth = {} as Record<GrowthFigure, { values: (number | null)[]; fit: ReturnType<typeof fitPowerLaw> }>;
  for (const figure of Object.keys(GROWTH_FIGURES) as GrowthFigure[]) {
    const values = perStep.map((v) => v[figure]);
    const points = steps.flatMap((step, i) => (values[i] === null ? [] : [{ n: step.routes, y: values[i] as number }]));
    growth[figure] = { values, fit: fitPowerLaw(points) };
  }
  return growth;
}

/** At the top step measured: the harness's CPU beside the controller's, the API server's and the whole machine's. */
function harnessShareOf(steps: readonly LadderStep[], phases: readonly PhaseResult[]): Measured<HarnessShare> {
  const top = steps.at(-1);
  if (!top) return notMeasured('no step ran');
  const of = phases.filter((p) => top.phases.includes(p.name));
  if (of.length === 0) return notMeasured(`step ${top.routes} ended no phase`);
  const sum = (pick: (p: PhaseResult) => Measured<number> | undefined, what: string): Measured<number> => {
    let total = 0;
    for (const phase of of) {
      const value = pick(phase);
      if (value === undefined) return notMeasured(`${what}: not recorded`);
      if (isNotMeasured(value)) return value;
      total += value;
    }
    return total;
  };
  const cpuOf = (measured: TestResults['phases'][number]['controllerProcess'] | undefined) =>
    measured === undefined ? undefined : isNotMeasured(measured) ? measured : measured.cpuSeconds;
  return {
    routes: top.routes,
    wallSeconds: top.machine.wallSeconds,
    harnessCpuSeconds: sum((p) => cpuOf(p.harness), 'harness CPU'),
    controllerCpuSeconds: sum((p) => {
      const cpu = controllerCpu(p);
      return cpu === null ? notMeasured('the controller CPU was not measured') : cpu;
    }, 'controller CPU'),
    apiServerCpuSeconds: sum(
      (p) => (p.apiServerLoad === undefined ? undefined : isNotMeasured(p.apiServerLoad) ? p.apiServerLoad : p.apiServerLoad.cpuSeconds),
      'API server CPU',
    ),
    machineBusySeconds: top.machine.busySeconds,
    ...(top.machine.stealSeconds === undefined ? {} : { machineStealSeconds: top.machine.stealSeconds }),
    cores: top.machine.cores,
  };
}
