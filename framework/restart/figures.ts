// ControllerRestart's own figures for reports and `npm run compare` (all measured once per run, so scalar), ahead of
// the baseline and per-phase figures every run has (report/figures.ts dispatches here).
import type { Figure } from '../report/figures.js';
import type { RestartResults } from './results.js';

function duration(key: string, label: string, value: unknown): Figure {
  if (typeof value === 'number') return { key, label, unit: 'ms', value };
  const reason = (value as { notMeasured?: unknown } | null)?.notMeasured;
  return { key, label, unit: 'ms', notMeasured: typeof reason === 'string' ? reason : 'not recorded in this report' };
}

export function restartFigures(results: RestartResults): Figure[] {
  const { restart } = results;
  const changes = restart.statusChanges;
  return [
    duration('restart: old process stopped', 'restart: old process stopped (SIGTERM -> exit)', restart.stopMs),
    duration('restart: ready', `restart: controller ready (${restart.method === 'process' ? 'readiness endpoint' : 'Deployment rolled out'})`, restart.readyMs),
    duration('restart: xDS first answer', 'restart: first xDS answer to a proxy connected after the restart', restart.xdsFirstAnswerMs),
    typeof restart.xdsConnectAttempts === 'number'
      ? {
          key: 'restart: xDS streams opened',
          label: 'restart: xDS streams the fresh proxy opened until one was answered',
          unit: 'count',
          value: restart.xdsConnectAttempts,
        }
      : {
          key: 'restart: xDS streams opened',
          label: 'restart: xDS streams the fresh proxy opened until one was answered',
          unit: 'count',
          notMeasured: 'no fresh proxy connected',
        },
    duration('restart: xDS complete', `restart: first xDS push holding all ${results.config.routes} routes`, restart.xdsCompleteMs),
    duration('restart: recovery', `restart: recovery (later of ready and xDS complete; threshold ${restart.thresholdMs} ms)`, restart.recoveryMs),
    { key: 'restart: routes lost status', label: 'restart: routes that lost their status', unit: 'count', value: changes.lost.length },
    { key: 'restart: routes changed status', label: 'restart: routes whose status changed', unit: 'count', value: changes.changed.length },
    { key: 'restart: Gateway status changed', label: 'restart: Gateways whose status changed', unit: 'count', value: changes.gatewaysChanged.length },
  ];
}
