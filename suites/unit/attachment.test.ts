// AttachmentTracker, the measurement core: attachment per route, the listener's count, status writes, and waits
// that resolve with the arrival time of the event that satisfied them.
import { describe, expect, test } from 'vitest';
import type { Condition, Gateway, HTTPRoute } from '../../framework/gatewayApi/types.js';
import type { WatchEventType } from '../../framework/kube/watch.js';
import { AttachmentTracker } from '../../framework/measure/attachment.js';

const GW = { namespace: 'ns', name: 'gw', listener: 'http' };
const condition = (type: string, status = 'True', reason = type): Condition => ({ type, status, reason, message: 'm' });

function route(name: string, conditions: Condition[] | undefined, parent = 'gw'): HTTPRoute {
  return {
    metadata: { name, namespace: 'ns' },
    status: conditions ? { parents: [{ parentRef: { name: parent }, conditions }] } : undefined,
  };
}

function gateway(attachedRoutes: number, conditions: Condition[] = [condition('Accepted'), condition('Programmed')]): Gateway {
  return { metadata: { name: 'gw', namespace: 'ns' }, status: { conditions, listeners: [{ name: 'http', attachedRoutes }] } };
}

const routeEvent = (type: WatchEventType, object: HTTPRoute, at = 1) => ({ type, object, at });

describe('AttachmentTracker', () => {
  test('a route counts as attached only with Accepted and ResolvedRefs True for the tracked Gateway', () => {
    const tracker = new AttachmentTracker(GW);
    tracker.onRouteEvent(routeEvent('ADDED', route('a', [condition('Accepted')])));
    tracker.onRouteEvent(routeEvent('ADDED', route('b', [condition('Accepted'), condition('ResolvedRefs', 'False', 'BackendNotFound')])));
    tracker.onRouteEvent(routeEvent('ADDED', route('c', [condition('Accepted'), condition('ResolvedRefs')], 'other-gw')));
    tracker.onRouteEvent(routeEvent('ADDED', route('d', [condition('Accepted'), condition('ResolvedRefs')])));
    expect(tracker.attachedCount).toBe(1);
    expect(tracker.isAttached('d')).toBe(true);
    expect(tracker.route('a')?.problem).toBe('no ResolvedRefs condition for the Gateway');
    expect(tracker.route('b')?.problem).toBe('ResolvedRefs=False (BackendNotFound: m)');
    expect(tracker.route('c')?.problem).toBe('no status for the Gateway yet');
  });

  test('updates and deletes keep the attached count exact', () => {
    const tracker = new AttachmentTracker(GW);
    const attached = [condition('Accepted'), condition('ResolvedRefs')];
    tracker.onRouteEvent(routeEvent('ADDED', route('a', attached)));
    tracker.onRouteEvent(routeEvent('MODIFIED', route('a', attached)));
    expect(tracker.attachedCount).toBe(1);
    tracker.onRouteEvent(routeEvent('MODIFIED', route('a', [condition('Accepted', 'False', 'NotAllowed'), condition('ResolvedRefs')])));
    expect(tracker.attachedCount).toBe(0);
    tracker.onRouteEvent(routeEvent('MODIFIED', route('a', attached)));
    tracker.onRouteEvent(routeEvent('DELETED', route('a', attached)));
    expect(tracker.attachedCount).toBe(0);
    expect(tracker.route('a')).toBeUndefined();
  });

  test('status writes count changes of status only, not the first sight of an object without one', () => {
    const tracker = new AttachmentTracker(GW);
    tracker.onRouteEvent(routeEvent('ADDED', route('a', undefined)));
    expect(tracker.routeStatusWrites).toBe(0);
    tracker.onRouteEvent(routeEvent('MODIFIED', route('a', [condition('Accepted')])));
    tracker.onRouteEvent(routeEvent('MODIFIED', route('a', [condition('Accepted')])));
    expect(tracker.routeStatusWrites).toBe(1);
    // A route first seen with a status (after a relist, say) brings its write with it.
    tracker.onRouteEvent(routeEvent('ADDED', route('b', [condition('Accepted')])));
    expect(tracker.routeStatusWrites).toBe(2);
    tracker.onGatewayEvent({ type: 'ADDED', object: { metadata: { name: 'gw' } }, at: 1 });
    tracker.onGatewayEvent({ type: 'MODIFIED', object: gateway(0), at: 2 });
    tracker.onGatewayEvent({ type: 'MODIFIED', object: gateway(0), at: 3 });
    tracker.onGatewayEvent({ type: 'MODIFIED', object: gateway(1), at: 4 });
    expect(tracker.gatewayStatusWrites).toBe(2);
  });

  test('the listener count and readiness come from the tracked Gateway and listener only', () => {
    const tracker = new AttachmentTracker(GW);
    tracker.onGatewayEvent({ type: 'ADDED', object: { ...gateway(7), metadata: { name: 'another', namespace: 'ns' } }, at: 1 });
    expect(tracker.listenerAttachedRoutes).toBe(0);
    expect(tracker.gatewayReady).toBe(false);
    tracker.onGatewayEvent({ type: 'ADDED', object: gateway(3, [condition('Accepted'), condition('Programmed', 'False')]), at: 2 });
    expect(tracker.listenerAttachedRoutes).toBe(3);
    expect(tracker.gatewayReady).toBe(false);
    tracker.onGatewayEvent({ type: 'MODIFIED', object: gateway(3), at: 3 });
    expect(tracker.gatewayReady).toBe(true);
  });

  test('when() resolves with the arrival time of the event that made the condition true', async () => {
    const tracker = new AttachmentTracker(GW);
    const counted = tracker.when(
      () => tracker.listenerAttachedRoutes === 2,
      1_000,
      () => 'never',
    );
    tracker.onGatewayEvent({ type: 'ADDED', object: gateway(1), at: 10 });
    tracker.onGatewayEvent({ type: 'MODIFIED', object: gateway(2), at: 20 });
    tracker.onGatewayEvent({ type: 'MODIFIED', object: gateway(2, [condition('Accepted')]), at: 30 });
    expect(await counted).toBe(20);
  });

  test('when() rejects after its timeout with the description of what is missing', async () => {
    const tracker = new AttachmentTracker(GW);
    tracker.onRouteEvent(routeEvent('ADDED', route('test-gateway-route-0', undefined)));
    const wait = tracker.when(
      () => tracker.attachedCount === 2,
      20,
      () => tracker.describeUnattached(['test-gateway-route-0', 'test-gateway-route-1']),
    );
    await expect(wait).rejects.toThrow(
      'listener http attachedRoutes=0; 1 route(s): no status for the Gateway yet (e.g. test-gateway-route-0); 1 route(s): route not seen by the watch (e.g. test-gateway-route-1)',
    );
  });
});
