// Deletes what earlier (crashed) runs of this tool left in the cluster: objects with its labels, nothing else.
// Without --yes it only shows what it would delete. --run <id> limits it to one run; otherwise runs younger than
// --older-than minutes (default 60) are left alone, since they may still be running (another CI job, say).
import { parseArgs } from 'node:util';
import { ExistingProvider } from '../framework/cluster/providers/existing.js';
import { readClusterSettings } from '../framework/cluster/settings.js';
import { controllerNamed } from '../framework/controllers/index.js';
import { KubeHttp } from '../framework/kube/http.js';
import { resolveConnection } from '../framework/kube/kubeconfig.js';
import { deleteRunObjects, findRunObjects } from '../framework/run/ownership.js';
import { runStartedAt } from '../framework/run/runId.js';

const { values } = parseArgs({
  options: { yes: { type: 'boolean', default: false }, run: { type: 'string' }, 'older-than': { type: 'string', default: '60' } },
});
const olderThanMinutes = Number(values['older-than']);
if (!Number.isFinite(olderThanMinutes) || olderThanMinutes < 0) throw new Error(`--older-than ${values['older-than']}: give minutes, 0 or more`);
// The cluster is chosen as for a run (KUBECONFIG, CLUSTER_NAME, LOADTEST_ALLOW_CONTEXT); nothing is installed.
const controller = controllerNamed();
const target = new ExistingProvider(
  { ...readClusterSettings(process.env, controller.defaultInstallNamespace), provider: 'existing', skipInstall: true },
  controller,
).resolve();
const http = KubeHttp.fromConnection(await resolveConnection(target));
try {
  const cutoff = Date.now() - olderThanMinutes * 60_000;
  const found = await findRunObjects(http, values.run);
  // With --run the user named the run; otherwise a run too young to be known as crashed is kept.
  const leftovers = values.run ? found : found.filter((l) => (runStartedAt(l.run)?.getTime() ?? 0) < cutoff);
  const kept = found.length - leftovers.length;
  console.log(`context ${target.context}: ${leftovers.length} object(s) left by gateway-loadtest runs${values.run ? ` (run ${values.run})` : ''}`);
  for (const leftover of leftovers) console.log(`  ${leftover.kind} ${leftover.name} (run ${leftover.run})`);
  if (kept > 0) console.log(`${kept} object(s) of runs younger than ${olderThanMinutes} min left alone (--older-than 0 includes them)`);
  if (leftovers.length > 0 && !values.yes) console.log('Nothing deleted: run again with --yes to delete these.');
  if (leftovers.length > 0 && values.yes) {
    await deleteRunObjects(http, leftovers);
    console.log(`deleted ${leftovers.length} object(s); their namespaces' contents go with them`);
  }
} finally {
  await http.close();
}
