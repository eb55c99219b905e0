// ControllerRestart on an existing cluster: `kubectl rollout restart` of the controller's Deployment (a new
// `kubectl.kubernetes.io/restartedAt` pod-template annotation), then a watch until the new generation has rolled out:
// observedGeneration has reached it, every replica is updated and available, and no old replica is left. This is
// kgateway's own suite's "controller restart time" (test/e2e/features/loadtesting/README.md on its main branch).
import type { KubeHttp } from '../kube/http.js';
import type { KubeObject } from '../kube/object.js';
import { CollectionWatch, type WatchEvent } from '../kube/watch.js';

export interface Deployment extends KubeObject {
  readonly metadata: KubeObject['metadata'] & { readonly generation?: number };
  readonly spec?: { readonly replicas?: number };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly replicas?: number;
    readonly updatedReplicas?: number;
    readonly readyReplicas?: number;
    readonly availableReplicas?: number;
  };
}

export interface DeploymentRolledOut {
  /** The generation the restart produced. */
  readonly generation: number;
  /** performance.now() of the watch event that showed the rollout complete. */
  readonly at: number;
  readonly replicas: number;
}

/** A Deployment's new generation is rolled out: observed, all replicas updated and available, none old left. */
export function rolledOut(deployment: Deployment, generation: number): boolean {
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  return (
    (status.observedGeneration ?? 0) >= generation &&
    (status.updatedReplicas ?? 0) === wanted &&
    (status.availableReplicas ?? 0) === wanted &&
    (status.replicas ?? 0) === wanted
  );
}

export function deploymentsPath(namespace: string): string {
  return `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments`;
}

/**
 * Restarts the Deployment and resolves when its new generation has rolled out (the event's arrival time), or
 * rejects after `timeoutMs` saying what the last status showed. The watch is opened before the patch, so no event
 * of the rollout is missed.
 */
export async function restartDeployment(
  http: KubeHttp,
  namespace: string,
  name: string,
  timeoutMs: number,
  restartedAt = new Date().toISOString(),
): Promise<DeploymentRolledOut> {
  let generation: number | undefined;
  let last: Deployment | undefined;
  let settle: ((at: number) => void) | undefined;
  const done = new Promise<number>((resolve) => (settle = resolve));
  const check = (at: number) => {
    if (generation !== undefined && last && rolledOut(last, generation)) settle?.(at);
  };
  const watch = new CollectionWatch<Deployment>(http, deploymentsPath(namespace), undefined, (event: WatchEvent<Deployment>) => {
    if (event.object.metadata?.name !== name || event.type === 'DELETED') return;
    last = event.object;
    check(event.at);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await watch.start();
    if (!last) throw new Error(`Deployment ${namespace}/${name} not found (set LOADTEST_CONTROLLER_DEPLOYMENT to the controller's Deployment)`);
    const patched = await http.mergePatch<Deployment>(`${deploymentsPath(namespace)}/${encodeURIComponent(name)}`, {
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } },
    });
    const patchedGeneration = patched.metadata?.generation;
    if (patchedGeneration === undefined) throw new Error(`the patched Deployment ${namespace}/${name} has no metadata.generation`);
    generation = patchedGeneration;
    // An event may have arrived between the patch's response and this line.
    check(performance.now());
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `Deployment ${namespace}/${name} did not roll out generation ${generation} within ${timeoutMs} ms; last status ${JSON.stringify(last?.status ?? {})}`,
            ),
          ),
        timeoutMs,
      );
    });
    const at = await Promise.race([done, timeout]);
    return { generation, at, replicas: last?.spec?.replicas ?? 1 };
  } finally {
    clearTimeout(timer);
    watch.stop();
  }
}
