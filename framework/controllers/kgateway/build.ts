// kgateway built from the Go module proxy, cached outside the repository.
import { ensureGoBinaries, type GoBuildSpec } from '../../cluster/build/goBuild.js';
import type { Progress } from '../../cluster/build/progress.js';
import { KGATEWAY_MODULE, KGATEWAY_VERSION } from './version.js';

export const kgatewayBuild: GoBuildSpec = {
  key: `kgateway-${KGATEWAY_VERSION}`,
  module: KGATEWAY_MODULE,
  version: KGATEWAY_VERSION,
  // The wrapper module must keep kgateway's godebug settings, or TLS parsing differs from a release build.
  goModExtra: (goMod) =>
    goMod
      .split('\n')
      .filter((line) => line.startsWith('godebug'))
      .join('\n'),
  binaries: [{ name: 'kgateway', pkg: `${KGATEWAY_MODULE}/cmd/kgateway` }],
  ldflags: `-s -w -X ${KGATEWAY_MODULE}/pkg/version.Version=${KGATEWAY_VERSION}`,
};

export async function buildKgateway(progress?: Progress): Promise<string> {
  const binary = (await ensureGoBinaries(kgatewayBuild, progress)).kgateway;
  if (!binary) throw new Error('kgateway binary missing after build');
  return binary;
}
