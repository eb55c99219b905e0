// The only module that imports @kubernetes/client-node (suites/unit/imports.test.ts enforces it): kubeconfig files
// are read and written here, and resolved once into a plain ApiConnection. Test workers and the bench's harness
// process get that connection instead, so they never load client-node, whose import alone costs about 137 MB of RSS.
import { KubeConfig } from '@kubernetes/client-node';
import type { ApiConnection } from './connection.js';

/** A kubeconfig file (or a KUBECONFIG-style list) and the context to use in it. */
export interface KubeconfigRef {
  readonly kubeconfigPath: string;
  readonly context: string;
}

/** Reads a kubeconfig file, or a KUBECONFIG-style list of files merged the way kubectl merges them. */
function readKubeConfig(kubeconfigPath: string): KubeConfig {
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

/** The contexts a kubeconfig names and its current one (throws when the file cannot be read). */
export function kubeconfigContexts(kubeconfigPath: string): { contexts: string[]; current: string } {
  const kubeConfig = readKubeConfig(kubeconfigPath);
  return { contexts: kubeConfig.getContexts().map((c) => c.name), current: kubeConfig.getCurrentContext() };
}

/** The server, TLS material and auth headers of a context, as client-node resolves them (exec plugins included). */
export async function resolveConnection(ref: KubeconfigRef): Promise<ApiConnection> {
  const kubeConfig = readKubeConfig(ref.kubeconfigPath);
  kubeConfig.setCurrentContext(ref.context);
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

/** A kubeconfig with one context that authenticates with a bearer token. */
export function tokenKubeconfig(options: { context: string; server: string; ca: string; user: string; token: string }): string {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: options.context, server: options.server, caData: Buffer.from(options.ca).toString('base64'), skipTLSVerify: false }],
    users: [{ name: options.user, token: options.token }],
    contexts: [{ name: options.context, cluster: options.context, user: options.user }],
    currentContext: options.context,
  });
  return kubeConfig.exportConfig();
}
