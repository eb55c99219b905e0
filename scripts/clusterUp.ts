// Keeps one cluster running (the local control plane with kgateway by default) until Ctrl-C, for repeated runs
// and VS Code. It prints the environment that points later runs at it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reuseExports, reuseLine } from '../framework/cluster/reuse.js';
import { selectProvider } from '../framework/cluster/selectProvider.js';

const logDir = process.env.LOADTEST_LOG_DIR ?? join(process.cwd(), 'reports', 'logs', `cluster-up-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const cluster = await selectProvider(process.env, logDir).start();
const d = cluster.description;
// The same settings for scripts: `. <logDir>/cluster.env` exports them.
const envFile = join(logDir, 'cluster.env');
writeFileSync(envFile, reuseExports(d));
console.log(`
Cluster is up (${d.provider}): ${d.server}
  kubeconfig:   ${d.kubeconfigPath}
  context:      ${d.context}
  logs:         ${logDir}${d.controller ? `\n  controller:   ${d.controller.name} ${d.controller.version} (pid ${d.controller.pid}), metrics ${d.controller.metricsUrl}` : ''}

Run the Baseline against it from another terminal (every setting it needs; other suites: change the file and -t):
  ${reuseLine(d)}
  (the same settings for scripts: . ${envFile})
${d.xdsAddress ? '' : `  (route ready by xDS will not be measured: ${d.xdsAbsentReason ?? 'no xDS address'})\n`}
Press Ctrl-C to stop it; everything it started is stopped and its temporary files removed.
`);
// Keep the event loop alive until a signal arrives; processes.ts stops everything on SIGINT/SIGTERM.
setInterval(() => {}, 1 << 30);
