// Pinned versions of everything the embedded default builds from the Go module proxy.
export const KUBERNETES_VERSION = 'v1.37.2';
export const ETCD_VERSION = 'v3.6.16';
export const KGATEWAY_VERSION = 'v2.4.0';
