// How the Envoy of a Gateway identifies itself to istiod, and what istiod needs to see in the cluster before it
// sends that Envoy anything. Read from Istio's source at the pinned commit:
// - the node id is `router~<ip>~<pod>.<namespace>~<namespace>.svc.cluster.local` (pilot/pkg/model/context.go
//   ParseServiceNodeWithMetadata): "router" is a gateway proxy, the IP stands in for INSTANCE_IPS;
// - node metadata (pkg/model/proxy.go NodeMetadata) NAMESPACE, LABELS (a map), ISTIO_VERSION, CLUSTER_ID;
// - a Gateway API Gateway becomes an Istio Gateway that selects proxies labelled
//   `gateway.networking.k8s.io/gateway-name: <gateway>` in the Gateway's namespace;
// - with no Pod at the proxy's IP, istiod finds the proxy's Services from its metadata labels
//   (serviceregistry/kube/controller GetProxyServiceTargetsFromMetadata);
// - a Gateway without spec.addresses is "managed": istiod expects its Service `<gateway>-<class>` and writes
//   Programmed=True once that Service has an endpoint on each listener port (gatewaycommon ResolveGatewayInstances);
//   otherwise Programmed=False, AddressNotAssigned ("no instances found for hostname").
// The deployment controller that would create that Service and a proxy Deployment is off (no kubelet could run it),
// so the run creates the Service and one EndpointSlice itself, as the simulated cluster's Services are made: the
// endpoint's address is the one the xDS observer, standing in for the proxy, gives in its node id.
import type { GatewayCompanion, GatewayRef, XdsMetadataValue } from '../controller.js';
import { ISTIO_VERSION } from './build.js';

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
/** istiod's default cluster name (pilot/pkg/features: CLUSTER_ID defaults to "Kubernetes"). */
export const ISTIO_CLUSTER_ID = 'Kubernetes';
/** The proxy's address: in the simulated cluster's pod range, distinct from its backends' 10.244.x.y. */
export const PROXY_ADDRESS = '10.245.0.1';

/** The node id of the Gateway's Envoy: a gateway proxy ("router") at PROXY_ADDRESS in the Gateway's namespace. */
export function istioXdsNodeId(gateway: GatewayRef): string {
  return `router~${PROXY_ADDRESS}~${gateway.name}-loadtest-observer.${gateway.namespace}~${gateway.namespace}.svc.cluster.local`;
}

export function istioXdsNodeMetadata(gateway: GatewayRef): Record<string, XdsMetadataValue> {
  return { NAMESPACE: gateway.namespace, LABELS: { [GATEWAY_NAME_LABEL]: gateway.name }, ISTIO_VERSION, CLUSTER_ID: ISTIO_CLUSTER_ID };
}

/** The proxy's Service `<gateway>-<class>` (port 80, selecting the proxy's label) and its one endpoint. */
export function istioGatewayCompanions(gateway: GatewayRef, gatewayClassName: string, ports: readonly number[]): GatewayCompanion[] {
  const service = `${gateway.name}-${gatewayClassName}`;
  const servicePorts = ports.map((port) => ({ name: `http-${port}`, port, targetPort: port, protocol: 'TCP', appProtocol: 'http' }));
  return [
    {
      collection: `/api/v1/namespaces/${gateway.namespace}/services`,
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: service, labels: { [GATEWAY_NAME_LABEL]: gateway.name } },
        spec: { type: 'ClusterIP', selector: { [GATEWAY_NAME_LABEL]: gateway.name }, ports: servicePorts },
      },
    },
    {
      collection: `/apis/discovery.k8s.io/v1/namespaces/${gateway.namespace}/endpointslices`,
      object: {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: `${service}-loadtest`,
          // Not the endpointslice controller's: it leaves slices with another manager alone.
          labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'gateway-loadtest' },
        },
        addressType: 'IPv4',
        endpoints: [{ addresses: [PROXY_ADDRESS], conditions: { ready: true } }],
        ports: servicePorts.map(({ name, port, protocol, appProtocol }) => ({ name, port, protocol, appProtocol })),
      },
    },
  ];
}
