// What a test file needs to talk to the shared cluster that globalSetup started: its description, connections,
// and per-test fixtures (a run context and a namespace of its own, deleted after the test). The connection comes
// resolved from globalSetup, so that test workers (which hold thousands of routes) never load client-node.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject, test } from 'vitest';
import type { ClusterDescription } from '../../framework/cluster/provider.js';
import { KubeHttp } from '../../framework/kube/http.js';
import { CONTROLLER_STATE_FILE, type ControllerState } from '../../framework/restart/controlServer.js';
import { RunContext } from '../../framework/run/context.js';
import { newRunId } from '../../framework/run/runId.js';

export function sharedCluster() {
  const description = withCurrentController(inject('cluster'));
  const connection = inject('connection');
  // `connections` caps requests in flight: give it the run's concurrency.
  return { description, connect: (connections?: number) => KubeHttp.fromConnection(connection, connections) };
}

/** After a ControllerRestart the controller is a new process: its pid comes from the restart seam's state file. */
function withCurrentController(description: ClusterDescription): ClusterDescription {
  const statePath = join(inject('runLogDir'), CONTROLLER_STATE_FILE);
  if (!description.controller || !existsSync(statePath)) return description;
  const { pid } = JSON.parse(readFileSync(statePath, 'utf8')) as ControllerState;
  return { ...description, controller: { ...description.controller, pid } };
}

export interface ClusterFixtures {
  /** A connection of the test's own, closed after it. */
  http: KubeHttp;
  /** A fresh run id with its labels and selector. */
  run: RunContext;
  /** A namespace of the run, deleted after the test. */
  namespace: string;
}

export const clusterTest = test.extend<ClusterFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Vitest fixtures take their dependencies by destructuring.
  http: async ({}, use) => {
    const http = sharedCluster().connect();
    await use(http);
    await http.close();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Vitest fixtures take their dependencies by destructuring.
  run: async ({}, use) => {
    await use(new RunContext(newRunId()));
  },
  namespace: async ({ http, run }, use) => {
    const name = `${run.runId}-test`;
    await http.create('/api/v1/namespaces', { metadata: { name, labels: { ...run.labels } } });
    await use(name);
    await http.delete(`/api/v1/namespaces/${name}`);
  },
});
