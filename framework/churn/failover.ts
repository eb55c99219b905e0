// Backend failover, gateway-api-bench's third test as a Churn kind: the Deployment behind a route of the observed
// Gateway scaled to zero (its pods go, the endpointslice controller empties the Service's EndpointSlice, the proxy
// must get an EDS push without endpoints), then back (new pods become Ready, new endpoints pushed). Only with KWOK
// workloads: the hand-written EndpointSlices of the default simulator have no pods to take away.
import type { RunParts } from '../loadtest/phases/parts.js';
import { type SimulatedCluster, serviceName } from '../loadtest/simulator.js';
import { notMeasured } from '../measure/notMeasured.js';
import type { XdsObserver } from '../xds/adsObserver.js';
import type { AppliedChange, ChurnChanges } from './changes.js';
import type { ChurnConfig } from './config.js';
import { clusterIsFor } from './xdsChecks.js';

export class FailoverChanges {
  private down: { service: number; k: number } | undefined;
  private k = 0;

  constructor(
    private readonly parts: RunParts,
    private readonly simulated: SimulatedCluster,
    private readonly changes: ChurnChanges,
    private readonly config: ChurnConfig,
  ) {}

  /** Endpoints the last EDS push holds for the Service's cluster. */
  private endpointsOf(xds: XdsObserver, service: string): number {
    const { simNamespace } = this.parts.run;
    return xds
      .clusterLoadAssignments()
      .filter((assignment) => clusterIsFor(assignment.cluster_name, simNamespace, service))
      .reduce((sum, assignment) => sum + assignment.endpoints.reduce((n, locality) => n + locality.lb_endpoints.length, 0), 0);
  }

  /** Scales a route's Deployment to 0 (even k), or the same one back to its replicas (odd k). */
  scaleDownOrUp(): Promise<AppliedChange> {
    const workloads = this.simulated.workloads;
    if (!workloads) throw new Error('backend failover needs KWOK workloads');
    const { routes, config: runConfig, http, run } = this.parts;
    const going = this.down;
    const serviceIndex = going?.service ?? routes.observedRoute(this.k++, runConfig.routes) % this.simulated.serviceNames.length;
    const service = serviceName(serviceIndex);
    const replicas = going ? workloads.replicas : 0;
    this.down = going ? undefined : { service: serviceIndex, k: this.k };
    const timeout = this.config.changeTimeoutMs;
    const pushed = this.changes.xdsWait((xds) =>
      xds.whenHolds(
        () => (replicas === 0 ? this.endpointsOf(xds, service) === 0 : this.endpointsOf(xds, service) >= replicas),
        timeout,
        () =>
          `${service}: no EDS push with ${replicas === 0 ? 'no endpoints' : `${replicas} endpoints`} within ${timeout} ms (the push holds ${this.endpointsOf(xds, service)})`,
      ),
    );
    const deployment = workloads.deploymentOf(serviceIndex);
    return this.changes.send(
      replicas === 0 ? 'backendScaledDown' : 'backendScaledUp',
      `Deployment ${deployment}`,
      () => http.mergePatch(`/apis/apps/v1/namespaces/${run.simNamespace}/deployments/${deployment}/scale`, { spec: { replicas } }),
      notMeasured('no Gateway API status changes with a backend: its EndpointSlice is written by kube-controller-manager'),
      pushed,
    );
  }
}
