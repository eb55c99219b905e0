// AttachmentTracker, the measurement core: attachment per route, the listener's count, status writes, and waits
// that resolve with the arrival time of the event that satisfied them.
import { describe, expect, test } from 'vitest';
import type { Condition, Gateway, HTTPRoute } from '../../framework/gatewayApi/types.js';
import type { WatchEventType } from '../../framework/kube/watch.js';
import { AttachmentTracker } from '../../framework/measure/attachment.js';
import { attachmentPerList, compareWithList } from '../../framework/measure/attachmentPerList.js';

const CONTROLLER = 'example.com/gateway-controller';
const GW = { namespace: 'ns', name: 'gw', listener: 'http', controllerName: CONTROLLER };
const condition = (type: string, status = 'True', reason = type, observedGeneration = 1): Condition => ({
  type,
  status,
  reason,
  message: 'm',
  observedGeneration,
});

function route(name: string, conditions: Condition[] | undefined, parent = 'gw'): HTTPRoute {
  return {
    metadata: { name, namespace: 'ns', generation: 1 },
    status: conditions ? { parents: [{ parentRef: { name: parent, sectionName: 'http' }, controllerName: CONTROLLER, conditions }] } : undefined,
  };
}

function gateway(attachedRoutes: number, conditions: Condition[] = [condition('Accepted'), condition('Programmed')], generation = 1): Gateway {
  return { metadata: { name: 'gw', namespace: 'ns', generation }, status: { conditions, listeners: [{ name: 'http', attachedRoutes }] } };
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
    tracker.onGatewayEvent({ type: 'ADDED', object: { ...gateway(7), metadata: { name: 'another', namespace: 'ns', generation: 1 } }, at: 1 });
    expect(tracker.listenerAttachedRoutes).toBeUndefined();
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
      'listener http attachedRoutes unknown (no Gateway conditions for generation ?); 1 route(s): no status for the Gateway yet (e.g. test-gateway-route-0); 1 route(s): route not seen by the watch (e.g. test-gateway-route-1)',
    );
  });
});

// Each rule of "attached for our Gateway", one mismatch at a time. The watch's tracker and the independent parser of
// the cross-check (attachmentPerList) must both reject every one, and both accept the valid route.
type RouteStatusEntry = NonNullable<NonNullable<HTTPRoute['status']>['parents']>[number];
const attachedConditions = () => [condition('Accepted'), condition('ResolvedRefs')];
function routeWith(name: string, change: (entry: RouteStatusEntry, route: HTTPRoute) => void): HTTPRoute {
  const entry: RouteStatusEntry = { parentRef: { name: 'gw', sectionName: 'http' }, controllerName: CONTROLLER, conditions: attachedConditions() };
  const object: HTTPRoute = { metadata: { name, namespace: 'ns', generation: 1 }, status: { parents: [entry] } };
  change(entry, object);
  return object;
}

const mismatches: [string, (entry: RouteStatusEntry, route: HTTPRoute) => void, RegExp][] = [
  ['another group', (e) => Object.assign(e.parentRef, { group: 'example.com' }), /no status for the Gateway yet/],
  ['another kind', (e) => Object.assign(e.parentRef, { kind: 'ListenerSet' }), /no status for the Gateway yet/],
  ['another namespace', (e) => Object.assign(e.parentRef, { namespace: 'elsewhere' }), /no status for the Gateway yet/],
  ['another name', (e) => Object.assign(e.parentRef, { name: 'gw2' }), /no status for the Gateway yet/],
  ['another sectionName', (e) => Object.assign(e.parentRef, { sectionName: 'https' }), /no status for the Gateway yet/],
  ['no sectionName (the whole Gateway, not our listener)', (e) => void delete e.parentRef.sectionName, /no status for the Gateway yet/],
  ['a port', (e) => Object.assign(e.parentRef, { port: 80 }), /no status for the Gateway yet/],
  [
    'another controller',
    (e) => Object.assign(e, { controllerName: 'example.com/other' }),
    /written by "example.com\/other", not the GatewayClass's controller/,
  ],
  ['no controllerName', (e) => void delete e.controllerName, /written by undefined/],
  [
    'Accepted for an older generation',
    (_e, r) => Object.assign(r.metadata ?? {}, { generation: 2 }),
    /Accepted is for generation 1, the route is at generation 2/,
  ],
  [
    'ResolvedRefs for an older generation',
    (e, r) => {
      Object.assign(r.metadata ?? {}, { generation: 2 });
      e.conditions = [condition('Accepted', 'True', 'Accepted', 2), condition('ResolvedRefs')];
    },
    /ResolvedRefs is for generation 1, the route is at generation 2/,
  ],
  ['no metadata.generation on the route', (_e, r) => Object.assign(r, { metadata: { name: 'r', namespace: 'ns' } }), /the route is at generation undefined/],
  [
    'no observedGeneration',
    (e) => Object.assign(e, { conditions: attachedConditions().map(({ observedGeneration: _, ...c }) => c) }),
    /is for generation undefined/,
  ],
  [
    'Accepted=False',
    (e) => Object.assign(e, { conditions: [condition('Accepted', 'False', 'NotAllowedByListeners'), condition('ResolvedRefs')] }),
    /Accepted=False/,
  ],
  ['no ResolvedRefs', (e) => Object.assign(e, { conditions: [condition('Accepted')] }), /no ResolvedRefs condition/],
];

describe('Attachment rules (the watch tracker and the cross-check parser alike)', () => {
  const target = { namespace: 'ns', gateway: 'gw', listener: 'http', controllerName: CONTROLLER };

  test('a status entry with the defaults spelled out (group, kind, namespace) counts like one without', () => {
    const explicit = routeWith('a', (e) => void Object.assign(e.parentRef, { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'ns' }));
    const tracker = new AttachmentTracker(GW);
    tracker.onRouteEvent(routeEvent('ADDED', explicit));
    tracker.onRouteEvent(
      routeEvent(
        'ADDED',
        routeWith('b', () => {}),
      ),
    );
    expect(tracker.attachedCount).toBe(2);
    expect(attachmentPerList([explicit, routeWith('b', () => {})], gateway(2), target)).toEqual({ attached: 2, listenerAttachedRoutes: 2 });
  });

  test.each(mismatches)('%s: not attached', (_, change, problem) => {
    const object = routeWith('r', change);
    const tracker = new AttachmentTracker(GW);
    tracker.onRouteEvent(routeEvent('ADDED', object));
    expect(tracker.isAttached('r')).toBe(false);
    expect(tracker.attachedCount).toBe(0);
    expect(tracker.route('r')?.problem).toMatch(problem);
    expect(attachmentPerList([object], gateway(0), target).attached).toBe(0);
  });

  test("no route is attached before the GatewayClass's controller is known", () => {
    const tracker = new AttachmentTracker({ namespace: 'ns', name: 'gw', listener: 'http' });
    tracker.onRouteEvent(
      routeEvent(
        'ADDED',
        routeWith('r', () => {}),
      ),
    );
    expect(tracker.isAttached('r')).toBe(false);
    expect(tracker.route('r')?.problem).toMatch(/controller is not known/);
    tracker.expectController(CONTROLLER);
    tracker.onRouteEvent(
      routeEvent(
        'MODIFIED',
        routeWith('r', () => {}),
      ),
    );
    expect(tracker.isAttached('r')).toBe(true);
  });

  test("our controller's entry counts even when another controller wrote one for the same parentRef first", () => {
    const object = routeWith('r', () => {});
    const parents = object.status?.parents ?? [];
    object.status = { parents: [{ ...parents[0], controllerName: 'example.com/other' } as RouteStatusEntry, ...parents] };
    const tracker = new AttachmentTracker(GW);
    tracker.onRouteEvent(routeEvent('ADDED', object));
    expect(tracker.isAttached('r')).toBe(true);
    expect(attachmentPerList([object], gateway(1), target).attached).toBe(1);
  });

  test('Gateway conditions for an older generation: not ready, and the listener count does not count', () => {
    const tracker = new AttachmentTracker(GW);
    tracker.onGatewayEvent({ type: 'ADDED', object: gateway(5, undefined, 2), at: 1 });
    expect(tracker.gatewayReady).toBe(false);
    expect(tracker.listenerAttachedRoutes).toBeUndefined();
    expect(tracker.describeListener()).toBe('listener http attachedRoutes unknown (no Gateway conditions for generation 2)');
    expect(attachmentPerList([], gateway(5, undefined, 2), target).listenerAttachedRoutes).toBeUndefined();
    // Only one of the two conditions current is not enough either.
    const half = gateway(5, [condition('Accepted', 'True', 'Accepted', 2), condition('Programmed')], 2);
    tracker.onGatewayEvent({ type: 'MODIFIED', object: half, at: 2 });
    expect(tracker.gatewayReady).toBe(false);
    expect(attachmentPerList([], half, target).listenerAttachedRoutes).toBeUndefined();
    const current = gateway(5, [condition('Accepted', 'True', 'Accepted', 2), condition('Programmed', 'True', 'Programmed', 2)], 2);
    tracker.onGatewayEvent({ type: 'MODIFIED', object: current, at: 3 });
    expect(tracker.gatewayReady).toBe(true);
    expect(tracker.listenerAttachedRoutes).toBe(5);
    expect(attachmentPerList([], current, target).listenerAttachedRoutes).toBe(5);
  });

  test('the two readings agree on a mixed collection, and the cross-check says so', () => {
    const routes = [...mismatches.map(([, change], i) => routeWith(`bad-${i}`, change)), ...[0, 1, 2].map((i) => routeWith(`good-${i}`, () => {}))];
    const tracker = new AttachmentTracker(GW);
    for (const object of routes) tracker.onRouteEvent(routeEvent('ADDED', object));
    tracker.onGatewayEvent({ type: 'ADDED', object: gateway(3), at: 1 });
    const watch = { attached: tracker.attachedCount, listenerAttachedRoutes: tracker.listenerAttachedRoutes };
    const list = attachmentPerList(routes, gateway(3), target);
    expect(watch).toEqual({ attached: 3, listenerAttachedRoutes: 3 });
    expect(list).toEqual(watch);
    expect(compareWithList(watch, list)).toMatch(/^A fresh list from the API server agrees/);
  });

  test('a divergence is caught: a missed watch event, or a reading that differs', () => {
    const tracker = new AttachmentTracker(GW);
    const before = routeWith('r', (e) => Object.assign(e, { conditions: [condition('Accepted')] }));
    tracker.onRouteEvent(routeEvent('ADDED', before));
    tracker.onGatewayEvent({ type: 'ADDED', object: gateway(0), at: 1 });
    // The API server holds the controller's later write; the watch never delivered it.
    const list = attachmentPerList([routeWith('r', () => {})], gateway(1), target);
    const watch = { attached: tracker.attachedCount, listenerAttachedRoutes: tracker.listenerAttachedRoutes };
    expect(compareWithList(watch, list)).toBe(
      'A fresh list from the API server shows 1 routes attached, listener attachedRoutes=1, the watches 0 routes attached, listener attachedRoutes=0: the watches missed updates or read status differently',
    );
    // A reading that ignored the generation rule would count a stale route: the cross-check tells them apart.
    const stale = routeWith('s', (_, r) => Object.assign(r.metadata ?? {}, { generation: 2 }));
    const lax = { attached: 1, listenerAttachedRoutes: 1 };
    expect(compareWithList(lax, attachmentPerList([stale], gateway(1), target))).toMatch(/the watches missed updates or read status differently/);
  });
});
