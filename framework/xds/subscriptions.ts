// What an Envoy asks for on an ADS stream, derived from what it was sent: wildcard CDS and LDS, RDS for the route
// configuration names its listeners carry, EDS for the EDS clusters CDS advertised. go-control-plane's snapshot
// cache in ADS mode answers a named request only when the names cover every resource of that type, so the names
// must follow the pushed listeners and clusters exactly as Envoy's do.
import {
  type Cluster,
  decodeAny,
  edsDiscoveryType,
  HTTP_CONNECTION_MANAGER_TYPE_URL,
  type HttpConnectionManager,
  type Listener,
  type ProtoMessage,
  TYPE_URL,
} from './protos.js';

/** Route configuration names the listeners' HTTP connection managers ask RDS for, sorted. */
export function routeConfigNames(listeners: readonly ProtoMessage[]): string[] {
  const names = new Set<string>();
  for (const listener of listeners as Listener[]) {
    const chains = [...listener.filter_chains, ...(listener.default_filter_chain ? [listener.default_filter_chain] : [])];
    for (const chain of chains) {
      for (const filter of chain.filters) {
        if (filter.typed_config?.type_url !== HTTP_CONNECTION_MANAGER_TYPE_URL) continue;
        const name = decodeAny<HttpConnectionManager>(filter.typed_config).rds?.route_config_name;
        if (name) names.add(name);
      }
    }
  }
  return [...names].sort();
}

/** EDS service names of the clusters that use EDS, sorted (the name Envoy subscribes to). */
export function endpointNames(clusters: readonly ProtoMessage[]): string[] {
  const eds = edsDiscoveryType();
  const names = new Set<string>();
  for (const cluster of clusters as Cluster[]) {
    if (cluster.cluster_discovery_type !== 'type' || cluster.type !== eds) continue;
    names.add(cluster.eds_cluster_config?.service_name || cluster.name);
  }
  return [...names].sort();
}

/** Per type: the names subscribed to (empty = wildcard) and the last response, which every request must echo. */
export class Subscription {
  names: string[] = [];
  version = '';
  nonce = '';
  responded = false;

  constructor(readonly typeUrl: string) {}

  /** Sets the names; true if they changed. */
  setNames(names: string[]): boolean {
    const changed = names.length !== this.names.length || names.some((name, i) => name !== this.names[i]);
    this.names = names;
    return changed;
  }
}

/** The types in the order Envoy subscribes to them; CDS and LDS start as wildcards, RDS and EDS follow. */
export const SUBSCRIBED_TYPES = [TYPE_URL.cluster, TYPE_URL.listener, TYPE_URL.routeConfiguration, TYPE_URL.clusterLoadAssignment] as const;
