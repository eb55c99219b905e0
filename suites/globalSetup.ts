// Starts the run's cluster once (the local control plane with kgateway unless told otherwise) and stops it at the end.
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { EXIT } from '../cli/exitCodes.js';
import type { ClusterDescription } from '../framework/cluster/provider.js';
import { applySettings } from '../framework/config/settings.js';
import { ConfigError } from '../framework/env.js';
import type { ApiConnection } from '../framework/kube/connection.js';
import { resolveConnection } from '../framework/kube/kubeconfig.js';
import { CONTROLLER_STATE_FILE, startRestartControl } from '../framework/restart/controlServer.js';
import { selectProvider } from '../framework/testBed.js';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterDescription;
    connection: ApiConnection;
    runLogDir: string;
    /** Where a test asks for the controller to be restarted (ControllerRestart); absent when this run cannot. */
    controllerRestartUrl: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every setting checked (an unknown LOADTEST_* variable too) before anything starts, and the config file's values
  // put into the environment: Vitest builds its workers' environment from process.env after globalSetup.
  const logDir = join(process.cwd(), 'reports', 'logs', new Date().toISOString().replace(/[:.]/g, '-'));
  let provider: ReturnType<typeof selectProvider>;
  try {
    applySettings(process.env);
    provider = selectProvider(process.env, logDir);
  } catch (error) {
    // Bad input, found before anything started: one line and the CLI's exit status, not Vitest's "no test files"
    // and a stack trace.
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`gateway-loadtest: ${error.message}\n`);
    process.exit(EXIT.badInput);
  }
  const cluster = await provider.start();
  project.provide('cluster', cluster.description);
  try {
    project.provide('connection', await resolveConnection(cluster.description));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide('runLogDir', logDir);
  const restartControl = cluster.restartController ? await startRestartControl(cluster.restartController, join(logDir, CONTROLLER_STATE_FILE)) : undefined;
  project.provide('controllerRestartUrl', restartControl?.url);
  return async () => {
    await restartControl?.close();
    await cluster.stop();
  };
}
