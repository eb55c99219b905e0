// REST paths of the Gateway API resources (one place, so no caller rebuilds them).
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_API = `/apis/${GATEWAY_API_GROUP}/v1`;
const GATEWAY_API_BETA = `/apis/${GATEWAY_API_GROUP}/v1beta1`;

export const gatewayApiPaths = {
  gatewayClasses: `${GATEWAY_API}/gatewayclasses`,
  gatewayClass: (name: string) => `${GATEWAY_API}/gatewayclasses/${name}`,
  /** Gateways of a namespace, or of every namespace. */
  gateways: (namespace?: string) => (namespace ? `${GATEWAY_API}/namespaces/${namespace}/gateways` : `${GATEWAY_API}/gateways`),
  gateway: (namespace: string, name: string) => `${GATEWAY_API}/namespaces/${namespace}/gateways/${name}`,
  /** HTTPRoutes of a namespace, or of every namespace. */
  httpRoutes: (namespace?: string) => (namespace ? `${GATEWAY_API}/namespaces/${namespace}/httproutes` : `${GATEWAY_API}/httproutes`),
  httpRoute: (namespace: string, name: string) => `${GATEWAY_API}/namespaces/${namespace}/httproutes/${name}`,
  /** ListenerSets (standard channel from Gateway API v1.5) of a namespace, or of every namespace. */
  listenerSets: (namespace?: string) => (namespace ? `${GATEWAY_API}/namespaces/${namespace}/listenersets` : `${GATEWAY_API}/listenersets`),
  referenceGrants: (namespace?: string) => (namespace ? `${GATEWAY_API_BETA}/namespaces/${namespace}/referencegrants` : `${GATEWAY_API_BETA}/referencegrants`),
} as const;
