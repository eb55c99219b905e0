// What every cluster provider gives a run: a started cluster with its kubeconfig and a description of itself.
import { KubeConfig } from '@kubernetes/client-node';
import type { ApiConnection } from '../kube/connection.js';

export type ProviderName = 'local' | 'existing' | 'k3s';

/** Plain data, so that Vitest's globalSetup can hand it to the test files. */
export interface ClusterDescription {
  readonly provider: ProviderName;
  /** A kubeconfig file (or a KUBECONFIG list) and the context to use in it. */
  readonly kubeconfigPath: string;
  readonly context: string;
  readonly server: string;
  readonly installNamespace: string;
  readonly gatewayClassName: string;
  /** Set when this run started the controller under test itself. */
  readonly controller?: {
    readonly name: string;
    readonly version: string;
    readonly pid: number;
    readonly logPath: string;
    readonly metricsUrl: string;
  };
  /** Where the run can read the controller's Prometheus metrics, when it can. */
  readonly controllerMetricsUrl?: string;
  /** Base URL of a data plane that serves the routes, when the run knows one. */
  readonly dataPlaneUrl?: string;
  /** Why there is no data plane, when there is none. */
  readonly dataPlaneAbsentReason?: string;
  /** Log files of the processes this run started, by component. */
  readonly logs: Readonly<Record<string, string>>;
}

export interface StartedCluster {
  readonly description: ClusterDescription;
  stop(): Promise<void>;
}

export interface ClusterProvider {
  readonly name: ProviderName;
  start(): Promise<StartedCluster>;
}

/** Reads a kubeconfig file, or a KUBECONFIG-style list of files merged the way kubectl merges them. */
export function readKubeConfig(kubeconfigPath: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  const paths = kubeconfigPath.split(':').filter(Boolean);
  if (paths.length === 1 && paths[0]) {
    kubeConfig.loadFromFile(paths[0]);
    return kubeConfig;
  }
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = kubeconfigPath;
  try {
    kubeConfig.loadFromDefault();
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
  return kubeConfig;
}

export function loadKubeConfig(description: Pick<ClusterDescription, 'kubeconfigPath' | 'context'>): KubeConfig {
  const kubeConfig = readKubeConfig(description.kubeconfigPath);
  kubeConfig.setCurrentContext(description.context);
  return kubeConfig;
}

/** The server, TLS material and auth headers of the kubeconfig's current context, as client-node resolves them. */
export async function connectionOf(kubeConfig: KubeConfig): Promise<ApiConnection> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const options: { ca?: Buffer | string; cert?: Buffer | string; key?: Buffer | string; headers?: Record<string, string>; rejectUnauthorized?: boolean } = {};
  await kubeConfig.applyToHTTPSOptions(options as Parameters<KubeConfig['applyToHTTPSOptions']>[0]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = String(value);
  return {
    server: cluster.server.replace(/\/$/, ''),
    ca: options.ca?.toString(),
    cert: options.cert?.toString(),
    key: options.key?.toString(),
    headers,
    rejectUnauthorized: options.rejectUnauthorized ?? true,
  };
}

/** The connection of a cluster a provider described. */
export function resolveConnection(description: Pick<ClusterDescription, 'kubeconfigPath' | 'context'>): Promise<ApiConnection> {
  return connectionOf(loadKubeConfig(description));
}
