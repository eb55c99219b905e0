// Builders for the Gateway API objects a run creates: plain objects, ready to be POSTed.
import { GATEWAY_API_GROUP } from './paths.js';

type Labels = Readonly<Record<string, string>>;

/** The port of a run Gateway's default HTTP listener: what Traefik's entry point and the run's Envoy bind. */
export const GATEWAY_LISTENER_PORT = 80;

/** One listener of a Gateway: HTTP, or HTTPS terminating TLS with the certificate in a Secret of the Gateway's namespace. */
export interface GatewayListener {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly allowedRoutes?: { readonly from: 'Same' | 'All' } | { readonly from: 'Selector'; readonly matchLabels: Readonly<Record<string, string>> };
  readonly certificateSecret?: string;
}

export function gatewayListener(listener: GatewayListener) {
  const { allowedRoutes, certificateSecret } = listener;
  const namespaces =
    allowedRoutes &&
    (allowedRoutes.from === 'Selector' ? { from: 'Selector', selector: { matchLabels: { ...allowedRoutes.matchLabels } } } : { from: allowedRoutes.from });
  return {
    name: listener.name,
    port: listener.port,
    protocol: listener.protocol,
    ...(namespaces ? { allowedRoutes: { namespaces } } : {}),
    ...(certificateSecret ? { tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', group: '', name: certificateSecret }] } } : {}),
  };
}

/** A Gateway with one HTTP listener on port 80 (`listener`), or with `listeners` when given. */
export function gateway(options: {
  name: string;
  labels: Labels;
  gatewayClassName: string;
  listener: string;
  allowedRoutes?: 'Same' | 'All';
  listeners?: readonly GatewayListener[];
}) {
  const listeners = options.listeners ?? [
    {
      name: options.listener,
      port: GATEWAY_LISTENER_PORT,
      protocol: 'HTTP' as const,
      ...(options.allowedRoutes ? { allowedRoutes: { from: options.allowedRoutes } } : {}),
    },
  ];
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1`,
    kind: 'Gateway',
    metadata: { name: options.name, labels: { ...options.labels } },
    spec: { gatewayClassName: options.gatewayClassName, listeners: listeners.map(gatewayListener) },
  };
}

export interface RouteTarget {
  /** The parent Gateway (or ListenerSet, with `kind`) and, optionally, its listener and (for a route in another namespace) its namespace. */
  readonly gateway: string;
  readonly listener?: string;
  readonly namespace?: string;
  readonly kind?: 'Gateway' | 'ListenerSet';
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
      parentRefs: [
        {
          ...(options.parent.kind === 'ListenerSet' ? { group: GATEWAY_API_GROUP, kind: 'ListenerSet' } : {}),
          name: options.parent.gateway,
          ...(options.parent.namespace ? { namespace: options.parent.namespace } : {}),
          ...(options.parent.listener ? { sectionName: options.parent.listener } : {}),
        },
      ],
      ...(options.hostname ? { hostnames: [options.hostname] } : {}),
      rules,
    },
  };
}

/** Lets HTTPRoutes in `fromNamespace` (and `moreNamespaces`) reference Services in the grant's namespace. */
export function referenceGrantToServices(options: { name: string; labels: Labels; fromNamespace: string; moreNamespaces?: readonly string[] }) {
  const namespaces = [options.fromNamespace, ...(options.moreNamespaces ?? [])];
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1beta1`,
    kind: 'ReferenceGrant',
    metadata: { name: options.name, labels: { ...options.labels } },
    spec: {
      from: namespaces.map((namespace) => ({ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', namespace })),
      to: [{ group: '', kind: 'Service' }],
    },
  };
}
