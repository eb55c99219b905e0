// Reading YAML manifests and applying them to a cluster with server-side apply.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeHttp } from './kubeHttp.js';
import type { KubeObject } from './waitFor.js';

export const FIELD_MANAGER = 'gateway-loadtest';

export function readManifests(files: readonly string[]): KubeObject[] {
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((document) => document.toJS() as KubeObject | null)
      .filter((object): object is KubeObject => Boolean(object?.kind)),
  );
}

export function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

const CLUSTER_SCOPED = new Set(['CustomResourceDefinition', 'Namespace', 'GatewayClass', 'ClusterRole', 'ClusterRoleBinding', 'Node']);

/** The REST path of one object. Kinds are pluralised the Kubernetes way for the kinds this project applies. */
export function objectPath(object: KubeObject): string {
  const [group, version] = object.apiVersion?.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const kind = object.kind ?? '';
  const plural = kind.toLowerCase().endsWith('s') ? `${kind.toLowerCase()}es` : kind.toLowerCase().endsWith('y') ? `${kind.toLowerCase().slice(0, -1)}ies` : `${kind.toLowerCase()}s`;
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const namespace = CLUSTER_SCOPED.has(kind) ? '' : `/namespaces/${object.metadata?.namespace ?? 'default'}`;
  return `${prefix}${namespace}/${plural}/${object.metadata?.name ?? ''}`;
}

export async function applyAll(http: KubeHttp, objects: readonly KubeObject[]): Promise<void> {
  for (const object of objects) await http.apply(objectPath(object), object, FIELD_MANAGER);
}
