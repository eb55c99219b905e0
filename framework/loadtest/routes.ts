// The run's Gateway and routes by name, as in the Go harness: `<gateway>-route-<i>`, incremental routes continuing
// the numbering, each with its own hostname and path.
import { gateway, httpRoute } from '../gatewayApi/builders.js';
import { gatewayApiPaths } from '../gatewayApi/paths.js';
import type { RunContext } from '../run/context.js';
import { SERVICE_PORT, type SimulatedCluster, serviceName } from './simulator.js';

export const GATEWAY_NAME = 'test-gateway';
export const LISTENER_NAME = 'http';
/** What the data plane answers for a probed route once it serves it (its RequestRedirect filter). */
export const READY_STATUS = 302;

export class RunRoutes {
  readonly gatewayPath: string;
  readonly gatewaysPath: string;
  readonly routesPath: string;

  constructor(
    private readonly run: RunContext,
    private readonly gatewayClassName: string,
  ) {
    this.gatewaysPath = gatewayApiPaths.gateways(run.appNamespace);
    this.gatewayPath = gatewayApiPaths.gateway(run.appNamespace, GATEWAY_NAME);
    this.routesPath = gatewayApiPaths.httpRoutes(run.appNamespace);
  }

  gateway() {
    return gateway({ name: GATEWAY_NAME, labels: this.run.labels, gatewayClassName: this.gatewayClassName, listener: LISTENER_NAME, allowedRoutes: 'Same' });
  }

  name(index: number): string {
    return `${GATEWAY_NAME}-route-${index}`;
  }

  host(index: number): string {
    return `${index}-route.example.com`;
  }

  path(index: number): string {
    return `/test-route-${index}`;
  }

  /**
   * A route to a simulated Service. The simulated Services have no pods, so a data plane would answer 503 for them:
   * a route to be probed (`answers`) instead carries a RequestRedirect filter, which the proxy answers itself.
   */
  route(index: number, simulated: SimulatedCluster, answers = false) {
    const backend = { name: serviceName(index % simulated.serviceNames.length), namespace: this.run.simNamespace, port: SERVICE_PORT };
    return httpRoute({
      name: this.name(index),
      labels: this.run.labels,
      parent: { gateway: GATEWAY_NAME, listener: LISTENER_NAME },
      hostname: this.host(index),
      pathPrefix: this.path(index),
      ...(answers ? { redirectStatus: READY_STATUS } : { backend }),
    });
  }

  /** The names of the first `count` routes (the baseline). */
  names(count: number): string[] {
    return Array.from({ length: count }, (_, i) => this.name(i));
  }
}
