// kgateway as the controller under test: built from the Go module proxy (or a checkout, or a prebuilt binary: see
// source.ts), run as a local process with self-managed Gateways (no proxy), ready once its GatewayClass is Accepted.
import { ConfigError } from '../../env.js';
import { type ControllerUnderTest, GATEWAY_API_BENCH_README } from '../controller.js';
import { buildKgateway } from './build.js';
import { recentControllerProblems } from './controllerLog.js';
import { installGatewayApi } from './crds.js';
import { KGATEWAY_CLASS, KGATEWAY_PORTS, startKgateway } from './launch.js';
import { kgatewayRoutePolicy } from './routePolicy.js';
import { DEFAULT_KGATEWAY_SOURCE, KGATEWAY_VARIABLES, type KgatewaySource, kgatewaySourceEnv, readKgatewaySource } from './source.js';
import { kgatewayStatusNudge } from './statusNudge.js';
import { kgatewayValidationEnv, VALIDATION_MODE_VARIABLE } from './validationMode.js';
import { kgatewayXdsNodeMetadata } from './xds.js';

function kgatewayFrom(source: KgatewaySource): ControllerUnderTest {
  return {
    name: 'kgateway',
    variables: [...KGATEWAY_VARIABLES, VALIDATION_MODE_VARIABLE],
    configure: (env) => {
      kgatewayValidationEnv(env); // a bad validation mode fails here, before anything starts
      return kgatewayFrom(readKgatewaySource(env));
    },
    specEnv({ version, argument }) {
      if (version !== undefined && argument !== undefined) throw new ConfigError('kgateway: give a version (kgateway@v2.4.2) or a source/binary, not both');
      if (version !== undefined) return kgatewaySourceEnv({ kind: 'proxy', version });
      if (argument === undefined) return {};
      const match = /^(source|binary)=(.+)$/.exec(argument);
      if (!match?.[2]) throw new ConfigError(`kgateway:${argument}: expected kgateway:source=<dir> or kgateway:binary=<path>`);
      return match[1] === 'source' ? { KGATEWAY_SOURCE: match[2] } : { KGATEWAY_BINARY: match[2] };
    },
    specHelp: [
      'kgateway                   the default release from the Go module proxy',
      'kgateway@<version>         another module version from the proxy (KGATEWAY_VERSION)',
      'kgateway:source=<dir>      a kgateway checkout, built from it (KGATEWAY_SOURCE)',
      'kgateway:binary=<path>     a prebuilt kgateway binary (KGATEWAY_BINARY)',
    ],
    gatewayClassName: KGATEWAY_CLASS,
    defaultInstallNamespace: 'kgateway-system',
    fixedPorts: Object.values(KGATEWAY_PORTS),
    publishedBench: { setupS: 12, teardownS: 16, writes: 323, source: GATEWAY_API_BENCH_README },
    noDataPlaneReason: 'kgateway runs with self-managed GatewayParameters, so it deploys no Envoy proxy',
    // The harness starts upstream Envoy (the release kgateway v2.4.2 ships, framework/envoy/version.ts) per Gateway.
    envoyDataPlane: 'default',
    installGatewayApi: (http, progress) => installGatewayApi(http, progress, source),
    build: async (progress) => (await buildKgateway(progress, source)).binary,
    start: (context) => startKgateway(context, source),
    gatewayStatusNudge: kgatewayStatusNudge,
    routePolicy: kgatewayRoutePolicy,
    recentProblems: recentControllerProblems,
    xdsNodeMetadata: kgatewayXdsNodeMetadata,
  };
}

export const kgateway: ControllerUnderTest = kgatewayFrom(DEFAULT_KGATEWAY_SOURCE);
