// Envoy's xDS protos as @grpc/grpc-js-xds ships them (deps/: envoy-api, xds, googleapis, protoc-gen-validate),
// loaded once with @grpc/proto-loader. `json: true` makes protobufjs expand every google.protobuf.Any whose type is
// loaded here into a plain object with an "@type" field, so resources arrive decoded by their type URL.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { MethodDefinition } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';

export const TYPE_URL = {
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  routeConfiguration: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  clusterLoadAssignment: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
} as const;

export const HTTP_CONNECTION_MANAGER_TYPE_URL =
  'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';

const PROTO_FILES = [
  'envoy/service/discovery/v3/ads.proto',
  'envoy/config/listener/v3/listener.proto',
  'envoy/config/route/v3/route.proto',
  'envoy/config/cluster/v3/cluster.proto',
  'envoy/config/endpoint/v3/endpoint.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
];

/** Field names as in the .proto files (snake_case), like Envoy's own config dumps. */
const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, arrays: true, oneofs: true, json: true } as const;

// ---- The parts of the decoded messages this harness reads (the objects carry every other field too) ----

export interface Node {
  id: string;
  user_agent_name?: string;
  // protobufjs's bundled google/protobuf/struct.proto names Value's fields in camelCase, whatever keepCase says.
  metadata?: { fields: Record<string, { stringValue?: string }> };
}

export interface DiscoveryRequest {
  version_info: string;
  node?: Node;
  resource_names: string[];
  type_url: string;
  response_nonce: string;
  error_detail?: { code: number; message: string } | null;
}

export interface AnyResource {
  '@type': string;
  [field: string]: unknown;
}

export interface DiscoveryResponse {
  version_info: string;
  resources: AnyResource[];
  type_url: string;
  nonce: string;
}

export interface RouteMatch {
  prefix?: string;
  path?: string;
  path_separated_prefix?: string;
  path_specifier?: string;
}

export interface Route {
  name: string;
  match?: RouteMatch;
  /** Which action oneof is set: "route", "redirect", "direct_response", ... */
  action?: string;
  route?: { cluster?: string; cluster_not_found_response_code?: string };
  direct_response?: { status: number };
  redirect?: unknown;
}

export interface VirtualHost {
  name: string;
  domains: string[];
  routes: Route[];
}

export interface RouteConfiguration extends AnyResource {
  name: string;
  virtual_hosts: VirtualHost[];
}

export interface FilterChain {
  filters: { name: string; typed_config?: AnyResource }[];
}

export interface Listener extends AnyResource {
  name: string;
  filter_chains: FilterChain[];
  default_filter_chain?: FilterChain | null;
}

export interface Cluster extends AnyResource {
  name: string;
  /** The discovery type (oneof cluster_discovery_type: "type"). */
  type?: string;
  eds_cluster_config?: { service_name?: string };
}

let loaded: PackageDefinition | undefined;

/** Loads the protos (about a second on first use). */
export function xdsProtos(): PackageDefinition {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const deps = join(dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
    loaded = loadSync(PROTO_FILES, {
      ...LOADER_OPTIONS,
      includeDirs: ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((dir) => join(deps, dir)),
    });
  }
  return loaded;
}

const ADS_SERVICE = 'envoy.service.discovery.v3.AggregatedDiscoveryService';

/** The ADS bidi method: requests are DiscoveryRequest, responses DiscoveryResponse, both as plain objects. */
export function adsMethod(): MethodDefinition<DiscoveryRequest, DiscoveryResponse> {
  const service = xdsProtos()[ADS_SERVICE] as unknown as Record<string, MethodDefinition<DiscoveryRequest, DiscoveryResponse>> | undefined;
  const method = service?.StreamAggregatedResources;
  if (!method) throw new Error(`${ADS_SERVICE}/StreamAggregatedResources is missing from the loaded protos`);
  return method;
}
