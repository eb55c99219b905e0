// Builders for the Gateway API objects a run creates: plain objects, ready to be POSTed.
import { GATEWAY_API_GROUP } from './paths.js';

type Labels = Readonly<Record<string, string>>;

/** The port of a run Gateway's HTTP listener: what Traefik's entry point and kgateway's Envoy listener bind. */
export const GATEWAY_LISTENER_PORT = 80;

export function gateway(options: { name: string; labels: Labels; gatewayClassName: string; listener: string; allowedRoutes?: 'Same' | 'All' }) {
  const listener = {
    name: options.listener,
    port: GATEWAY_LISTENER_PORT,
    protocol: 'HTTP',
    ...(options.allowedRoutes ? { allowedRoutes: { namespaces: { from: options.allowedRoutes } } } : {}),
  };
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: 'Gateway',
    metadata: { name: options.name, labels: { ...options.labels } },
    spec: { gatewayClassName: options.gatewayClassName, listeners: [listener] },
  };
}

export interface RouteTarget {
  /** The parent Gateway and, optionally, its listener. */
  readonly gateway: string;
  readonly listener?: string;
}

/**
 * An HTTPRoute with one rule on a path prefix: to a backend Service, or (when `redirectStatus` is set) answered by
 * the proxy itself with a RequestRedirect, which needs no backend pods.
 */
/**
 * An HTTPRoute with one rule per entry of `rules`: each a path prefix, with a backend or a RequestRedirect that the
 * proxy answers itself (with `redirectStatus`).
 */
export function httpRoute(options: {
  name: string;
  labels: Labels;
  parent: RouteTarget;
  hostname?: string;
  rules: readonly { pathPrefix?: string; backend?: { name: string; namespace?: string; port: number }; redirectStatus?: number }[];
}) {
  const rules = options.rules.map((rule) => {
    const matches = rule.pathPrefix ? { matches: [{ path: { type: 'PathPrefix', value: rule.pathPrefix } }] } : {};
    const action = rule.redirectStatus
      ? { filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: 'ready.example.com', statusCode: rule.redirectStatus } }] }
      : rule.backend
        ? { backendRefs: [rule.backend] }
        : {};
    return { ...matches, ...action };
  });
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: 'HTTPRoute',
    metadata: { name: options.name, labels: { ...options.labels } },
    spec: {
      parentRefs: [{ name: options.parent.gateway, ...(options.parent.listener ? { sectionName: options.parent.listener } : {}) }],
      ...(options.hostname ? { hostnames: [options.hostname] } : {}),
      rules,
    },
  };
}

/** Lets HTTPRoutes in `fromNamespace` reference Services in the grant's namespace. */
export function referenceGrantToServices(options: { name: string; labels: Labels; fromNamespace: string }) {
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1beta1`,
    kind: 'ReferenceGrant',
    metadata: { name: options.name, labels: { ...options.labels } },
    spec: {
      from: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', namespace: options.fromNamespace }],
      to: [{ group: '', kind: 'Service' }],
    },
  };
}
