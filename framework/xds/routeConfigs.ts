// Questions about the RouteConfigurations a proxy holds: is a route there, how many routes are there.
// kgateway v2.4.2 names (pkg/kgateway/translator/listener/gateway_listener_translator.go, query/route.go,
// irtranslator/route.go): route configuration `listener~<port>`, virtual host `listener~<port>~<host, "." -> "_">`
// with the hostname in `domains`, Envoy route `<virtual host>-route-<i>-httproute-<route>-<namespace>-<rule>-<match>-
// matcher-<n>`; a PathPrefix match becomes `path_separated_prefix` (or `prefix` for "/" and values that are not
// path-separated). A backendRef that does not resolve routes to `blackhole-cluster`, which is never in CDS, with
// cluster_not_found_response_code INTERNAL_SERVER_ERROR: Envoy answers such a route with 500.
// Istio (pilot-discovery 1.31-dev, seen in a dump of its pushes): route configuration `http.<port>`, virtual host
// `<host>:<port>` with the hostname in `domains`, Envoy route `<namespace>.<route>.<rule>` (the name of the
// VirtualService rule it generates from the HTTPRoute, pilot/pkg/config/kube/gateway/conversion.go), the same
// `path_separated_prefix` match.
import type { Route, RouteConfiguration, VirtualHost } from './protos.js';

export type RouteConfigs = ReadonlyMap<string, RouteConfiguration>;
export type RouteConfigPredicate = (configs: RouteConfigs) => boolean;

function prefixOf(route: Route): string | undefined {
  const match = route.match;
  if (match?.path_specifier === 'path_separated_prefix') return match.path_separated_prefix;
  if (match?.path_specifier === 'prefix') return match.prefix;
  return undefined;
}

// A Gateway API PathPrefix as Envoy matches it: kgateway drops a trailing slash (Gateway API ignores it).
function normalisePrefix(pathPrefix: string): string {
  return pathPrefix.length > 1 ? pathPrefix.replace(/\/$/, '') : pathPrefix;
}

export function virtualHostsFor(configs: RouteConfigs, host: string): VirtualHost[] {
  const out: VirtualHost[] = [];
  for (const config of configs.values()) {
    for (const virtualHost of config.virtual_hosts) if (virtualHost.domains.includes(host)) out.push(virtualHost);
  }
  return out;
}

/** The Envoy routes a proxy would use for `host` with a path-prefix match of `pathPrefix`. */
export function routesFor(configs: RouteConfigs, host: string, pathPrefix: string): Route[] {
  const wanted = normalisePrefix(pathPrefix);
  return virtualHostsFor(configs, host).flatMap((virtualHost) => virtualHost.routes.filter((route) => prefixOf(route) === wanted));
}

/** True while some virtual host serving `host` has a route matching the path prefix `pathPrefix`. */
export function routeConfigHas(host: string, pathPrefix: string): RouteConfigPredicate {
  return (configs) => routesFor(configs, host, pathPrefix).length > 0;
}

/** Envoy routes across all route configurations (one HTTPRoute rule match is one Envoy route). */
export function countRoutes(configs: RouteConfigs): number {
  let count = 0;
  for (const config of configs.values()) for (const virtualHost of config.virtual_hosts) count += virtualHost.routes.length;
  return count;
}

/**
 * The HTTPRoute an Envoy route of `namespace` comes from, by each controller's route naming:
 * kgateway: the virtual host name comes first (`listener~<port>~<host>` on an HTTP listener, `<listener>~<host>` on
 * an HTTPS one, so one "~" at least); greedy matching then takes the last "-route-<i>-httproute-" and the route name
 * up to "-<namespace>-<rule>-<match>-matcher-<n>" at the end (anchored, so that namespace `x` is not read out of
 * routes of namespace `x-1`);
 * Istio: "<namespace>.<route>.<rule>", optionally ".<match name>" (route names without dots only: ours have none).
 */
function routeNamePatterns(namespace: string): RegExp[] {
  const ns = escapeRegExp(namespace);
  return [new RegExp(`^[^~]+~.*-route-\\d+-httproute-(.+)-${ns}-\\d+-\\d+-matcher-\\d+$`), new RegExp(`^${ns}\\.([^.]+)\\.\\d+(?:\\.[^.]*)?$`)];
}

/** Names of the HTTPRoutes of `namespace` that have at least one Envoy route in the configurations. */
export function httpRoutesIn(configs: RouteConfigs, namespace: string): Set<string> {
  const patterns = routeNamePatterns(namespace);
  const names = new Set<string>();
  for (const config of configs.values()) {
    for (const virtualHost of config.virtual_hosts) {
      for (const route of virtualHost.routes) {
        for (const pattern of patterns) {
          const name = pattern.exec(route.name)?.[1];
          if (name) names.add(name);
        }
      }
    }
  }
  return names;
}

/** True once the configurations hold Envoy routes of at least `count` HTTPRoutes of `namespace` (or of these namespaces together). */
export function holdsHttpRoutes(namespace: string | readonly string[], count: number): RouteConfigPredicate {
  const namespaces = typeof namespace === 'string' ? [namespace] : namespace;
  return (configs) => namespaces.reduce((sum, ns) => sum + httpRoutesIn(configs, ns).size, 0) >= count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
