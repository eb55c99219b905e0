// How pilot-discovery (istiod's control plane) is built from the Go module proxy. Facts checked on this machine:
// - Istio tags its releases "1.28.0" (no "v"), which Go modules cannot use: the proxy answers 403 for every tagged
//   version (1.28.x, v1.28.0, 1.29.0) and serves only pseudo-versions of master; the newest is pinned below (its
//   VERSION file says 1.31, so its own version is 1.31-dev, as Istio's Makefile names a master build);
// - its go.mod has no replace directives and its go directive (1.26.0) is accepted by Go 1.26.8; it is built in a
//   copy of its own tree, so that its go.sum is the one that resolves;
// - build tags and CGO_ENABLED=0 as its Makefile builds STANDARD_BINARIES (Makefile.core.mk, common/scripts/gobuild.sh).
import type { GoBuildSpec } from '../../cluster/build/goBuild.js';

export const ISTIO_MODULE = 'istio.io/istio';
export const ISTIO_MODULE_VERSION = 'v0.0.0-20260827124520-eed52ebb66ad';
/** The version Istio's Makefile gives a master build: the VERSION file (1.31) with "-dev". */
export const ISTIO_VERSION = '1.31-dev';
const COMMIT = 'eed52ebb66ad';

export const istioBuild: GoBuildSpec = {
  key: `istio-pilot-${ISTIO_MODULE_VERSION}`,
  module: ISTIO_MODULE,
  version: ISTIO_MODULE_VERSION,
  fromModuleTree: true,
  binaries: [{ name: 'pilot-discovery', pkg: './pilot/cmd/pilot-discovery' }],
  env: { CGO_ENABLED: '0' },
  tags: 'vtprotobuf,disable_pgv',
  ldflags: [
    '-s -w',
    `-X ${ISTIO_MODULE}/pkg/version.buildVersion=${ISTIO_VERSION}`,
    `-X ${ISTIO_MODULE}/pkg/version.buildGitRevision=${COMMIT}`,
    `-X ${ISTIO_MODULE}/pkg/version.buildStatus=Clean`,
  ].join(' '),
};
