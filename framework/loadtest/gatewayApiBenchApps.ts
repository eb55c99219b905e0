// gateway-api-bench's "apps", as its attached-routes program has pilot-load create them (pilot-load's cluster
// simulation, templates/httproute.yaml and pkg/simulation/app/service.go at the version its go.mod pins): per app a
// ClusterIP Service (ports 80 and 443, selecting pods that never exist) and an HTTPRoute with host <name>.example.com,
// the Gateway as its only parentRef (no sectionName), the Service on port 80 as its backend and a random PathPrefix
// /1 .. /10000. Here they live in a namespace of the run's own and carry the run's labels.
import { gatewayApiPaths } from '../gatewayApi/paths.js';
import type { RunContext } from '../run/context.js';

/** The run's namespace for the apps (gateway-api-bench uses `mesh`). */
export function appsNamespaceOf(runId: string): string {
  return `${runId}-apps`;
}

export class GatewayApiBenchApps {
  /** The run's namespace for the apps (gateway-api-bench uses `mesh`). */
  readonly namespace: string;
  readonly servicesPath: string;
  readonly routesPath: string;

  constructor(
    private readonly run: RunContext,
    private readonly gateway: { readonly namespace: string; readonly name: string },
  ) {
    this.namespace = appsNamespaceOf(run.runId);
    this.servicesPath = `/api/v1/namespaces/${this.namespace}/services`;
    this.routesPath = gatewayApiPaths.httpRoutes(this.namespace);
  }

  /** pilot-load names apps app-<8 random characters>; an index keeps the run's names readable and just as unique. */
  name(index: number): string {
    return `app-${index}`;
  }

  service(index: number) {
    const name = this.name(index);
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels: { ...this.run.labels } },
      spec: {
        type: 'ClusterIP',
        selector: { app: name },
        ports: [
          { name: 'http', port: 80, targetPort: 80 },
          { name: 'https', port: 443, targetPort: 443 },
        ],
      },
    };
  }

  route(index: number, random: () => number = Math.random) {
    const name = this.name(index);
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, labels: { ...this.run.labels } },
      spec: {
        hostnames: [`${name}.example.com`],
        parentRefs: [{ name: this.gateway.name, namespace: this.gateway.namespace }],
        rules: [{ backendRefs: [{ name, port: 80 }], matches: [{ path: { type: 'PathPrefix', value: `/${Math.floor(random() * 10_000) + 1}` } }] }],
      },
    };
  }
}
