// The CRDs kgateway needs: the Gateway API standard channel at the version its go.mod requires, and its own, both
// from the module tree of the build that runs (a release's module, or a checkout).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadModule, requiredVersion } from '../../cluster/build/goBuild.js';
import type { Progress } from '../../cluster/build/progress.js';
import { installCrds } from '../../kube/crds.js';
import type { KubeHttp } from '../../kube/http.js';
import { readManifests, yamlFilesIn } from '../../kube/manifests.js';
import type { KubeObject } from '../../kube/object.js';
import { DEFAULT_KGATEWAY_SOURCE, type KgatewaySource } from './source.js';
import { KGATEWAY_MODULE, KGATEWAY_VERSION } from './version.js';

/** The module tree whose go.mod and CRDs belong to a source: the checkout itself, else the release's module. */
async function moduleTree(source: KgatewaySource): Promise<{ dir: string; goMod: string }> {
  if (source.kind === 'source') return { dir: source.dir, goMod: join(source.dir, 'go.mod') };
  return downloadModule(KGATEWAY_MODULE, source.kind === 'proxy' ? source.version : KGATEWAY_VERSION);
}

async function gatewayApiCrds(source: KgatewaySource): Promise<{ version: string; objects: KubeObject[] }> {
  const kgateway = await moduleTree(source);
  const version = requiredVersion(readFileSync(kgateway.goMod, 'utf8'), 'sigs.k8s.io/gateway-api');
  const gatewayApi = await downloadModule('sigs.k8s.io/gateway-api', version);
  return { version, objects: readManifests(yamlFilesIn(join(gatewayApi.dir, 'config/crd/standard'))) };
}

export async function installGatewayApi(http: KubeHttp, progress: Progress, source: KgatewaySource = DEFAULT_KGATEWAY_SOURCE): Promise<void> {
  const crds = await gatewayApiCrds(source);
  const names = await installCrds(http, crds.objects);
  progress(`[crds] Gateway API ${crds.version} standard channel: ${names.length} CRDs Established`);
}

/** kgateway's own CRDs (GatewayParameters, TrafficPolicy, ...) from the module tree of the build. */
export function kgatewayCrds(moduleDir: string): KubeObject[] {
  return readManifests(yamlFilesIn(join(moduleDir, 'install/helm/kgateway-crds/templates')));
}
