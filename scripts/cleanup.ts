// Deletes what earlier (crashed) runs of this tool left in the cluster: objects with its labels, nothing else.
// Without --yes it only shows what it would delete. --run <id> limits it to one run; otherwise runs younger than
// --older-than minutes (default 60) are left alone, since they may still be running (another CI job, say).
import { parseArgs } from 'node:util';
import { ExistingProvider } from '../framework/cluster/providers/existing.js';
import { readClusterSettings } from '../framework/cluster/settings.js';
import { applySettings } from '../framework/config/settings.js';
import { controllerNamed } from '../framework/controllers/index.js';
import { ConfigError } from '../framework/env.js';
import { KubeHttp } from '../framework/kube/http.js';
import { resolveConnection } from '../framework/kube/kubeconfig.js';
import { deleteRunObjects, findRunObjects } from '../framework/run/ownership.js';
import { runStartedAt } from '../framework/run/runId.js';
import { runIfProgram } from './entry.js';

export const CLEANUP_USAGE = 'usage: gateway-loadtest cleanup [--yes] [--run <id>] [--older-than <minutes>]   (or npm run cleanup -- ...)';

class UsageError extends Error {}

async function cleanup(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      yes: { type: 'boolean', default: false },
      run: { type: 'string' },
      'older-than': { type: 'string', default: '60' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      `${CLEANUP_USAGE}\n\nDeletes the objects earlier runs left in the cluster (chosen as for a run: KUBECONFIG, CLUSTER_NAME, LOADTEST_ALLOW_CONTEXT), by label.\nWithout --yes it only lists them. Runs younger than --older-than minutes (default 60) are left alone unless --run names one.\n`,
    );
    return 0;
  }
  const olderThanMinutes = Number(values['older-than']);
  if (!Number.isFinite(olderThanMinutes) || olderThanMinutes < 0) throw new UsageError(`--older-than ${values['older-than']}: give minutes, 0 or more`);
  applySettings();
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
    return 0;
  } finally {
    await http.close();
  }
}

/** `npm run cleanup -- <args>` and `gateway-loadtest cleanup <args>`: the exit status, never a throw. */
export async function cleanupCommand(argv: string[]): Promise<number> {
  try {
    return await cleanup(argv);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`cleanup: ${(error as Error).message}\n${usage ? `${CLEANUP_USAGE}\n` : ''}`);
    if (usage || error instanceof ConfigError) return 2;
    process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }
}

runIfProgram(import.meta.url, cleanupCommand);
