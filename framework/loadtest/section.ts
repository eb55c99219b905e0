// The Attached Routes settings: those of every block, and each block's own (its route count and thresholds).
import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';
import type { Env } from '../env.js';
import { DEFAULT_PROBE_INTERVAL_MS } from '../measure/httpProbe.js';
import { GRACE_PERIOD_MS } from './config.js';
import { WORKLOADS, type Workload } from './workload.js';

export const attachedRoutesSection = defineSection({
  name: 'attachedRoutes',
  title: 'Attached Routes (every block)',
  description: 'How the baseline is built and the samples measured, in every block (Baseline, Production, and the baselines of Churn and ControllerRestart).',
  settings: {
    workload: {
      env: 'LOADTEST_WORKLOAD',
      kind: kinds.choice(WORKLOADS),
      default: 'batched' as Workload,
      unit: 'name',
      description:
        "what the run puts on the cluster: batched (the Go harness's batches and samples) or gateway-api-bench (its attached-routes test: apps one by one, its three figures by its definitions, no samples); docs/gateway-api-bench.md",
    },
    samples: {
      env: 'LOADTEST_SAMPLES',
      kind: kinds.positiveInteger,
      defaultText: '20 (Baseline, Production), 5 (ControllerRestart), 1 (Churn)',
      unit: 'samples',
      description: 'incremental routes measured one after another, per block',
    },
    batchSize: {
      env: 'LOADTEST_BATCH_SIZE',
      kind: kinds.positiveInteger,
      defaultText: '100 up to 1,000 routes, else 500 (never more than the route count)',
      unit: 'routes',
      description: 'baseline routes created per batch',
    },
    concurrency: {
      env: 'LOADTEST_CONCURRENCY',
      kind: kinds.positiveInteger,
      default: 16,
      unit: 'requests',
      description: 'concurrent create requests within a batch',
    },
    gracePeriodMs: {
      env: 'LOADTEST_GRACE_PERIOD_MS',
      kind: kinds.milliseconds,
      default: GRACE_PERIOD_MS,
      unit: 'ms',
      description: 'pause between baseline batches (the methodology grace period)',
    },
    setupThresholdMs: {
      env: 'LOADTEST_SETUP_THRESHOLD_MS',
      kind: kinds.positiveInteger,
      defaultText: 'by route count: 30000 up to 1,000 routes, 90000 up to 5,000, else 120000',
      unit: 'ms',
      description: 'setup bound (create request -> route attached) of every block that has no bound of its own',
    },
    teardownThresholdMs: {
      env: 'LOADTEST_TEARDOWN_THRESHOLD_MS',
      kind: kinds.positiveInteger,
      defaultText: 'by route count: 10000 up to 1,000 routes, 20000 up to 5,000, else 30000',
      unit: 'ms',
      description: 'teardown bound (delete request -> attachedRoutes down) of every block that has no bound of its own',
    },
    probeIntervalMs: {
      env: 'LOADTEST_PROBE_INTERVAL_MS',
      kind: kinds.positiveInteger,
      default: DEFAULT_PROBE_INTERVAL_MS,
      unit: 'ms',
      description: 'between the starts of two HTTP probe requests through the data plane (route ready, route gone, the stable route)',
    },
    phaseTimeoutMs: {
      env: 'LOADTEST_PHASE_TIMEOUT_MS',
      kind: kinds.positiveInteger,
      defaultText: 'max(300000, routes × 120), or more where a controller module asks for more (300 per route for one that writes statuses slowly by design)',
      unit: 'ms',
      description: 'how long a phase waits for the controller before the run fails',
    },
  },
});

/** LOADTEST_WORKLOAD: `batched` (the Go harness's batches, the default) or `gateway-api-bench`. */
export function readWorkload(env: Env): Workload {
  return attachedRoutesSection.read(env).workload;
}

/** A block of the Attached Routes suite with its own route count and thresholds (LOADTEST_<BLOCK>_...). */
function blockSection(block: 'BASELINE' | 'PRODUCTION', title: string, routes: number) {
  return defineSection({
    name: block.toLowerCase(),
    title,
    description: `The ${title} block: its route count, and its bounds where they differ from every block's.`,
    settings: {
      routes: {
        env: `LOADTEST_${block}_ROUTES`,
        kind: kinds.positiveInteger,
        default: routes,
        unit: 'routes',
        description: 'baseline routes attached before the samples',
      },
      setupThresholdMs: {
        env: `LOADTEST_${block}_SETUP_THRESHOLD_MS`,
        kind: kinds.positiveInteger,
        defaultText: 'attachedRoutes.setupThresholdMs',
        unit: 'ms',
        description: `setup bound of the ${title} block`,
      },
      teardownThresholdMs: {
        env: `LOADTEST_${block}_TEARDOWN_THRESHOLD_MS`,
        kind: kinds.positiveInteger,
        defaultText: 'attachedRoutes.teardownThresholdMs',
        unit: 'ms',
        description: `teardown bound of the ${title} block`,
      },
    },
  });
}

export const baselineSection = blockSection('BASELINE', 'AttachedRoutesBaseline', 1000);
export const productionSection = blockSection('PRODUCTION', 'AttachedRoutesProduction', 5000);
