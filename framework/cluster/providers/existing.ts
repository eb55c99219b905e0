// A cluster the user already has (kind, or any context they explicitly allow), with the controller installed.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { ConfigError, readString } from '../../env.js';
import type { ClusterSettings } from '../settings.js';
import { KGATEWAY_CLASS } from '../../controllers/kgateway/launch.js';
import { KubeHttp } from '../../kube/http.js';
import { LOCAL_CONTEXT } from '../local/controlPlane.js';
import { readKubeConfig, resolveConnection, type ClusterDescription, type ClusterProvider, type StartedCluster } from '../provider.js';

/** kind names its contexts kind-<cluster name>; an exact context name is accepted too. */
export function chooseContext(contexts: readonly string[], current: string, clusterName: string | undefined, source: string): string {
  if (!clusterName) {
    if (!current) throw new ConfigError(`the kubeconfig ${source} has no current context; set CLUSTER_NAME (contexts: ${contexts.join(', ') || 'none'})`);
    return current;
  }
  const wanted = [`kind-${clusterName}`, clusterName];
  const found = wanted.find((name) => contexts.includes(name));
  if (!found) {
    throw new ConfigError(
      `CLUSTER_NAME=${JSON.stringify(clusterName)}: no context ${wanted.map((n) => JSON.stringify(n)).join(' or ')} in ${source}; the contexts there are: ${contexts.join(', ') || 'none'}`,
    );
  }
  return found;
}

/** Contexts this suite recognises as disposable test clusters. */
export function isTestContext(context: string): boolean {
  return context.startsWith('kind-') || context === LOCAL_CONTEXT || context.startsWith('k3s-testcontainers');
}

export class ExistingProvider implements ClusterProvider {
  readonly name = 'existing' as const;

  constructor(
    private readonly settings: ClusterSettings,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {}

  /** Everything that can be checked without touching the cluster. */
  resolve(): { kubeconfigPath: string; context: string } {
    const kubeconfigPath = this.settings.kubeconfig ?? join(homedir(), '.kube', 'config');
    let all: KubeConfig;
    try {
      all = readKubeConfig(kubeconfigPath);
    } catch (error) {
      throw new ConfigError(`cannot read the kubeconfig ${kubeconfigPath}: ${(error as Error).message}`);
    }
    const context = chooseContext(all.getContexts().map((c) => c.name), all.getCurrentContext(), this.settings.clusterName, kubeconfigPath);
    if (!isTestContext(context) && this.settings.allowContext !== context) {
      throw new ConfigError(
        `context ${JSON.stringify(context)} is not recognised as a test cluster (kind-*, ${LOCAL_CONTEXT}); to run load tests on it anyway set LOADTEST_ALLOW_CONTEXT=${context}`,
      );
    }
    if (!this.settings.skipInstall) {
      throw new ConfigError(
        'on an existing cluster this suite installs nothing: install the Gateway API CRDs and the controller (see README, "Against a kind cluster") and set SKIP_INSTALL=true',
      );
    }
    return { kubeconfigPath, context };
  }

  async start(): Promise<StartedCluster> {
    const { kubeconfigPath, context } = this.resolve();
    const dataPlaneUrl = readString(this.env, 'LOADTEST_DATA_PLANE_URL');
    if (dataPlaneUrl && !(URL.canParse(dataPlaneUrl) && /^https?:$/.test(new URL(dataPlaneUrl).protocol))) {
      throw new ConfigError(`LOADTEST_DATA_PLANE_URL=${JSON.stringify(dataPlaneUrl)} is not an http(s) URL`);
    }
    const connection = await resolveConnection({ kubeconfigPath, context });
    const http = KubeHttp.fromConnection(connection);
    try {
      await http.get('/version');
    } catch (error) {
      throw new Error(`the API server of context ${context} does not answer: ${(error as Error).message}`);
    } finally {
      await http.close();
    }
    const description: ClusterDescription = {
      provider: 'existing',
      kubeconfigPath,
      context,
      server: connection.server,
      installNamespace: this.settings.installNamespace,
      gatewayClassName: readString(this.env, 'GATEWAY_CLASS') ?? KGATEWAY_CLASS,
      controllerMetricsUrl: readString(this.env, 'LOADTEST_CONTROLLER_METRICS_URL'),
      dataPlaneUrl,
      dataPlaneAbsentReason: dataPlaneUrl ? undefined : 'LOADTEST_DATA_PLANE_URL is not set (point it at the Gateway, e.g. through kubectl port-forward)',
      logs: {},
    };
    return { description, stop: async () => {} };
  }
}
