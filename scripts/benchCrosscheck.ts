// npm run bench:crosscheck -- --peer <attachedroutes binary> [--routes 1000] [--rounds 3] [--out dir]
// Exit status: 0 the harness's gateway-api-bench workload agrees with the program, 1 some figure differs, 2 bad input
// or a failed run.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applySettings } from '../framework/config/settings.js';
import { controllerOf } from '../framework/controllers/index.js';
import { type CrossCheckRun, runCrossCheck } from '../framework/crosscheck/crossCheck.js';
import { checkPeerBinary } from '../framework/crosscheck/peerProgram.js';
import { crossCheckMarkdown, crossCheckTable, summarize } from '../framework/crosscheck/summary.js';
import { ConfigError } from '../framework/env.js';
import { KubeHttp } from '../framework/kube/http.js';
import { kubeconfigContexts, resolveConnection } from '../framework/kube/kubeconfig.js';
import { readAttachedRoutesConfig, withControllerPhaseTimeout } from '../framework/loadtest/settings.js';
import { WORKLOAD_VARIABLE } from '../framework/loadtest/workload.js';
import { selectProvider } from '../framework/testBed.js';
import { runIfProgram } from './entry.js';

const HELP = `usage: gateway-loadtest crosscheck --peer <path> [options]   (or npm run bench:crosscheck -- ...)

Runs gateway-api-bench's own attached-routes program (a binary you built from its public source, see
docs/gateway-api-bench.md) and this harness's gateway-api-bench workload (LOADTEST_WORKLOAD=gateway-api-bench)
alternately on one cluster, and prints both sets of figures side by side with their spread and the load average at
each start. The cluster is the one the usual settings choose: the embedded default, or the one \`npm run cluster:up\`
keeps running (its printed settings). For the program's runs it creates the Gateway the program needs (labelled with
the run id, deleted afterwards). The program creates and deletes its apps in the namespace \`mesh\` itself.

options:
  --peer <path>     gateway-api-bench's attached-routes binary (required)
  --routes <n>      apps per run (default 1000)
  --rounds <n>      rounds, each one run of both (default 3)
  --out <dir>       where the runs' reports, the program's logs and the summary go (default reports/crosscheck-<time>)
  --help            this text

Agreement: the medians of writes and of teardown within 20 %, setup within the program's own run-to-run range or
1.5 s, whichever is wider.
Exit status: 0 they agree, 1 some figure differs, 2 bad input or a failed run.`;

class UsageError extends Error {}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`--${name} ${JSON.stringify(text)}: expected a positive whole number`);
  return Number(text);
}

async function crosscheck(argv: string[]): Promise<number> {
  applySettings();
  const { values } = parseArgs({
    args: argv,
    options: {
      peer: { type: 'string' },
      routes: { type: 'string' },
      rounds: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // Every input is checked before a cluster starts.
  const peer = checkPeerBinary(values.peer);
  const routes = positive('routes', values.routes, 1000);
  const rounds = positive('rounds', values.rounds, 3);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = values.out ?? join(process.cwd(), 'reports', `crosscheck-${stamp}`);
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const env = { ...process.env, [WORKLOAD_VARIABLE]: 'gateway-api-bench', LOADTEST_BASELINE_ROUTES: String(routes) };
  const provider = selectProvider(env, join(outDir, 'logs'), progress);
  const cluster = await provider.start();
  const http = KubeHttp.fromConnection(await resolveConnection(cluster.description));
  try {
    const description = cluster.description;
    // The program uses its kubeconfig's current context: it must be the one this run measures.
    const { current } = kubeconfigContexts(description.kubeconfigPath);
    if (current !== description.context) {
      throw new ConfigError(
        `the kubeconfig ${description.kubeconfigPath} has current context ${current}, not ${description.context}: gateway-api-bench's program uses the current one`,
      );
    }
    const config = withControllerPhaseTimeout(readAttachedRoutesConfig(env, 'BASELINE', routes, description.gatewayClassName), env, controllerOf(description));
    progress(
      `[crosscheck] ${rounds} rounds of ${peer} and the harness's gateway-api-bench workload, ${routes} apps each, on ${description.provider} (${description.server}); out ${outDir}`,
    );
    const runs: CrossCheckRun[] = [];
    const write = () => {
      const summary = summarize(runs);
      const about = [
        `written ${new Date().toISOString()}; program ${peer}; ${routes} apps per run; ${rounds} rounds, alternating which tool goes first`,
        `cluster: ${description.provider} (${description.server}), controller ${description.controller ? `${description.controller.name} ${description.controller.version}` : `of class ${description.gatewayClassName} (not started by this run)`}`,
        `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      ];
      writeFileSync(join(outDir, 'crosscheck.json'), `${JSON.stringify({ about, runs, summary }, null, 2)}\n`);
      writeFileSync(join(outDir, 'crosscheck.md'), crossCheckMarkdown(runs, summary, about));
      return summary;
    };
    await runCrossCheck(description, http, { peer, routes, rounds, outDir, config }, progress, (run) => {
      runs.push(run);
      write();
    });
    const summary = write();
    process.stdout.write(`${crossCheckTable(runs, summary)}\nsummary: ${join(outDir, 'crosscheck.md')}, ${join(outDir, 'crosscheck.json')}\n`);
    return summary.agrees ? 0 : 1;
  } finally {
    await http.close();
    await cluster.stop();
  }
}

/** `npm run bench:crosscheck` and `gateway-loadtest crosscheck`: the exit status (0 agree, 1 differ, 2 bad input or a failed run). */
export async function crosscheckCommand(argv: string[]): Promise<number> {
  try {
    return await crosscheck(argv);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const known = usage || error instanceof ConfigError;
    process.stderr.write(`bench:crosscheck: ${(error as Error).message}\n${usage ? 'see npm run bench:crosscheck -- --help\n' : ''}`);
    if (!known) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 2;
  }
}

runIfProgram(import.meta.url, crosscheckCommand);
