// The calibration instrument as a controller a cluster can start: fixtures/calibrationController.ts, a Gateway API
// controller with a known delay D, run in a process of its own. It is an instrument for the harness (to prove that
// the A/B detector sees a known difference, D = 50 ms against 80 ms), never a controller under test: its
// description says so, and every report names it "calibration instrument, D = <D> ms".
import { fileURLToPath } from 'node:url';
import { startProcess } from '../../cluster/process/processes.js';
import { ConfigError, type Env } from '../../env.js';
import { allTrue, statusConditions } from '../../gatewayApi/conditions.js';
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import { withRetry } from '../../kube/retry.js';
import { waitForObjects } from '../../kube/wait.js';
import { newRunId } from '../../run/runId.js';
import type { ControllerStartContext, ControllerUnderTest, StartedController } from '../controller.js';
import { kgateway } from '../kgateway/index.js';
import { recentLogProblems } from '../logProblems.js';
import { calibrationSection } from './section.js';

export const CALIBRATION_CLASS = 'calibration';
export const CALIBRATION_DELAY_VARIABLE = calibrationSection.settings.delayMs.env;
export const DEFAULT_CALIBRATION_DELAY_MS = calibrationSection.settings.delayMs.default;

const SCRIPT = fileURLToPath(new URL('../../../fixtures/runCalibrationController.ts', import.meta.url));

/** What reports call it: the name says instrument, the version says its delay. */
export const calibrationVersion = (delayMs: number) => `instrument, D = ${delayMs} ms`;

async function startCalibration(context: ControllerStartContext, delayMs: number): Promise<StartedController> {
  const started = performance.now();
  const runId = newRunId();
  // An empty namespace: it watches every namespace, as a cluster's controller does.
  const args = ['--import', 'tsx', SCRIPT, context.kubeconfigPath, context.context, CALIBRATION_CLASS, '', String(delayMs), runId];
  // Right after the CRDs are Established the API server may still answer 429 "storage is (re)initializing" for
  // them: wait until it serves what the instrument watches before the instrument (which does not retry its start) begins.
  for (const path of [gatewayApiPaths.gatewayClasses, gatewayApiPaths.gateways(), gatewayApiPaths.httpRoutes()]) {
    await withRetry(`listing ${path} before starting the calibration instrument`, () => context.http.get(path));
  }
  const child = startProcess({ name: 'calibration', binary: process.execPath, args, logPath: context.logPath });
  try {
    const accepted = withRetry('waiting for the calibration instrument', () =>
      waitForObjects({
        http: context.http,
        collectionPath: gatewayApiPaths.gatewayClasses,
        names: [CALIBRATION_CLASS],
        what: `GatewayClass ${CALIBRATION_CLASS} to be Accepted by the calibration instrument`,
        timeoutMs: 60_000,
        ready: (gatewayClass) => allTrue(statusConditions(gatewayClass), 'Accepted'),
      }),
    );
    accepted.catch(() => {}); // handled by the race below; this keeps a late rejection from going unhandled
    const died = child.exited.then((how) => new Error(`the calibration instrument exited during start-up (${how}):\n${child.logTail()}`));
    const outcome = await Promise.race([accepted, died]);
    if (outcome instanceof Error) throw outcome;
  } catch (error) {
    await child.stop();
    throw error;
  }
  const version = calibrationVersion(delayMs);
  context.progress(`[calibration] ${version} ready in ${((performance.now() - started) / 1000).toFixed(1)} s (log ${context.logPath})`);
  return {
    name: 'calibration',
    version,
    origin: `calibration instrument fixtures/calibrationController.ts (an instrument for the harness, not a controller under test), D = ${delayMs} ms`,
    gatewayClassName: CALIBRATION_CLASS,
    pid: child.pid,
    logPath: child.logPath,
    stop: () => child.stop(),
  };
}

/** The instrument prints "error: ..." for every failed write (fixtures/runCalibrationController.ts). */
function recentProblems(logPath: string | undefined): string {
  return recentLogProblems(logPath, (line) => line.startsWith('error'));
}

function calibrationWith(delayMs: number): ControllerUnderTest {
  return {
    name: 'calibration',
    variables: [CALIBRATION_DELAY_VARIABLE],
    configure: (env: Env) => calibrationWith(calibrationSection.read(env).delayMs),
    specEnv({ version, argument }): Record<string, string> {
      if (version !== undefined) throw new ConfigError(`calibration@${version}: the instrument has no versions; give its delay, calibration:50`);
      if (argument === undefined) return {};
      const delay = /^(?:delay=)?(\d+)(?:ms)?$/.exec(argument)?.[1];
      if (delay === undefined) throw new ConfigError(`calibration:${argument}: expected a delay in whole milliseconds, e.g. calibration:50`);
      return { [CALIBRATION_DELAY_VARIABLE]: delay };
    },
    specHelp: [
      `calibration[:<D>]          the calibration instrument with delay D ms (default ${DEFAULT_CALIBRATION_DELAY_MS}; ${CALIBRATION_DELAY_VARIABLE})`,
    ],
    gatewayClassName: CALIBRATION_CLASS,
    defaultInstallNamespace: 'calibration-system',
    // No listeners at all: instruments can run side by side, and need no lock.
    fixedPorts: [],
    noDataPlaneReason: 'the calibration instrument writes status only; it has no data plane',
    // The same Gateway API CRDs as the default controller, so that an A/B of the two differs only in the controller.
    installGatewayApi: (http, progress) => kgateway.installGatewayApi(http, progress),
    build: async () => SCRIPT,
    start: (context) => startCalibration(context, delayMs),
    recentProblems,
  };
}

export const calibration: ControllerUnderTest = calibrationWith(DEFAULT_CALIBRATION_DELAY_MS);
