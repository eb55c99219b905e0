// The CRDs istiod needs: the Gateway API standard channel at the version its go.mod requires (v1.6.0 at the pinned
// commit), and Istio's own (networking.istio.io and the rest, which istiod watches), both from its module tree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadModule, requiredVersion } from '../../cluster/build/goBuild.js';
import type { Progress } from '../../cluster/build/progress.js';
import { installCrds } from '../../kube/crds.js';
import type { KubeHttp } from '../../kube/http.js';
import { readManifests, yamlFilesIn } from '../../kube/manifests.js';
import type { KubeObject } from '../../kube/object.js';
import { ISTIO_MODULE, ISTIO_MODULE_VERSION } from './build.js';

export async function installGatewayApi(http: KubeHttp, progress: Progress): Promise<void> {
  const istio = await downloadModule(ISTIO_MODULE, ISTIO_MODULE_VERSION);
  const version = requiredVersion(readFileSync(istio.goMod, 'utf8'), 'sigs.k8s.io/gateway-api');
  const gatewayApi = await downloadModule('sigs.k8s.io/gateway-api', version);
  const names = await installCrds(http, readManifests(yamlFilesIn(join(gatewayApi.dir, 'config/crd/standard'))));
  progress(`[crds] Gateway API ${version} standard channel: ${names.length} CRDs Established`);
}

/** Istio's CRDs as its base chart installs them (manifests/charts/base/files/crd-all.gen.yaml). */
export async function istioCrds(): Promise<KubeObject[]> {
  const istio = await downloadModule(ISTIO_MODULE, ISTIO_MODULE_VERSION);
  return readManifests([join(istio.dir, 'manifests/charts/base/files/crd-all.gen.yaml')]);
}
