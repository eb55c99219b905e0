// Starts Traefik (the controller under test, built and cached on first use) against the cluster of KUBECONFIG and
// keeps it running until Ctrl-C. Until the controller seam lands, this is how Traefik is measured: start a control
// plane with `SKIP_INSTALL=true npm run cluster:up`, run this against its kubeconfig, then run the suite with
// CLUSTER_PROVIDER=existing and the environment printed below.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { printProgress } from '../framework/cluster/build/progress.js';
import { clusterSection } from '../framework/cluster/section.js';
import { readSetting } from '../framework/config/section.js';
import { applySettings } from '../framework/config/settings.js';
import { traefikSection } from '../framework/controllers/traefik/section.js';
import { startTraefik } from '../framework/controllers/traefik/traefik.js';
import { KubeHttp } from '../framework/kube/http.js';
import { kubeconfigContexts, resolveConnection } from '../framework/kube/kubeconfig.js';
import { reportsSection } from '../framework/report/section.js';

applySettings();
const kubeconfigPath = readSetting(process.env, clusterSection.settings.kubeconfig);
if (!kubeconfigPath) throw new Error('set KUBECONFIG to the kubeconfig of the cluster Traefik should watch');
const context = kubeconfigContexts(kubeconfigPath).current;
// The suite's Gateway has one HTTP listener on port 80 (framework/loadTestManager.ts); Traefik must serve that port.
const listenerPort = readSetting(process.env, traefikSection.settings.listenerPort);
const logDir =
  readSetting(process.env, reportsSection.settings.logDir) ??
  join(process.cwd(), 'reports', 'logs', `traefik-up-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(logDir, { recursive: true });

const http = KubeHttp.fromConnection(await resolveConnection({ kubeconfigPath, context }));
const traefik = await startTraefik({ kubeconfigPath, http, logPath: join(logDir, 'traefik.log'), progress: printProgress, listenerPort });
await http.close();
console.log(`
Traefik ${traefik.version} is up (pid ${traefik.process.pid}), GatewayClass ${traefik.gatewayClassName}
  proxy:   ${traefik.dataPlaneUrl}
  metrics: ${traefik.metricsUrl}
  log:     ${traefik.process.logPath}

Run the suite against it:
  CLUSTER_PROVIDER=existing KUBECONFIG=${kubeconfigPath} SKIP_INSTALL=true GATEWAY_CLASS=${traefik.gatewayClassName} LOADTEST_ALLOW_CONTEXT=${context} LOADTEST_DATA_PLANE_URL=${traefik.dataPlaneUrl} LOADTEST_CONTROLLER_METRICS_URL=${traefik.metricsUrl} npx vitest run suites/attachedRoutes.test.ts -t AttachedRoutesBaseline
`);
void traefik.process.exited.then((how) => {
  console.error(`traefik exited (${how}); log ${traefik.process.logPath}:\n${traefik.process.logTail()}`);
  process.exit(1);
});
// processes.ts stops Traefik on SIGINT/SIGTERM.
setInterval(() => {}, 1 << 30);
