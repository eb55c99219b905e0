// Installing CustomResourceDefinitions and waiting until the API server serves them.
import type { KubeHttp } from './http.js';
import { applyAll } from './manifests.js';
import type { KubeObject } from './object.js';
import { waitForObjects } from './wait.js';

interface CrdStatus {
  conditions?: { type: string; status: string }[];
}

/** Installs the CRDs among `objects` (from v1.5, Gateway API's CRD folder also holds a ValidatingAdmissionPolicy). */
export async function installCrds(http: KubeHttp, objects: readonly KubeObject[], timeoutMs = 60_000): Promise<string[]> {
  const crds = objects.filter((object) => object.kind === 'CustomResourceDefinition');
  await applyAll(http, crds);
  const names = crds.map((crd) => crd.metadata?.name ?? '');
  await waitForObjects({
    http,
    collectionPath: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    names,
    what: 'CRDs to be Established',
    timeoutMs,
    ready: (crd) => ((crd.status as CrdStatus | undefined)?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True'),
  });
  return names;
}
