// Deletes what earlier (crashed) runs of this tool left in the cluster: objects with its labels, nothing else.
// Without --yes it only shows what it would delete. --run <id> limits it to one run.
import { parseArgs } from 'node:util';
import { KubeHttp } from '../framework/cluster/kubeHttp.js';
import { ExistingProvider } from '../framework/cluster/existingProvider.js';
import { readClusterSettings } from '../framework/cluster/clusterSettings.js';
import { loadKubeConfig } from '../framework/cluster/provider.js';
import { deleteLeftovers, findLeftovers } from '../framework/leftovers.js';

const { values } = parseArgs({ options: { yes: { type: 'boolean', default: false }, run: { type: 'string' } } });
// The cluster is chosen as for a run (KUBECONFIG, CLUSTER_NAME, LOADTEST_ALLOW_CONTEXT); nothing is installed.
const target = new ExistingProvider({ ...readClusterSettings(process.env), provider: 'existing', skipInstall: true }).resolve();
const http = await KubeHttp.fromKubeConfig(loadKubeConfig(target));
try {
  const leftovers = await findLeftovers(http, values.run);
  console.log(`context ${target.context}: ${leftovers.length} object(s) left by gateway-loadtest runs${values.run ? ` (run ${values.run})` : ''}`);
  for (const leftover of leftovers) console.log(`  ${leftover.kind} ${leftover.name} (run ${leftover.run})`);
  if (leftovers.length > 0 && !values.yes) console.log('Nothing deleted: run again with --yes to delete these.');
  if (leftovers.length > 0 && values.yes) {
    await deleteLeftovers(http, leftovers);
    console.log(`deleted ${leftovers.length} object(s); their namespaces' contents go with them`);
  }
} finally {
  await http.close();
}
