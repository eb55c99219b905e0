// The Gateway readiness wait's nudge logic (framework/loadtest/gatewayReady.ts), with watch events fed by hand: a
// nudge is awaited, and readiness counts only at the generation the nudge's patch produced. (On the real API server
// and controller: suites/gatewayReady.test.ts.)
import { describe, expect, test } from 'vitest';
import type { GatewayStatusNudge } from '../../framework/controllers/controller.js';
import { noControllerStatus } from '../../framework/gatewayApi/conditions.js';
import type { Condition, Gateway } from '../../framework/gatewayApi/types.js';
import type { KubeHttp } from '../../framework/kube/http.js';
import { createGatewayAndWait } from '../../framework/loadtest/gatewayReady.js';
import { AttachmentTracker } from '../../framework/measure/attachment.js';

const pending: Condition[] = [
  { type: 'Accepted', status: 'Unknown', reason: 'Pending', message: 'Waiting for controller' },
  { type: 'Programmed', status: 'Unknown', reason: 'Pending', message: 'Waiting for controller' },
];
const ready = (generation: number): Condition[] =>
  ['Accepted', 'Programmed'].map((type) => ({ type, status: 'True', reason: type, message: 'ok', observedGeneration: generation }));
const gateway = (generation: number, conditions: Condition[]): Gateway => ({
  metadata: { name: 'gw', namespace: 'ns', generation },
  status: { conditions, listeners: [{ name: 'http', attachedRoutes: 0 }] },
});

describe('createGatewayAndWait', () => {
  test('a status for the old generation that arrives while the nudge is in flight is not readiness; the new generation is', async () => {
    const tracker = new AttachmentTracker({ namespace: 'ns', name: 'gw', listener: 'http' });
    const event = (object: Gateway) => tracker.onGatewayEvent({ type: 'MODIFIED', object, at: performance.now() });
    let releasePatch: (generation: number) => void = () => {};
    const nudge: GatewayStatusNudge = {
      everyMs: 5,
      issue: 'example/issue#1',
      needed: noControllerStatus,
      // The patch is slow: the controller's status for generation 1 lands before it returns with generation 2.
      nudge: () =>
        new Promise<number>((resolve) => {
          releasePatch = resolve;
          event(gateway(1, ready(1)));
        }),
    };
    const lines: string[] = [];
    const wait = createGatewayAndWait(async () => event(gateway(1, pending)), {
      tracker,
      http: undefined as unknown as KubeHttp, // the nudge above makes no request
      path: '/gw',
      timeoutMs: 2_000,
      nudge,
      describeTimeout: () => 'never ready',
      progress: (line) => lines.push(line),
    });
    let settled = false;
    void wait.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tracker.gatewayReady).toBe(true); // ready for generation 1, as far as the watch knows
    expect(settled).toBe(false); // but a nudge is in flight
    event(gateway(2, ready(1))); // the patch's own event: generation 2, conditions still for 1
    releasePatch(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    event(gateway(2, ready(2)));
    const readiness = await wait;
    expect(readiness).toMatchObject({ statusNudges: 1, nudgedFor: 'example/issue#1' });
    expect(readiness.readyMs).toBeGreaterThan(0);
    expect(lines).toHaveLength(1);
  });

  test('when the answer for the new generation came before the patch returned, the wait resolves as the patch returns', async () => {
    const tracker = new AttachmentTracker({ namespace: 'ns', name: 'gw', listener: 'http' });
    const event = (object: Gateway) => tracker.onGatewayEvent({ type: 'MODIFIED', object, at: performance.now() });
    const nudge: GatewayStatusNudge = {
      everyMs: 5,
      issue: 'example/issue#1',
      needed: noControllerStatus,
      nudge: async () => {
        event(gateway(2, pending));
        event(gateway(2, ready(2)));
        return 2;
      },
    };
    const readiness = await createGatewayAndWait(async () => event(gateway(1, pending)), {
      tracker,
      http: undefined as unknown as KubeHttp,
      path: '/gw',
      timeoutMs: 2_000,
      nudge,
      describeTimeout: () => 'never ready',
    });
    expect(readiness.statusNudges).toBe(1);
  });
});
