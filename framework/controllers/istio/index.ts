// Istio as the controller under test: pilot-discovery (istiod's control plane) built from the Go module proxy, run as
// a local process with plain-text xDS, ready once its GatewayClass is Accepted. Route readiness is measured by the
// xDS observer standing in for the Gateway's Envoy. See README.md.
import { ensureGoBinaries } from '../../cluster/build/goBuild.js';
import { ConfigError } from '../../env.js';
import { type ControllerUnderTest, GATEWAY_API_BENCH_README } from '../controller.js';
import { recentLogProblems } from '../logProblems.js';
import { ISTIO_MODULE, ISTIO_VERSION, istioBuild } from './build.js';
import { installGatewayApi } from './crds.js';
import { ISTIO_CLASS, startIstio } from './launch.js';
import { istioGatewayCompanions, istioXdsNodeId, istioXdsNodeMetadata } from './xds.js';

/** The suite's Gateway listener port: the proxy's Service must expose it for istiod to program the Gateway. */
const LISTENER_PORTS = [80];

export const istio: ControllerUnderTest = {
  name: 'istio',
  // One build, pinned (build.ts): nothing to choose yet.
  variables: [],
  configure: () => istio,
  specEnv({ version, argument }) {
    if (version !== undefined || argument !== undefined) throw new ConfigError(`istio: only the pinned ${ISTIO_VERSION} build can run; give just "istio"`);
    return {};
  },
  specHelp: [`istio                      Istio ${ISTIO_VERSION} pilot-discovery (${ISTIO_MODULE}@${istioBuild.version}) from the Go module proxy`],
  gatewayClassName: ISTIO_CLASS,
  // gateway-api-bench's Attached Routes table (1,000 routes, 16-core kind cluster; Istio release of its day).
  publishedBench: { setupS: 2, teardownS: 20, writes: 311, source: GATEWAY_API_BENCH_README },
  defaultInstallNamespace: 'istio-system',
  // Every listener is moved to a free loopback port (launch.ts).
  fixedPorts: [],
  noDataPlaneReason: 'Istio runs without its gateway deployment controller, so no Envoy proxy is deployed (the xDS observer stands in for it)',
  // istiod writes configuration for istio-proxy (Envoy with Istio's extensions): upstream Envoy only on request.
  envoyDataPlane: 'opt-in',
  installGatewayApi,
  build: async (progress) => {
    const binary = (await ensureGoBinaries(istioBuild, progress))['pilot-discovery'];
    if (!binary) throw new Error('pilot-discovery binary missing after build');
    return binary;
  },
  start: startIstio,
  // istio's text log: "<time>\t<level>\t<scope>\t<message>".
  recentProblems: (path) => recentLogProblems(path, (line) => /^\S+\t(warn|error|fatal)\t|^panic:/.test(line)),
  xdsNodeId: istioXdsNodeId,
  xdsNodeMetadata: istioXdsNodeMetadata,
  gatewayCompanions: (gateway) => istioGatewayCompanions(gateway, ISTIO_CLASS, LISTENER_PORTS),
};
