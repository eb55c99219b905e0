// kgateway's TrafficPolicy (gateway.kgateway.dev/v1alpha1) as the route policy the Churn kinds attach and detach: one
// targetRef to an HTTPRoute and a request timeout, which kgateway v2.4.2 writes into the route's RouteAction.timeout
// (pkg/kgateway/extensions2/plugins/trafficpolicy/traffic_policy_plugin.go), where an xDS observer can see it.
import { GATEWAY_API_GROUP } from '../../gatewayApi/paths.js';
import type { RoutePolicy } from '../controller.js';

const API = '/apis/gateway.kgateway.dev/v1alpha1';

export const kgatewayRoutePolicy: RoutePolicy = {
  kind: 'TrafficPolicy',
  apiPath: API,
  collectionPath: (namespace) => (namespace ? `${API}/namespaces/${namespace}/trafficpolicies` : `${API}/trafficpolicies`),
  object: ({ name, labels, route, requestTimeoutMs }) => ({
    apiVersion: 'gateway.kgateway.dev/v1alpha1',
    kind: 'TrafficPolicy',
    metadata: { name, labels: { ...labels } },
    spec: {
      targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', name: route }],
      timeouts: { request: `${requestTimeoutMs}ms` },
    },
  }),
};
