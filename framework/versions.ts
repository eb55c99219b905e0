// Pinned versions of everything the embedded default builds from the Go module proxy.
// kgateway v2.4.2 is tested on Kubernetes 1.36 (its Makefile's kind node); 1.37 rejects its BackendConfigPolicy CRD
// ("estimated rule cost exceeds budget"), so the control plane follows the controller's release line.
export const KUBERNETES_VERSION = 'v1.36.3';
export const ETCD_VERSION = 'v3.6.16';
export const KGATEWAY_VERSION = 'v2.4.2';
