// ControllerRestart's settings. Its baseline's other settings are those of every Attached Routes block.
import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';

// 10 s: as long as the suite lets a new Gateway go without any status before it counts as kgateway's dropped write.
export const DEFAULT_OBSERVE_MS = 10_000;

export const restartSection = defineSection({
  name: 'restart',
  title: 'ControllerRestart',
  description: 'The ControllerRestart suite: the controller restarted under a baseline, timed until it is ready and its xDS complete.',
  settings: {
    routes: { env: 'LOADTEST_RESTART_ROUTES', kind: kinds.positiveInteger, default: 1000, unit: 'routes', description: 'baseline routes before the restart' },
    thresholdMs: {
      env: 'LOADTEST_RESTART_THRESHOLD_MS',
      kind: kinds.positiveInteger,
      defaultText: '10000 + 5 × routes',
      unit: 'ms',
      description: 'the recovery bound: restart request -> ready and xDS complete',
    },
    timeoutMs: {
      env: 'LOADTEST_RESTART_TIMEOUT_MS',
      kind: kinds.positiveInteger,
      default: 5 * 60_000,
      unit: 'ms',
      description: 'how long the restart may take before the run fails (5 minutes, as in the Go e2e suite)',
    },
    deployment: {
      env: 'LOADTEST_CONTROLLER_DEPLOYMENT',
      kind: kinds.objectName('Deployment'),
      defaultText: "the controller module's name",
      unit: 'name',
      description: "the controller's Deployment in the install namespace, on an existing cluster",
    },
    observeMs: {
      env: 'LOADTEST_RESTART_OBSERVE_MS',
      kind: kinds.milliseconds,
      default: DEFAULT_OBSERVE_MS,
      unit: 'ms',
      description: 'the recovery phase lasts at least this long after the restart request, to see late status changes',
    },
  },
});
