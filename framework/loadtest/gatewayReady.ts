// Waiting for a new Gateway to be Accepted and Programmed, with the controller's status nudge (if it needs one for a
// known bug, see controllers/<name>/statusNudge.ts) while the Gateway has no status from it at all.
import type { GatewayStatusNudge } from '../controllers/controller.js';
import type { KubeHttp } from '../kube/http.js';
import type { AttachmentTracker } from '../measure/attachment.js';

export interface GatewayReadiness {
  /** Create request sent -> Accepted and Programmed seen by the watch. */
  readonly readyMs: number;
  /** Nudges needed because the controller had written no condition at all. */
  readonly statusNudges: number;
  /** The upstream issue the nudges work around, when there were any. */
  readonly nudgedFor?: string;
}

export interface GatewayReadyOptions {
  readonly tracker: AttachmentTracker;
  readonly http: KubeHttp;
  /** The Gateway's object path, e.g. /apis/gateway.networking.k8s.io/v1/namespaces/ns/gateways/gw. */
  readonly path: string;
  readonly timeoutMs: number;
  readonly nudge?: GatewayStatusNudge;
  readonly describeTimeout: () => string;
  readonly progress?: (line: string) => void;
}

/** Creates the Gateway with `create` and resolves once it is Accepted and Programmed. */
export async function createGatewayAndWait(create: () => Promise<unknown>, options: GatewayReadyOptions): Promise<GatewayReadiness> {
  const { tracker, http, path, timeoutMs, nudge, describeTimeout, progress } = options;
  const ready = tracker.when(() => tracker.gatewayReady, timeoutMs, describeTimeout);
  const sentAt = performance.now();
  await create();
  let statusNudges = 0;
  const nudger =
    nudge &&
    setInterval(() => {
      if (!nudge.needed(tracker.gatewayConditions)) return;
      statusNudges++;
      const waited = ((performance.now() - sentAt) / 1000).toFixed(0);
      progress?.(`[gateway] ${path}: no status from the controller after ${waited} s; bumping its generation (nudge ${statusNudges}, see ${nudge.issue})`);
      nudge.nudge(http, path, statusNudges).catch((error: unknown) => {
        progress?.(`[gateway] nudge failed: ${(error as Error).message}`);
      });
    }, nudge.everyMs);
  try {
    const readyAt = await ready;
    return { readyMs: readyAt - sentAt, statusNudges, ...(statusNudges > 0 && nudge ? { nudgedFor: nudge.issue } : {}) };
  } finally {
    clearInterval(nudger);
  }
}
