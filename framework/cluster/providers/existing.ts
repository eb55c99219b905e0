// A cluster the user already has (kind, or any context they explicitly allow), with the controller installed.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../env.js';
import { KubeHttp } from '../../kube/http.js';
import { kubeconfigContexts, resolveConnection } from '../../kube/kubeconfig.js';
import { NO_XDS_ADDRESS_REASON } from '../../xds/address.js';
import { LOCAL_CONTEXT } from '../local/controlPlane.js';
import type { ClusterDescription, ClusterProvider, StartedCluster } from '../provider.js';
import { type ClusterSettings, embeddedDefaultHint } from '../settings.js';

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
    /** The controller the run expects, for the GatewayClass its Gateways use when GATEWAY_CLASS does not name one. */
    private readonly controller: { readonly gatewayClassName: string },
  ) {}

  /** Everything that can be checked without touching the cluster. */
  resolve(): { kubeconfigPath: string; context: string } {
    const kubeconfigPath = this.settings.kubeconfig ?? join(homedir(), '.kube', 'config');
    let found: { contexts: string[]; current: string };
    try {
      found = kubeconfigContexts(kubeconfigPath);
    } catch (error) {
      throw new ConfigError(`cannot read the kubeconfig ${kubeconfigPath}: ${(error as Error).message}`);
    }
    const context = chooseContext(found.contexts, found.current, this.settings.clusterName, kubeconfigPath);
    if (!isTestContext(context) && this.settings.allowContext !== context) {
      throw new ConfigError(
        `context ${JSON.stringify(context)} is not recognised as a test cluster (kind-*, ${LOCAL_CONTEXT}); to run load tests on it anyway set LOADTEST_ALLOW_CONTEXT=${context}${embeddedDefaultHint(this.settings)}`,
      );
    }
    if (!this.settings.skipInstall) {
      throw new ConfigError(
        `on an existing cluster this suite installs nothing: install the Gateway API CRDs and the controller (see README, "Against a kind cluster") and set SKIP_INSTALL=true${embeddedDefaultHint(this.settings)}`,
      );
    }
    return { kubeconfigPath, context };
  }

  async start(): Promise<StartedCluster> {
    const { kubeconfigPath, context } = this.resolve();
    const { dataPlaneUrl, controllerMetricsUrl, xdsAddress } = this.settings;
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
      gatewayClassName: this.settings.gatewayClassName ?? this.controller.gatewayClassName,
      // A real cluster runs kubelets: fake Nodes would disturb its networking.
      capabilities: { canRunFakeNodes: false },
      controllerMetricsUrl,
      dataPlaneUrl,
      dataPlaneAbsentReason: dataPlaneUrl ? undefined : 'LOADTEST_DATA_PLANE_URL is not set (point it at the Gateway, e.g. through kubectl port-forward)',
      xdsAddress,
      xdsAbsentReason: xdsAddress ? undefined : NO_XDS_ADDRESS_REASON,
      logs: {},
    };
    return { description, stop: async () => {} };
  }
}
