// KWOK (sigs.k8s.io/kwok, the simulator kube-burner and ClusterLoader2 use) beside the local control plane, with the
// kube-scheduler the control plane lacks: KWOK plays the kubelet of fake Nodes (their status and leases) and marks
// the pods bound to them Running and Ready, so Deployments get Ready pods and the real endpointslice controller of
// kube-controller-manager writes the Services' EndpointSlices. Both are built from the Go module proxy: KWOK from its
// own module, kube-scheduler from the same k8s.io/kubernetes as the rest of the control plane.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBERNETES_VERSION } from '../../versions.js';
import { downloadModule, ensureGoBinaries, type GoBuildSpec } from '../build/goBuild.js';
import type { Progress } from '../build/progress.js';
import { kubernetesBuild } from './binaries.js';
import { type HealthCheck, LocalComponent } from './component.js';

export const KWOK_VERSION = 'v0.8.0';
/** Nodes KWOK manages carry this annotation (and the taint of the same key, which the simulated pods tolerate). */
export const KWOK_NODE_ANNOTATION = { key: 'kwok.x-k8s.io/node', value: 'fake' } as const;
/** Where KWOK takes pod IPs from: unique addresses where nothing listens, never traffic targets. */
export const KWOK_POD_CIDR = '10.244.0.1/16';

export const kwokBuild: GoBuildSpec = {
  key: `kwok-${KWOK_VERSION}`,
  module: 'sigs.k8s.io/kwok',
  version: KWOK_VERSION,
  binaries: [{ name: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok' }],
  ldflags: `-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION.replace(/^v/, '')}`,
};

/** kube-scheduler of the same k8s.io/kubernetes as the control plane, in a cache entry of its own. */
export const kubeSchedulerBuild: GoBuildSpec = {
  ...kubernetesBuild,
  key: `kube-scheduler-${KUBERNETES_VERSION}`,
  binaries: [{ name: 'kube-scheduler', pkg: 'k8s.io/kubernetes/cmd/kube-scheduler' }],
};

/**
 * KWOK's stages as its module ships them (kustomize/stage): nodes initialized at once and kept alive by a lease
 * heartbeat, pods Ready at once, completed and deleted as a kubelet would. The stock stages of `kwokctl`'s default
 * cluster, read from the module's own files rather than copied into this project.
 */
const STAGE_FILES = [
  'kustomize/stage/node/fast/node-initialize.yaml',
  'kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'kustomize/stage/pod/fast/pod-ready.yaml',
  'kustomize/stage/pod/fast/pod-complete.yaml',
  'kustomize/stage/pod/fast/pod-delete.yaml',
];

export interface KwokBinaries {
  readonly kwok: string;
  readonly kubeScheduler: string;
  /** KWOK's configuration file: its stages. */
  readonly stagesPath: string;
}

export async function ensureKwokBinaries(dir: string, progress?: Progress): Promise<KwokBinaries> {
  const { kwok } = await ensureGoBinaries(kwokBuild, progress);
  const { 'kube-scheduler': kubeScheduler } = await ensureGoBinaries(kubeSchedulerBuild, progress);
  if (!kwok || !kubeScheduler) throw new Error('kwok or kube-scheduler missing after the build');
  const module = await downloadModule(kwokBuild.module, kwokBuild.version);
  const stagesPath = join(dir, 'kwok-stages.yaml');
  writeFileSync(stagesPath, STAGE_FILES.map((file) => readFileSync(join(module.dir, file), 'utf8').trim()).join('\n---\n'));
  return { kwok, kubeScheduler, stagesPath };
}

export class KubeScheduler extends LocalComponent {
  constructor(
    binary: string,
    logDir: string,
    private readonly kubeconfigPath: string,
    readonly port: number,
  ) {
    super('kube-scheduler', binary, logDir);
  }

  protected args(): string[] {
    return [
      `--kubeconfig=${this.kubeconfigPath}`,
      `--authentication-kubeconfig=${this.kubeconfigPath}`,
      `--authorization-kubeconfig=${this.kubeconfigPath}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${this.port}`,
      '--leader-elect=false',
    ];
  }

  protected health(): HealthCheck {
    // It serves a self-signed certificate we never see.
    return { url: `https://127.0.0.1:${this.port}/healthz`, insecure: true };
  }
}

export class Kwok extends LocalComponent {
  constructor(
    binary: string,
    logDir: string,
    private readonly kubeconfigPath: string,
    private readonly stagesPath: string,
    readonly port: number,
  ) {
    super('kwok', binary, logDir);
  }

  protected args(): string[] {
    return [
      `--kubeconfig=${this.kubeconfigPath}`,
      `--config=${this.stagesPath}`,
      // Only the run's fake Nodes: the rest of the cluster has none, but a Node of anyone else's is not ours to play.
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION.key}=${KWOK_NODE_ANNOTATION.value}`,
      // Leases as a kubelet keeps them (kube-node-lease), so the node lifecycle controller sees live Nodes.
      '--node-lease-duration-seconds=40',
      `--cidr=${KWOK_POD_CIDR}`,
      '--node-ip=10.255.0.1',
      `--server-address=127.0.0.1:${this.port}`,
    ];
  }

  protected health(): HealthCheck {
    return { url: `http://127.0.0.1:${this.port}/healthz` };
  }
}
