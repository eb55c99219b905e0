// kgateway's credentials as a real install gives them: a ServiceAccount bound to the ClusterRole of its Helm chart
// (install/helm/kgateway/templates/role.yaml of the same module), not the admin's system:masters token. system:masters
// puts every request in API Priority and Fairness' exempt level and skips authorization; a release runs without both.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { downloadModule } from '../../cluster/build/goBuild.js';
import { readSetting } from '../../config/section.js';
import type { KubeHttp } from '../../kube/http.js';
import { applyAll } from '../../kube/manifests.js';
import type { KubeObject } from '../../kube/object.js';
import { TOOL_LABEL, TOOL_NAME } from '../../run/labels.js';
import { kgatewaySection } from './section.js';
import { KGATEWAY_MODULE, KGATEWAY_VERSION } from './version.js';

/** The chart's default ServiceAccount name (kgateway.serviceAccountName with the default values). */
export const KGATEWAY_SERVICE_ACCOUNT = 'kgateway';

/** How long the token lives: longer than any run (a TokenRequest may be capped lower by the API server). */
const TOKEN_SECONDS = 24 * 3600;

/**
 * The chart's ClusterRole for an install in `namespace`. role.yaml uses only `.Values.rbac.create` (true by default)
 * and `.Release.Namespace`; any other template expression is refused rather than guessed.
 */
export function chartClusterRole(roleYaml: string, namespace: string): KubeObject {
  const rendered = roleYaml
    .split('\n')
    .filter((line) => !/^\{\{-? (if \.Values\.rbac\.create|end) -?\}\}$/.test(line.trim()))
    .join('\n')
    .replaceAll('{{ .Release.Namespace }}', namespace);
  const unknown = /\{\{.*?\}\}/.exec(rendered);
  if (unknown) throw new Error(`kgateway's chart role.yaml has a template expression this project does not render: ${unknown[0]}`);
  const roles = parseAllDocuments(rendered)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object) => object?.kind === 'ClusterRole');
  if (roles.length !== 1 || !roles[0]) throw new Error(`kgateway's chart role.yaml has ${roles.length} ClusterRoles, expected 1`);
  return roles[0];
}

/**
 * Creates the ServiceAccount, the chart's ClusterRole and its binding (named as the chart names them), asks the API
 * server for a token of the ServiceAccount, and writes a kubeconfig with it into `dir`. Returns that kubeconfig's path.
 */
export async function serviceAccountKubeconfig(http: KubeHttp, adminKubeconfigPath: string, namespace: string, dir: string): Promise<string> {
  const module = await downloadModule(KGATEWAY_MODULE, KGATEWAY_VERSION);
  const role = chartClusterRole(readFileSync(join(module.dir, 'install/helm/kgateway/templates/role.yaml'), 'utf8'), namespace);
  const labels = { [TOOL_LABEL]: TOOL_NAME };
  const roleName = role.metadata?.name ?? '';
  await applyAll(http, [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: KGATEWAY_SERVICE_ACCOUNT, namespace, labels } },
    { ...role, metadata: { ...role.metadata, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `kgateway-role-${namespace}`, labels },
      subjects: [{ kind: 'ServiceAccount', name: KGATEWAY_SERVICE_ACCOUNT, namespace }],
      roleRef: { kind: 'ClusterRole', name: roleName, apiGroup: 'rbac.authorization.k8s.io' },
    } as KubeObject,
  ]);
  const request = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: TOKEN_SECONDS } };
  const answer = await http.create<{ status: { token: string } }>(`/api/v1/namespaces/${namespace}/serviceaccounts/${KGATEWAY_SERVICE_ACCOUNT}/token`, request);
  const user = `system:serviceaccount:${namespace}:${KGATEWAY_SERVICE_ACCOUNT}`;
  const path = join(dir, 'kubeconfig');
  // Loaded here, not at the top: kube/kubeconfig.ts brings @kubernetes/client-node (about 140 MiB), which test workers
  // import this module through must not load (only the process that starts the cluster gets here).
  const { withTokenUser } = await import('../../kube/kubeconfig.js');
  writeFileSync(path, withTokenUser(adminKubeconfigPath, user, answer.status.token), { mode: 0o600 });
  return path;
}

export type KgatewayCredentials = 'serviceaccount' | 'admin';

/**
 * The kubeconfig kgateway runs with: KGATEWAY_CREDENTIALS=serviceaccount (the default, as a Helm install) or admin
 * (the run's own system:masters credentials, as before). `remove` deletes the token's file once kgateway stopped.
 */
export async function kgatewayKubeconfig(
  http: KubeHttp,
  adminKubeconfigPath: string,
  namespace: string,
): Promise<{ path: string; credentials: string; remove: () => void }> {
  const choice: KgatewayCredentials = readSetting(process.env, kgatewaySection.settings.credentials);
  if (choice === 'admin') return { path: adminKubeconfigPath, credentials: 'the admin (system:masters)', remove: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'kgateway-credentials-'));
  const path = await serviceAccountKubeconfig(http, adminKubeconfigPath, namespace, dir);
  const credentials = `ServiceAccount ${namespace}/${KGATEWAY_SERVICE_ACCOUNT} with the chart's ClusterRole`;
  return { path, credentials, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
