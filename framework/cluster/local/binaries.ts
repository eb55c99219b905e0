// Where the control-plane binaries come from: KUBEBUILDER_ASSETS when it has them, else a cached Go build.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readSetting } from '../../config/section.js';
import { ETCD_VERSION, KUBERNETES_VERSION } from '../../versions.js';
import { ensureGoBinaries, type GoBuildSpec } from '../build/goBuild.js';
import type { Progress } from '../build/progress.js';
import { buildSection } from '../build/section.js';

export interface ControlPlaneBinaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
}

const minor = (version: string) => version.replace(/^v1\./, 'v0.');

/** k8s.io/kubernetes points its staging modules at ./staging; the wrapper points them at the published v0.x. */
function stagingReplaces(kubernetesGoMod: string): string {
  const staged = [...kubernetesGoMod.matchAll(/^\s*(k8s\.io\/\S+)\s+=>\s+\.\/staging\//gm)].map((m) => m[1]);
  return `replace (\n${staged.map((m) => `\t${m} => ${m} ${minor(KUBERNETES_VERSION)}`).join('\n')}\n)`;
}

const [major, minorNumber] = KUBERNETES_VERSION.replace(/^v/, '').split('.');

export const kubernetesBuild: GoBuildSpec = {
  key: `kubernetes-${KUBERNETES_VERSION}`,
  module: 'k8s.io/kubernetes',
  version: KUBERNETES_VERSION,
  goModExtra: stagingReplaces,
  binaries: [
    { name: 'kube-apiserver', pkg: 'k8s.io/kubernetes/cmd/kube-apiserver' },
    { name: 'kube-controller-manager', pkg: 'k8s.io/kubernetes/cmd/kube-controller-manager' },
  ],
  // Without these /version reports v0.0.0.
  ldflags: [
    '-s -w',
    `-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minorNumber}`,
    '-X k8s.io/component-base/version.gitTreeState=clean',
  ].join(' '),
};

export const etcdBuild: GoBuildSpec = {
  key: `etcd-${ETCD_VERSION}`,
  module: 'go.etcd.io/etcd/server/v3',
  version: ETCD_VERSION,
  binaries: [{ name: 'etcd', pkg: 'go.etcd.io/etcd/server/v3' }],
  ldflags: '-s -w',
};

export async function ensureControlPlaneBinaries(progress?: Progress): Promise<ControlPlaneBinaries> {
  const assets = readSetting(process.env, buildSection.settings.kubebuilderAssets);
  const fromAssets = (name: string) => (assets && existsSync(join(assets, name)) ? join(assets, name) : undefined);
  let etcd = fromAssets('etcd');
  let kubeApiserver = fromAssets('kube-apiserver');
  let kubeControllerManager = fromAssets('kube-controller-manager');
  if (!etcd) etcd = (await ensureGoBinaries(etcdBuild, progress)).etcd;
  if (!kubeApiserver || !kubeControllerManager) {
    const built = await ensureGoBinaries(kubernetesBuild, progress);
    kubeApiserver ??= built['kube-apiserver'];
    kubeControllerManager ??= built['kube-controller-manager'];
  }
  if (!etcd || !kubeApiserver || !kubeControllerManager) throw new Error('control-plane binaries missing after build');
  return { etcd, kubeApiserver, kubeControllerManager };
}
