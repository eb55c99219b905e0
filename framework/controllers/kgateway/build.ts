// The kgateway binary a run starts, from the source it chose (source.ts), cached outside the repository: a module
// version built from the Go module proxy (keyed by version), a checkout built with its own go.mod (keyed by its
// fingerprint, so that uncommitted changes rebuild), or a prebuilt binary (used as it is).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadModule, ensureGoBinaries, ensureGoBinaryFromDir, type GoBuildSpec } from '../../cluster/build/goBuild.js';
import type { Progress } from '../../cluster/build/progress.js';
import { sourceFingerprint } from '../../cluster/build/sourceFingerprint.js';
import { DEFAULT_KGATEWAY_SOURCE, type KgatewaySource } from './source.js';
import { KGATEWAY_MODULE, KGATEWAY_VERSION } from './version.js';

export function kgatewayBuild(version: string): GoBuildSpec {
  return {
    key: `kgateway-${version}`,
    module: KGATEWAY_MODULE,
    version,
    // The wrapper module must keep kgateway's godebug settings, or TLS parsing differs from a release build.
    goModExtra: (goMod) =>
      goMod
        .split('\n')
        .filter((line) => line.startsWith('godebug'))
        .join('\n'),
    binaries: [{ name: 'kgateway', pkg: `${KGATEWAY_MODULE}/cmd/kgateway` }],
    ldflags: versionLdflags(version),
  };
}

const versionLdflags = (version: string) => `-s -w -X ${KGATEWAY_MODULE}/pkg/version.Version=${version}`;

export interface BuiltKgateway {
  readonly binary: string;
  readonly version: string;
  readonly origin: string;
  /** The module tree whose CRDs and go.mod (Gateway API version) go with this binary. */
  readonly moduleDir: string;
  readonly goMod: string;
}

export async function buildKgateway(progress?: Progress, source: KgatewaySource = DEFAULT_KGATEWAY_SOURCE): Promise<BuiltKgateway> {
  switch (source.kind) {
    case 'proxy': {
      const binary = (await ensureGoBinaries(kgatewayBuild(source.version), progress)).kgateway;
      if (!binary) throw new Error('kgateway binary missing after build');
      const module = await downloadModule(KGATEWAY_MODULE, source.version);
      return {
        binary,
        version: source.version,
        origin: `Go module proxy: ${KGATEWAY_MODULE}@${source.version}`,
        moduleDir: module.dir,
        goMod: module.goMod,
      };
    }
    case 'source': {
      const fingerprint = sourceFingerprint(source.dir);
      const binary = await ensureGoBinaryFromDir(
        {
          key: `kgateway-src-${fingerprint.hash.slice(0, 16)}`,
          dir: source.dir,
          pkg: './cmd/kgateway',
          name: 'kgateway',
          ldflags: versionLdflags(fingerprint.version),
        },
        progress,
      );
      return {
        binary,
        version: fingerprint.version,
        origin: `source directory ${source.dir} (${fingerprint.basis})`,
        moduleDir: source.dir,
        goMod: join(source.dir, 'go.mod'),
      };
    }
    case 'binary': {
      const sha = createHash('sha256').update(readFileSync(source.path)).digest('hex').slice(0, 12);
      // A binary does not say which release it is: its CRDs and Gateway API come from the default release.
      const module = await downloadModule(KGATEWAY_MODULE, KGATEWAY_VERSION);
      return {
        binary: source.path,
        version: `binary-${sha}`,
        origin: `prebuilt binary ${source.path} (sha256 ${sha}; CRDs from ${KGATEWAY_VERSION})`,
        moduleDir: module.dir,
        goMod: module.goMod,
      };
    }
  }
}
