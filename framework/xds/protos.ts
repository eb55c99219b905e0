// Envoy's xDS protos as @grpc/grpc-js-xds ships them (deps/: envoy-api, xds, googleapis, protoc-gen-validate).
// @grpc/proto-loader gives the ADS method (requests, and the test servers' plain-object responses: `json: true`
// turns an object with an "@type" field into a google.protobuf.Any). The observer decodes what it receives with
// protobufjs directly, each Any by its type URL, into protobufjs messages: about four times faster than
// proto-loader's plain objects for a large RouteConfiguration, and decoding blocks the harness's event loop.
import { accessSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { MethodDefinition } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import protobuf from 'protobufjs';

export const TYPE_URL = {
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  routeConfiguration: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  clusterLoadAssignment: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
} as const;

export const HTTP_CONNECTION_MANAGER_TYPE_URL = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';

const PROTO_FILES = [
  'envoy/service/discovery/v3/ads.proto',
  'envoy/config/listener/v3/listener.proto',
  'envoy/config/route/v3/route.proto',
  'envoy/config/cluster/v3/cluster.proto',
  'envoy/config/endpoint/v3/endpoint.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  // The router filter's (empty) config, so that test servers can send a listener a real Envoy serves (suites/unit/envoyProxy.test.ts).
  'envoy/extensions/filters/http/router/v3/router.proto',
  // An HTTPS listener's DownstreamTlsContext, where kgateway inlines the listener's certificate.
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
];

/** Field names as in the .proto files (snake_case), like Envoy's own config dumps. */
const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, arrays: true, oneofs: true, json: true } as const;

// ---- The parts of the decoded messages this harness reads (the objects carry every other field too) ----

export interface Node {
  id: string;
  user_agent_name?: string;
  // protobufjs's bundled google/protobuf/struct.proto names Value's fields in camelCase, whatever keepCase says.
  metadata?: { fields: Record<string, StructValue> };
}

/** A google.protobuf.Value as this harness sends it: a string, or a struct of strings (Istio's LABELS). */
export interface StructValue {
  stringValue?: string;
  structValue?: { fields: Record<string, StructValue> };
}

/** A request as proto-loader serializes and deserializes it (plain object, snake_case). */
export interface DiscoveryRequest {
  version_info: string;
  node?: Node;
  resource_names: string[];
  type_url: string;
  response_nonce: string;
  error_detail?: { code: number; message: string } | null;
}

/** A resource for the test servers to send: a plain object that proto-loader packs into an Any by its "@type". */
export interface AnyResource {
  '@type': string;
  [field: string]: unknown;
}

/** A plain-object response as the test servers send it. */
export interface DiscoveryResponse {
  version_info: string;
  resources: AnyResource[];
  type_url: string;
  nonce: string;
}

// ---- What the observer reads from decoded protobufjs messages (fields as in the .proto files; unset scalars read
// as their defaults, unset messages as null, a oneof's name field tells which member is set) ----

export interface ProtoMessage {
  /** The message as JSON-style plain object (enums as names), for reports and assertions. */
  toJSON(): Record<string, unknown>;
}

export interface AnyMessage {
  type_url: string;
  value: Uint8Array;
}

export interface RouteMatch {
  /** Which path specifier is set: "prefix", "path", "safe_regex", "path_separated_prefix", ... */
  path_specifier?: string;
  prefix: string;
  path: string;
  path_separated_prefix: string;
}

export interface Route extends ProtoMessage {
  name: string;
  match: RouteMatch | null;
  /** Which action is set: "route", "redirect", "direct_response", ... */
  action?: string;
  route: { cluster: string; timeout?: { seconds: number | { toNumber(): number }; nanos: number } | null } | null;
  direct_response: { status: number } | null;
}

export interface VirtualHost {
  name: string;
  domains: string[];
  routes: Route[];
}

export interface RouteConfiguration extends ProtoMessage {
  name: string;
  virtual_hosts: VirtualHost[];
}

export interface FilterChain {
  filters: { name: string; typed_config: AnyMessage | null }[];
  transport_socket: { name: string; typed_config: AnyMessage | null } | null;
}

export interface Listener extends ProtoMessage {
  name: string;
  address: { socket_address: { port_value: number } | null } | null;
  filter_chains: FilterChain[];
  default_filter_chain: FilterChain | null;
}

export interface Cluster extends ProtoMessage {
  name: string;
  /** Which discovery oneof member is set: "type" or "cluster_type". */
  cluster_discovery_type?: string;
  /** Cluster.DiscoveryType as a number (see edsDiscoveryType()). */
  type: number;
  eds_cluster_config: { service_name: string } | null;
}

/** An EDS resource: the endpoints of one cluster, by locality. */
export interface ClusterLoadAssignment extends ProtoMessage {
  cluster_name: string;
  endpoints: { lb_endpoints: { endpoint: { address: { socket_address: { address: string } | null } | null } | null }[] }[];
}

/** An HTTPS listener's TLS context: its certificates, inline (kgateway inlines the Secret's PEM). */
export interface DownstreamTlsContext extends ProtoMessage {
  common_tls_context: { tls_certificates: { certificate_chain: { inline_bytes: Uint8Array; inline_string: string } | null }[] } | null;
}

export const DOWNSTREAM_TLS_CONTEXT_TYPE_URL = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext';

export interface HttpConnectionManager extends ProtoMessage {
  rds: { route_config_name: string } | null;
}

export interface DecodedResponse {
  version_info: string;
  type_url: string;
  nonce: string;
  resources: ProtoMessage[];
}

function includeDirs(): string[] {
  const require = createRequire(import.meta.url);
  const deps = join(dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
  return ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((dir) => join(deps, dir));
}

let loaded: PackageDefinition | undefined;

/** Loads the protos with proto-loader (about a second on first use). */
export function xdsProtos(): PackageDefinition {
  loaded ??= loadSync(PROTO_FILES, { ...LOADER_OPTIONS, includeDirs: includeDirs() });
  return loaded;
}

let root: protobuf.Root | undefined;

/** The same protos as a protobufjs Root, for decoding by type URL. */
function protoRoot(): protobuf.Root {
  if (!root) {
    const dirs = includeDirs();
    const loading = new protobuf.Root();
    loading.resolvePath = (_origin, target) => dirs.map((dir) => join(dir, target)).find(exists) ?? target;
    loading.loadSync(PROTO_FILES, { keepCase: true }).resolveAll();
    root = loading;
  }
  return root;
}

function exists(path: string): boolean {
  try {
    accessSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Decodes an Any by its type URL; a type these protos do not hold is an error. */
export function decodeAny<T extends ProtoMessage>(any: AnyMessage): T {
  const typeName = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
  const type = protoRoot().lookup(typeName);
  if (!(type instanceof protobuf.Type)) throw new Error(`cannot decode ${any.type_url}: not among the loaded xDS protos`);
  return type.decode(any.value) as unknown as T;
}

/** A DiscoveryResponse off the wire, its resources decoded by their type URL. */
export function decodeResponse(buffer: Uint8Array): DecodedResponse {
  const type = protoRoot().lookupType('envoy.service.discovery.v3.DiscoveryResponse');
  const response = type.decode(buffer) as unknown as Omit<DecodedResponse, 'resources'> & { resources: AnyMessage[] };
  return {
    version_info: response.version_info,
    type_url: response.type_url,
    nonce: response.nonce,
    resources: response.resources.map((any) => decodeAny(any)),
  };
}

/** Cluster.DiscoveryType.EDS. */
export function edsDiscoveryType(): number {
  const value = protoRoot().lookupEnum('envoy.config.cluster.v3.Cluster.DiscoveryType').values.EDS;
  if (value === undefined) throw new Error('Cluster.DiscoveryType has no EDS');
  return value;
}

const ADS_SERVICE = 'envoy.service.discovery.v3.AggregatedDiscoveryService';

/** The ADS bidi method: requests are DiscoveryRequest, responses DiscoveryResponse, both as plain objects. */
export function adsMethod(): MethodDefinition<DiscoveryRequest, DiscoveryResponse> {
  const service = xdsProtos()[ADS_SERVICE] as unknown as Record<string, MethodDefinition<DiscoveryRequest, DiscoveryResponse>> | undefined;
  const method = service?.StreamAggregatedResources;
  if (!method) throw new Error(`${ADS_SERVICE}/StreamAggregatedResources is missing from the loaded protos`);
  return method;
}
