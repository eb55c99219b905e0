// Questions about clusters and endpoints that a change's convergence is judged by (routes: xds/routeConfigs.ts).
import type { ClusterLoadAssignment } from '../xds/protos.js';
import { type RouteConfigPredicate, routesFor } from '../xds/routeConfigs.js';

/**
 * Whether an Envoy cluster name is the one of Service `service` in `namespace`. kgateway v2.4.2 joins the parts of a
 * Service's cluster name with "_", name and namespace among them (the backend and unrouted-Service waits, which match
 * this way, converged for every change in the runs here); Kubernetes names never hold "_", so matching whole parts
 * tells `sim-service-1` from `sim-service-10` whatever their order.
 */
export function clusterIsFor(cluster: string, namespace: string, service: string): boolean {
  const parts = cluster.split('_');
  return parts.includes(namespace) && parts.includes(service);
}

/** True once the route for `host` and `pathPrefix` sends its traffic to the cluster of `service`. */
export function routeGoesTo(host: string, pathPrefix: string, namespace: string, service: string): RouteConfigPredicate {
  return (configs) => routesFor(configs, host, pathPrefix).some((route) => clusterIsFor(route.route?.cluster ?? '', namespace, service));
}

/** Whether any of the load assignments holds an endpoint at `address`. */
export function endpointsHold(assignments: readonly ClusterLoadAssignment[], address: string): boolean {
  return assignments.some((assignment) =>
    assignment.endpoints.some((locality) => locality.lb_endpoints.some((lb) => lb.endpoint?.address?.socket_address?.address === address)),
  );
}

/**
 * The k-th address a churned endpoint moves to: 10.244.200.1 onwards, inside the simulated pod range 10.244.0.0/16
 * (where nothing listens and no traffic is ever sent) and above the simulator's own addresses, which stay below
 * 10.244.200.0 up to 50,000 endpoints.
 */
export function churnAddress(k: number): string {
  const n = k % (56 * 254);
  return `10.244.${200 + Math.floor(n / 254)}.${(n % 254) + 1}`;
}
