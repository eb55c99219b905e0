// Attachment read from listed objects, written apart from AttachmentTracker on purpose: the cross-check "per the
// API server" must not share the code that reads status, or a bug in reading it would agree with itself.
// Same rules, spelled out again: a route is attached when one status entry names our Gateway and listener (Gateway
// API defaults: group gateway.networking.k8s.io, kind Gateway, the route's namespace), was written by the
// GatewayClass's controller, and holds Accepted=True and ResolvedRefs=True for the route's current generation.
import type { Gateway, HTTPRoute } from '../gatewayApi/types.js';

export interface AttachmentPerList {
  /** Routes attached to the Gateway's listener. */
  readonly attached: number;
  /** The listener's attachedRoutes, or undefined when the Gateway's conditions are not for its generation. */
  readonly listenerAttachedRoutes: number | undefined;
}

export interface ListedTarget {
  readonly namespace: string;
  /** The Gateway's name, or a ListenerSet's when `kind` says so. */
  readonly gateway: string;
  readonly kind?: 'Gateway' | 'ListenerSet';
  readonly listener: string;
  readonly controllerName: string;
}

const REQUIRED = ['Accepted', 'ResolvedRefs'] as const;

function routeAttached(route: HTTPRoute, target: ListedTarget): boolean {
  const generation = route.metadata?.generation;
  if (generation === undefined) return false;
  for (const entry of route.status?.parents ?? []) {
    const ref = entry.parentRef;
    const sameParent =
      [ref.group ?? 'gateway.networking.k8s.io', ref.kind ?? 'Gateway', ref.namespace ?? route.metadata?.namespace, ref.name, ref.sectionName, ref.port].join(
        '|',
      ) === ['gateway.networking.k8s.io', target.kind ?? 'Gateway', target.namespace, target.gateway, target.listener, undefined].join('|');
    if (!sameParent || entry.controllerName !== target.controllerName) continue;
    const trueNow = REQUIRED.filter((type) =>
      (entry.conditions ?? []).some((c) => c.type === type && c.status === 'True' && c.observedGeneration === generation),
    );
    if (trueNow.length === REQUIRED.length) return true;
  }
  return false;
}

function listenerCount(gateway: Gateway, listener: string): number | undefined {
  const generation = gateway.metadata?.generation;
  const conditions = gateway.status?.conditions ?? [];
  const forGeneration = ['Accepted', 'Programmed'].every((type) => conditions.some((c) => c.type === type && c.observedGeneration === generation));
  if (generation === undefined || !forGeneration) return undefined;
  return gateway.status?.listeners?.find((l) => l.name === listener)?.attachedRoutes ?? 0;
}

export function attachmentPerList(routes: readonly HTTPRoute[], gateway: Gateway, target: ListedTarget): AttachmentPerList {
  return {
    attached: routes.filter((route) => routeAttached(route, target)).length,
    listenerAttachedRoutes: listenerCount(gateway, target.listener),
  };
}

/** The cross-check's verdict: do the watches agree with a fresh list? */
export function compareWithList(watch: AttachmentPerList, list: AttachmentPerList): string {
  const agree = watch.attached === list.attached && watch.listenerAttachedRoutes === list.listenerAttachedRoutes;
  const counts = (a: AttachmentPerList) => `${a.attached} routes attached, listener attachedRoutes=${a.listenerAttachedRoutes ?? 'unknown'}`;
  return agree
    ? `A fresh list from the API server agrees (${counts(list)}), so the controller has not written the rest`
    : `A fresh list from the API server shows ${counts(list)}, the watches ${counts(watch)}: the watches missed updates or read status differently`;
}
