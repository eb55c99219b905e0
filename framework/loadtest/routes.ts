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
/**
 * The baseline route that no sample or change touches: it carries the redirect rule too, so that a data plane answers
 * it itself (302) and it can be probed throughout the samples and the churn (zero downtime).
 */
export const STABLE_ROUTE_INDEX = 0;

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

  /** The path of a sample route's second rule, the one a data plane answers itself (see route()). */
  readyPath(index: number): string {
    return `${this.path(index)}-ready`;
  }

  /**
   * A route to a simulated Service. A sample route (`probed`) keeps that rule, so that it costs the controller what a
   * baseline route costs, and adds a second rule with its own path and a RequestRedirect, which a proxy answers
   * itself: the simulated Services have no pods, so the backend rule would only ever answer 503. Route readiness (HTTP
   * or xDS) is measured on that second rule.
   */
  route(index: number, simulated: SimulatedCluster, probed = false) {
    const backend = { name: serviceName(index % simulated.serviceNames.length), namespace: this.run.simNamespace, port: SERVICE_PORT };
    const rules = [{ pathPrefix: this.path(index), backend }];
    return httpRoute({
      name: this.name(index),
      labels: this.run.labels,
      parent: { gateway: GATEWAY_NAME, listener: LISTENER_NAME },
      hostname: this.host(index),
      rules: probed ? [...rules, { pathPrefix: this.readyPath(index), redirectStatus: READY_STATUS }] : rules,
    });
  }

  /** The stable route's host and the path of its redirect rule (STABLE_ROUTE_INDEX). */
  stableRoute(): { name: string; host: string; path: string } {
    return { name: this.name(STABLE_ROUTE_INDEX), host: this.host(STABLE_ROUTE_INDEX), path: this.readyPath(STABLE_ROUTE_INDEX) };
  }

  /** The names of the first `count` routes (the baseline). */
  names(count: number): string[] {
    return Array.from({ length: count }, (_, i) => this.name(i));
  }
}
