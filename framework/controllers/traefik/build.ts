// How Traefik is built from the Go module proxy. Facts checked on this machine (see the README's Traefik section):
// - the proxy serves github.com/traefik/traefik/v3 at v3.6.12, v3.7.11, v3.7.12 and v3.7.13 only;
// - v3.7.x cannot be built from the proxy: its go.mod replaces github.com/traefik/traefik/dynamic/ext with
//   ./pkg/config/dynamic/ext, a nested module, and module zips leave nested modules out, so the directory is
//   missing; fifteen of its dependencies (the containous/go-http-auth fork, lego DNS SDKs) also answer 403;
// - v3.6.12 has no such replace, every dependency is served, and its go directive (1.25.0) accepts Go 1.26.8.
import type { GoBuildSpec } from '../../cluster/build/goBuild.js';

export const TRAEFIK_MODULE = 'github.com/traefik/traefik/v3';
export const TRAEFIK_VERSION = 'v3.6.12';

export const traefikBuild: GoBuildSpec = {
  key: `traefik-${TRAEFIK_VERSION}`,
  module: TRAEFIK_MODULE,
  version: TRAEFIK_VERSION,
  // Traefik's own go.mod (its replace directives for forks) must be the main module, so build in a copy of its tree.
  fromModuleTree: true,
  binaries: [{ name: 'traefik', pkg: './cmd/traefik' }],
  // As Traefik's Makefile builds its releases.
  env: { CGO_ENABLED: '0' },
  ldflags: `-s -w -X ${TRAEFIK_MODULE}/pkg/version.Version=${TRAEFIK_VERSION}`,
};
