// Waiting for a new Gateway to be Accepted and Programmed, with one workaround for a known controller bug.
//
// kgateway up to v2.4.2 can drop a new object's first status write: its status syncer reads the object through the
// controller-runtime cache, which may not hold it yet when the report arrives; NotFound is taken for "deleted" and
// nothing is written until the report changes (kgateway-dev/kgateway#14414, fixed after v2.4.2). A new Gateway then
// keeps the CRD's default "Waiting for controller" conditions forever. If it still has them after `nudgeEveryMs`,
// this bumps the Gateway's generation (an annotation under spec.infrastructure, on a Gateway this run owns), which
// changes the controller's report and makes it write again. Route timings are never nudged: they are the measurement.
import type { KubeHttp } from '../kube/http.js';
import type { AttachmentTracker } from '../measure/attachment.js';

export const NUDGE_ANNOTATION = 'loadtest.gateway-api.io/status-nudge';

export interface GatewayReadiness {
  /** Create request sent -> Accepted and Programmed seen by the watch. */
  readonly readyMs: number;
  /** Generation bumps needed because the controller had written no condition at all. */
  readonly statusNudges: number;
}

export interface GatewayReadyOptions {
  readonly tracker: AttachmentTracker;
  readonly http: KubeHttp;
  /** The Gateway's object path, e.g. /apis/gateway.networking.k8s.io/v1/namespaces/ns/gateways/gw. */
  readonly path: string;
  readonly timeoutMs: number;
  readonly nudgeEveryMs?: number;
  readonly describeTimeout: () => string;
  readonly progress?: (line: string) => void;
}

/**
 * True while the Gateway carries only the defaults the Gateway API CRD sets before any controller writes (and, so
 * also true, before the watch has seen the Gateway at all).
 */
export function noControllerStatus(conditions: readonly { reason?: string; message?: string }[]): boolean {
  return conditions.every((c) => c.reason === 'Pending' && c.message === 'Waiting for controller');
}

/** Creates the Gateway with `create` and resolves once it is Accepted and Programmed. */
export async function createGatewayAndWait(create: () => Promise<unknown>, options: GatewayReadyOptions): Promise<GatewayReadiness> {
  const { tracker, http, path, timeoutMs, nudgeEveryMs = 10_000, describeTimeout, progress } = options;
  const ready = tracker.when(
    () => ['Accepted', 'Programmed'].every((type) => tracker.gatewayConditions.some((c) => c.type === type && c.status === 'True')),
    timeoutMs,
    describeTimeout,
  );
  const sentAt = performance.now();
  await create();
  let statusNudges = 0;
  const nudger = setInterval(() => {
    if (!noControllerStatus(tracker.gatewayConditions)) return;
    statusNudges++;
    progress?.(`[gateway] ${path}: no status from the controller after ${((performance.now() - sentAt) / 1000).toFixed(0)} s; bumping its generation (nudge ${statusNudges}, see kgateway-dev/kgateway#14414)`);
    http.mergePatch(path, { spec: { infrastructure: { annotations: { [NUDGE_ANNOTATION]: String(statusNudges) } } } }).catch((error: unknown) => {
      progress?.(`[gateway] nudge failed: ${(error as Error).message}`);
    });
  }, nudgeEveryMs);
  try {
    const readyAt = await ready;
    return { readyMs: readyAt - sentAt, statusNudges };
  } finally {
    clearInterval(nudger);
  }
}
