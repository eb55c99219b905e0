// How to reach the API server, as plain data: the server, TLS material and auth headers, resolved once from a
// kubeconfig by client-node (framework/kube/kubeconfig.ts). Test workers and the bench's harness process get this
// instead of a KubeConfig, so they never load client-node, whose import alone costs about 137 MB of RSS.
export interface ApiConnection {
  readonly server: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** Auth headers (a bearer token), lower-cased names. Exec-plugin tokens are resolved once, when the run starts. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rejectUnauthorized: boolean;
}
