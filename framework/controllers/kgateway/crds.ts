// The CRDs kgateway needs: the Gateway API standard channel at the version its go.mod requires, and its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadModule, requiredVersion } from '../../cluster/build/goBuild.js';
import type { Progress } from '../../cluster/build/progress.js';
import { installCrds } from '../../kube/crds.js';
import type { KubeHttp } from '../../kube/http.js';
import { readManifests, yamlFilesIn } from '../../kube/manifests.js';
import type { KubeObject } from '../../kube/object.js';
import { KGATEWAY_MODULE, KGATEWAY_VERSION } from './version.js';

async function gatewayApiCrds(): Promise<{ version: string; objects: KubeObject[] }> {
  const kgateway = await downloadModule(KGATEWAY_MODULE, KGATEWAY_VERSION);
  const version = requiredVersion(readFileSync(kgateway.goMod, 'utf8'), 'sigs.k8s.io/gateway-api');
  const gatewayApi = await downloadModule('sigs.k8s.io/gateway-api', version);
  return { version, objects: readManifests(yamlFilesIn(join(gatewayApi.dir, 'config/crd/standard'))) };
}

export async function installGatewayApi(http: KubeHttp, progress: Progress): Promise<void> {
  const crds = await gatewayApiCrds();
  const names = await installCrds(http, crds.objects);
  progress(`[crds] Gateway API ${crds.version} standard channel: ${names.length} CRDs Established`);
}

/** kgateway's own CRDs (GatewayParameters, TrafficPolicy, ...) from the same module version. */
export async function kgatewayCrds(): Promise<KubeObject[]> {
  const kgateway = await downloadModule(KGATEWAY_MODULE, KGATEWAY_VERSION);
  return readManifests(yamlFilesIn(join(kgateway.dir, 'install/helm/kgateway-crds/templates')));
}
