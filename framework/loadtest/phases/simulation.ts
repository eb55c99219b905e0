// Phases 1-2 of the methodology: the run's namespaces and the simulated cluster (fake Nodes where the cluster can
// take them, Services with EndpointSlices), and the grant that lets the routes reference the simulated Services.
import { referenceGrantToServices } from '../../gatewayApi/builders.js';
import { gatewayApiPaths } from '../../gatewayApi/paths.js';
import { type SimulatedCluster, VClusterSimulator } from '../simulator.js';
import { vclusterSizing } from '../sizing.js';
import type { RunParts } from './parts.js';

export async function simulateCluster(parts: RunParts, canRunFakeNodes: boolean): Promise<SimulatedCluster> {
  const { run, creates, config, progress } = parts;
  const { routes } = parts;
  for (const name of [run.simNamespace, ...routes.namespaces()]) await creates.create('/api/v1/namespaces', { metadata: { name, labels: { ...run.labels } } });
  const sizing = vclusterSizing(config.routes, `${run.runId}-vcluster`);
  const create = creates.create.bind(creates);
  const simulator = new VClusterSimulator(run, create, { concurrency: config.concurrency, fakeNodes: canRunFakeNodes, progress });
  const simulated = await simulator.simulate(sizing, run.simNamespace);
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
export async function growSimulatedCluster(parts: RunParts, simulated: SimulatedCluster, canRunFakeNodes: boolean): Promise<SimulatedCluster> {
  const { run, creates, config, progress } = parts;
  const sizing = vclusterSizing(config.routes, simulated.config.simulationName);
  const simulator = new VClusterSimulator(run, creates.create.bind(creates), { concurrency: config.concurrency, fakeNodes: canRunFakeNodes, progress });
  return simulator.simulate(sizing, run.simNamespace, simulated);
}
