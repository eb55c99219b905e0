// The bootstrap of an Envoy that serves one Gateway, adapted from kgateway v2.4.2's own
// (pkg/kgateway/helm/envoy/templates/configmap.yaml): the node identifies the Gateway's proxy to the controller (for
// kgateway node.metadata.role `kgateway-kube-gateway-api~<ns>~<gateway>`), listeners and clusters come over ADS from
// the controller's xDS server, and the local EDS cluster `<gateway>.<ns>` is fed by ADS as in the template.
// Left out, each for a reason: the xDS token injector (the harness runs kgateway with KGW_XDS_AUTH=false: no
// ServiceAccount token exists here), the readiness and Prometheus listeners (fixed ports 8082 and 9091; the admin
// endpoint on a free loopback port serves both purposes here) and the runtime flag
// envoy.restart_features.use_eds_cache_for_ads (Envoy reports it removed since 1.40; it is the default behaviour).

/** What a node metadata value may be: a string, or a map of strings (Istio's LABELS). */
export type NodeMetadataValue = string | Readonly<Record<string, string>>;

export interface EnvoyNode {
  /** node.id: the Pod name and namespace in a cluster (`<pod>.<ns>`); kgateway ignores it with pod locality off. */
  readonly id: string;
  /** node.cluster and the local cluster's name: `<gateway>.<ns>` as kgateway's template sets it. */
  readonly cluster: string;
  readonly metadata: Readonly<Record<string, NodeMetadataValue>>;
}

export interface BootstrapOptions {
  readonly node: EnvoyNode;
  /** The controller's xDS (ADS) server: a loopback IP address and port. */
  readonly xds: { readonly host: string; readonly port: number };
  /** The admin endpoint's port on 127.0.0.1. */
  readonly adminPort: number;
}

/** The bootstrap as the JSON object Envoy reads (`-c <file>.json`). */
export function envoyBootstrap(options: BootstrapOptions): Record<string, unknown> {
  const { node, xds, adminPort } = options;
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(xds.host)) throw new Error(`the xDS host must be an IPv4 address (a STATIC cluster), not ${JSON.stringify(xds.host)}`);
  const ads = { ads: {}, resource_api_version: 'V3' };
  return {
    admin: { address: { socket_address: { address: '127.0.0.1', port_value: adminPort } } },
    layered_runtime: { layers: [{ name: 'admin_layer', admin_layer: {} }] },
    node: { id: node.id, cluster: node.cluster, metadata: node.metadata },
    cluster_manager: { local_cluster_name: node.cluster },
    static_resources: {
      clusters: [
        {
          name: node.cluster,
          connect_timeout: '0.250s',
          type: 'EDS',
          lb_policy: 'ROUND_ROBIN',
          // The template's comment: go-control-plane's ADS mode answers this EDS request only after CDS, so the
          // cluster manager's init waits this long at most instead of the 15 s default.
          eds_cluster_config: { eds_config: { ...ads, initial_fetch_timeout: '1s' } },
        },
        {
          name: 'xds_cluster',
          alt_stat_name: 'xds_cluster',
          connect_timeout: '5s',
          type: 'STATIC',
          load_assignment: {
            cluster_name: 'xds_cluster',
            endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: xds.host, port_value: xds.port } } } }] }],
          },
          typed_extension_protocol_options: {
            'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
              '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
              explicit_http_config: { http2_protocol_options: {} },
            },
          },
          upstream_connection_options: { tcp_keepalive: { keepalive_time: 10 } },
        },
      ],
    },
    dynamic_resources: {
      ads_config: {
        transport_api_version: 'V3',
        api_type: 'GRPC',
        rate_limit_settings: {},
        grpc_services: [{ envoy_grpc: { cluster_name: 'xds_cluster' } }],
      },
      cds_config: { ...ads, initial_fetch_timeout: '0s' },
      lds_config: { ...ads, initial_fetch_timeout: '0s' },
    },
  };
}

/** `host:port` of an xDS server as the bootstrap needs it. */
export function xdsEndpoint(address: string): { host: string; port: number } {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(address);
  if (!match) throw new Error(`the xDS address ${JSON.stringify(address)} is not <IPv4>:<port>`);
  return { host: match[1] as string, port: Number(match[2]) };
}
