// kgateway as the controller under test: built from the Go module proxy, run as a local process with self-managed
// Gateways (no proxy), ready once its GatewayClass is Accepted.
import type { ControllerUnderTest } from '../controller.js';
import { buildKgateway } from './build.js';
import { recentControllerProblems } from './controllerLog.js';
import { installGatewayApi } from './crds.js';
import { KGATEWAY_CLASS, KGATEWAY_PORTS, startKgateway } from './launch.js';
import { kgatewayStatusNudge } from './statusNudge.js';
import { kgatewayXdsNodeMetadata } from './xds.js';

export const kgateway: ControllerUnderTest = {
  name: 'kgateway',
  gatewayClassName: KGATEWAY_CLASS,
  defaultInstallNamespace: 'kgateway-system',
  fixedPorts: Object.values(KGATEWAY_PORTS),
  noDataPlaneReason: 'kgateway runs with self-managed GatewayParameters, so it deploys no Envoy proxy',
  installGatewayApi,
  build: buildKgateway,
  start: startKgateway,
  gatewayStatusNudge: kgatewayStatusNudge,
  recentProblems: recentControllerProblems,
  xdsNodeMetadata: kgatewayXdsNodeMetadata,
};
