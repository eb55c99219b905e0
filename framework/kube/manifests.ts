// Reading YAML manifests and applying them to a cluster with server-side apply. Objects are sent as parsed
// (client-node's typed serializer drops schema fields such as x-kubernetes-int-or-string from CRDs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeHttp } from './http.js';
import type { KubeObject } from './object.js';
import { FIELD_MANAGER } from './userAgent.js';

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

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

/** The REST path of an object, with its resource name and scope taken from API discovery (as kubectl does). */
export async function objectPath(http: KubeHttp, object: KubeObject): Promise<string> {
  const apiVersion = object.apiVersion ?? '';
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const discovery = await http.get<ApiResourceList>(base);
  const resource = discovery.resources.find((r) => r.kind === object.kind && !r.name.includes('/'));
  if (!resource) throw new Error(`the API server does not serve ${object.kind} in ${apiVersion}`);
  const namespace = resource.namespaced ? `/namespaces/${object.metadata?.namespace ?? 'default'}` : '';
  return `${base}${namespace}/${resource.name}/${object.metadata?.name ?? ''}`;
}

export async function applyAll(http: KubeHttp, objects: readonly KubeObject[]): Promise<void> {
  for (const object of objects) {
    const path = await objectPath(http, object);
    try {
      await http.apply(path, object, FIELD_MANAGER);
    } catch (error) {
      throw new Error(`applying ${object.kind} ${object.metadata?.name ?? ''}: ${(error as Error).message}`);
    }
  }
}
