// Traefik as the controller under test: built from the Go module proxy, run as one local process that is both
// the controller and the proxy, ready once /ping answers and its GatewayClass is Accepted. See README.md.
import { ensureGoBinaries } from '../../cluster/build/goBuild.js';
import type { Progress } from '../../cluster/build/progress.js';
import { ConfigError } from '../../env.js';
import { type ControllerStartContext, type ControllerUnderTest, GATEWAY_API_BENCH_README, type StartedController } from '../controller.js';
import { recentLogProblems } from '../logProblems.js';
import { TRAEFIK_MODULE, traefikBuild } from './build.js';
import { installGatewayApi } from './crds.js';
import { startTraefik, TRAEFIK_CLASS } from './traefik.js';

/** The test Gateway's HTTP listener port (the suite's Gateway builder), served by Traefik's "web" entry point. */
const LISTENER_PORT = 80;

async function buildTraefik(progress?: Progress): Promise<string> {
  const binary = (await ensureGoBinaries(traefikBuild, progress)).traefik;
  if (!binary) throw new Error('traefik binary missing after build');
  return binary;
}

async function start(context: ControllerStartContext): Promise<StartedController> {
  const running = await startTraefik({ ...context, listenerPort: LISTENER_PORT });
  return {
    name: 'traefik',
    version: running.version,
    gatewayClassName: running.gatewayClassName,
    pid: running.process.pid,
    logPath: running.process.logPath,
    origin: `Go module ${TRAEFIK_MODULE}@${running.version} (module proxy, built from a copy of its tree)`,
    metricsUrl: running.metricsUrl,
    dataPlaneUrl: running.dataPlaneUrl,
    stop: () => running.process.stop(),
  };
}

/** Traefik's text log: level is the second field ("2026-11-28T05:55:19Z ERR ..."). */
function recentProblems(path: string | undefined): string {
  return recentLogProblems(path, (line) => /^\S+ (WRN|ERR|FTL|PNC) /.test(line));
}

export const traefik: ControllerUnderTest = {
  name: 'traefik',
  // One release, pinned (framework/controllers/traefik/build.ts): nothing to choose yet.
  variables: [],
  configure: () => traefik,
  specEnv({ version, argument }) {
    if (version !== undefined || argument !== undefined) throw new ConfigError(`traefik: only the pinned ${traefikBuild.version} can run; give just "traefik"`);
    return {};
  },
  specHelp: [`traefik                    Traefik ${traefikBuild.version} from the Go module proxy (its own proxy serves the routes)`],
  gatewayClassName: TRAEFIK_CLASS,
  // Traefik needs no namespace of its own here: it creates nothing in the cluster but its GatewayClass.
  defaultInstallNamespace: 'traefik-system',
  // The listener port must be an entry point's port, so Traefik binds 127.0.0.1:80: one Traefik per machine.
  fixedPorts: [LISTENER_PORT],
  publishedBench: { setupS: 180, teardownS: 16, writes: 73, source: GATEWAY_API_BENCH_README },
  noDataPlaneReason: 'Traefik is its own data plane; this is said only when it was not started (SKIP_INSTALL=true)',
  // v3.6 writes statuses through client-go's default rate limit (5/s): 1,000 routes took 199 s here, 5,000 took 999 s.
  phaseTimeoutMs: (routes) => Math.max(5 * 60_000, routes * 300),
  installGatewayApi,
  build: buildTraefik,
  start,
  recentProblems,
};
