/** The parts of a Kubernetes object this project reads; the rest passes through untyped. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; uid?: string; generation?: number };
  status?: unknown;
}
