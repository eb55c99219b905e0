// The Churn suite's settings: its baseline, how long each kind of change runs, how fast changes follow each other, and
// the bounds that make a change that never converges a failure rather than a slow figure.
import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';

/**
 * Defaults keep the whole suite near 3 minutes on the 2-core machine: about 25 s of baseline at 1,000 routes, 5 s
 * idle, and five phases of 12 s plus their settle. At one change per 200 ms at most (gateway-api-bench's route
 * change test flips a route every 200 ms), each kind gets 15-40 changes: enough for p50 and for the interval
 * of `npm run compare`, while p99 is the maximum below 100 changes.
 */
export const churnSection = defineSection({
  name: 'churn',
  title: 'Churn',
  description: 'The Churn suite: a steady stream of changes of each kind against a baseline, timed to status and xDS.',
  settings: {
    routes: { env: 'LOADTEST_CHURN_ROUTES', kind: kinds.positiveInteger, default: 1000, unit: 'routes', description: 'baseline routes before the changes' },
    phaseMs: {
      env: 'LOADTEST_CHURN_PHASE_MS',
      kind: kinds.positiveInteger,
      default: 12_000,
      unit: 'ms',
      description: 'how long each kind of change is applied',
    },
    intervalMs: {
      env: 'LOADTEST_CHURN_INTERVAL_MS',
      kind: kinds.milliseconds,
      default: 200,
      unit: 'ms',
      description: 'the least time between the starts of two changes',
    },
    changeTimeoutMs: {
      env: 'LOADTEST_CHURN_CHANGE_TIMEOUT_MS',
      kind: kinds.positiveInteger,
      default: 30_000,
      unit: 'ms',
      description: 'a change that does not converge (status and xDS) within this fails the run',
    },
    irrelevantWaitMs: {
      env: 'LOADTEST_CHURN_IRRELEVANT_WAIT_MS',
      kind: kinds.positiveInteger,
      default: 2_000,
      unit: 'ms',
      description: 'how long an xDS push for a change no listener needs is awaited (its absence is "not measured")',
    },
    idleMs: {
      env: 'LOADTEST_CHURN_IDLE_MS',
      kind: kinds.positiveInteger,
      default: 5_000,
      unit: 'ms',
      description: 'the idle phase before the churn: what the controller costs doing nothing',
    },
    quietCores: {
      env: 'LOADTEST_CHURN_QUIET_CORES',
      kind: kinds.cores,
      default: 0.1,
      unit: 'cores',
      description: "the controller's CPU use that counts as quiet (for 2 s in a row) before the idle phase",
    },
    kinds: {
      env: 'LOADTEST_CHURN_KINDS',
      kind: kinds.matching(/^\s*[a-z]+(\s*,\s*[a-z]+)*\s*$/, 'a comma-separated list of phase keys'),
      defaultText:
        'every phase the cluster can have: routes, paths, backends, endpoints, unrouted, certificates (needs HTTPS listeners), policies (needs a controller with its own route policy), listeners, failover (needs KWOK)',
      unit: 'phase keys',
      description: 'the kinds of change to run, by phase key; a phase the cluster cannot have is skipped with its reason',
    },
    quietMaxMs: {
      env: 'LOADTEST_CHURN_QUIET_MAX_MS',
      kind: kinds.positiveInteger,
      default: 60_000,
      unit: 'ms',
      description: 'the longest wait for the controller to go quiet after the baseline',
    },
  },
});
