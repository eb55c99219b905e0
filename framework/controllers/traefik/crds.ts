// The Gateway API CRDs Traefik is run on. v3.6.12's go.mod requires sigs.k8s.io/gateway-api v1.4.0, but it was
// measured here on the v1.6.1 standard channel, the CRDs kgateway v2.4.2 is run on, so that both are compared on
// the same CRDs. v1.6.1 still serves every version v3.6.12 watches (GatewayClass, Gateway, HTTPRoute, GRPCRoute and
// BackendTLSPolicy v1, ReferenceGrant v1beta1); TLSRoute/TCPRoute (v1alpha2) are watched only with its experimental
// channel option, which is off. v1.4.0's CRDs were not tried here.
import { join } from 'node:path';
import { downloadModule } from '../../cluster/build/goBuild.js';
import type { Progress } from '../../cluster/build/progress.js';
import { installCrds } from '../../kube/crds.js';
import type { KubeHttp } from '../../kube/http.js';
import { readManifests, yamlFilesIn } from '../../kube/manifests.js';

export const GATEWAY_API_VERSION = 'v1.6.1';

export async function installGatewayApi(http: KubeHttp, progress: Progress): Promise<void> {
  const gatewayApi = await downloadModule('sigs.k8s.io/gateway-api', GATEWAY_API_VERSION);
  const names = await installCrds(http, readManifests(yamlFilesIn(join(gatewayApi.dir, 'config/crd/standard'))));
  progress(`[crds] Gateway API ${GATEWAY_API_VERSION} standard channel: ${names.length} CRDs Established`);
}
