// Pinned versions of the control plane the embedded default builds from the Go module proxy (the controller under
// test pins its own, in controllers/<name>/). The controller's release line is tested on Kubernetes 1.36 (its
// Makefile's kind node); 1.37 rejects one of its CRDs ("estimated rule cost exceeds budget"), so 1.36 it is.
export const KUBERNETES_VERSION = 'v1.36.3';
export const ETCD_VERSION = 'v3.6.16';
