// Waiting for a new Gateway to be Accepted and Programmed, with the controller's status nudge (if it needs one for a
// known bug, see controllers/<name>/statusNudge.ts) while the Gateway has no status from it at all.
import { setTimeout as sleep } from 'node:timers/promises';
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
  /** Which of the tracker's Gateways this is (by name); its main one by default. */
  readonly gateway?: string;
  readonly timeoutMs: number;
  readonly nudge?: GatewayStatusNudge;
  readonly describeTimeout: () => string;
  readonly progress?: (line: string) => void;
}

/**
 * Creates the Gateway with `create` and resolves once it is Accepted and Programmed for its current generation.
 * A nudge is awaited, and while one is in flight the Gateway does not count as ready: its patch bumps the generation,
 * so readiness is only accepted at (or after) the generation the last nudge produced. Otherwise a patch still in
 * flight could land after the wait, during the baseline.
 */
export async function createGatewayAndWait(create: () => Promise<unknown>, options: GatewayReadyOptions): Promise<GatewayReadiness> {
  const { tracker, http, path, timeoutMs, nudge, describeTimeout, progress, gateway } = options;
  let nudgeInFlight = false;
  let nudgedGeneration = 0;
  const ready = tracker.when(
    () => tracker.isGatewayReady(gateway) && !nudgeInFlight && (tracker.generationOf(gateway) ?? 0) >= nudgedGeneration,
    timeoutMs,
    describeTimeout,
  );
  const sentAt = performance.now();
  await create();
  let statusNudges = 0;
  const stopNudging = new AbortController();
  const nudging = nudge && nudgeWhileSilent();
  async function nudgeWhileSilent(): Promise<void> {
    if (!nudge) return;
    for (;;) {
      try {
        await sleep(nudge.everyMs, undefined, { signal: stopNudging.signal });
      } catch {
        return; // ready, or given up
      }
      if (!nudge.needed(tracker.conditionsOf(gateway))) continue;
      statusNudges++;
      const waited = ((performance.now() - sentAt) / 1000).toFixed(0);
      progress?.(`[gateway] ${path}: no status from the controller after ${waited} s; bumping its generation (nudge ${statusNudges}, see ${nudge.issue})`);
      nudgeInFlight = true;
      try {
        nudgedGeneration = await nudge.nudge(http, path, statusNudges);
      } catch (error) {
        progress?.(`[gateway] nudge failed: ${(error as Error).message}`);
      } finally {
        nudgeInFlight = false;
        // The watch may already hold the controller's answer for the new generation: no further event would come.
        tracker.recheck();
      }
    }
  }
  try {
    const readyAt = await ready;
    return { readyMs: readyAt - sentAt, statusNudges, ...(statusNudges > 0 && nudge ? { nudgedFor: nudge.issue } : {}) };
  } finally {
    stopNudging.abort();
    await nudging;
  }
}
