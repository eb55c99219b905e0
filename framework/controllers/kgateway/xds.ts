// How an Envoy of a Gateway identifies itself to kgateway's xDS server (v2.4.2). With KGW_XDS_AUTH=false the
// client's identity is node.metadata.role (pkg/krtcollections/uniqueclients.go getPeerInfo), which is also the
// snapshot cache key (pkg/kgateway/xds/utils.go nodeRoleHasher): `<owner>~<namespace>~<gateway>` with owner
// `kgateway-kube-gateway-api` (pkg/kgateway/wellknown/translator.go). The node id only matters with pod locality on.

export function kgatewayXdsNodeMetadata(gateway: { readonly namespace: string; readonly name: string }): Record<string, string> {
  return { role: `kgateway-kube-gateway-api~${gateway.namespace}~${gateway.name}` };
}
