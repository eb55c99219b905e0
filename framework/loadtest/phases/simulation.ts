// Phases 1-2 of the methodology: the run's namespaces and the simulated cluster (fake Nodes where the cluster can
// take them, Services with EndpointSlices; or, with KWOK, Deployments of Ready pods), and the grant that lets the routes
// reference the simulated Services.
import type { ClusterCapabilities } from '../../cluster/provider.js';
import { referenceGrantToServices } from '../../gatewayApi/builders.js';
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import { KwokSimulator } from '../kwokSimulator.js';
import { type SimulatedCluster, VClusterSimulator } from '../simulator.js';
import { vclusterSizing } from '../sizing.js';
import type { RunParts } from './parts.js';

/** The simulator the cluster allows: KWOK pods where KWOK runs (LOADTEST_KWOK), else hand-written EndpointSlices. */
function simulatorFor(parts: RunParts, capabilities: ClusterCapabilities) {
  const { run, creates, config, progress, http } = parts;
  const create = creates.create.bind(creates);
  return capabilities.simulatesPods
    ? new KwokSimulator(run, http, create, { concurrency: config.concurrency, timeoutMs: config.phaseTimeoutMs, progress })
    : new VClusterSimulator(run, create, { concurrency: config.concurrency, fakeNodes: capabilities.canRunFakeNodes, progress });
}

export async function simulateCluster(parts: RunParts, capabilities: ClusterCapabilities): Promise<SimulatedCluster> {
  const { run, creates, config } = parts;
  const { routes } = parts;
  for (const name of [run.simNamespace, ...routes.namespaces()]) await creates.create('/api/v1/namespaces', { metadata: { name, labels: { ...run.labels } } });
  const sizing = vclusterSizing(config.routes, `${run.runId}-vcluster`);
  const simulated = await simulatorFor(parts, capabilities).simulate(sizing, run.simNamespace);
  await creates.create(
    gatewayApiPaths.referenceGrants(run.simNamespace),
    referenceGrantToServices({
      name: 'routes-to-simulated-services',
      labels: run.labels,
      fromNamespace: run.appNamespace,
      moreNamespaces: routes.namespaces().slice(1),
    }),
  );
  return simulated;
}

/** A capacity ladder's next step: the simulated cluster grown to the methodology's size for the step's route count. */
export async function growSimulatedCluster(parts: RunParts, simulated: SimulatedCluster, capabilities: ClusterCapabilities): Promise<SimulatedCluster> {
  const sizing = vclusterSizing(parts.config.routes, simulated.config.simulationName);
  return simulatorFor(parts, capabilities).simulate(sizing, parts.run.simNamespace, simulated);
}
