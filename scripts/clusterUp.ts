// Keeps one cluster running (the local control plane with kgateway by default) until Ctrl-C, for repeated runs
// and VS Code. It prints the environment that points later runs at it.
import { join } from 'node:path';
import { selectProvider } from '../framework/testBed.js';

const logDir = process.env.LOADTEST_LOG_DIR ?? join(process.cwd(), 'reports', 'logs', `cluster-up-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const cluster = await selectProvider(process.env, logDir).start();
const d = cluster.description;
console.log(`
Cluster is up (${d.provider}): ${d.server}
  kubeconfig:   ${d.kubeconfigPath}
  context:      ${d.context}
  logs:         ${logDir}${d.controller ? `\n  controller:   ${d.controller.name} ${d.controller.version} (pid ${d.controller.pid}), metrics ${d.controller.metricsUrl}` : ''}

Run the suites against it from another terminal:
  KUBECONFIG=${d.kubeconfigPath} SKIP_INSTALL=true INSTALL_NAMESPACE=${d.installNamespace}${d.controllerMetricsUrl ? ` LOADTEST_CONTROLLER_METRICS_URL=${d.controllerMetricsUrl}` : ''} npx vitest run -t AttachedRoutesBaseline

Press Ctrl-C to stop it; everything it started is stopped and its temporary files removed.
`);
// Keep the event loop alive until a signal arrives; processes.ts stops everything on SIGINT/SIGTERM.
setInterval(() => {}, 1 << 30);
