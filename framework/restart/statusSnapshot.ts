// The statuses of a run's routes and Gateway as one fresh LIST from the API server shows them, read on their own
// (not through the watches' tracker), and the comparison of two such lists: which route lost its status, which
// changed it, which appeared or vanished. A controller that restarts correctly changes none of them.
import { gatewayApiPaths } from '../gatewayApi/paths.js';
import type { KubeHttp } from '../kube/http.js';

interface Listed {
  readonly metadata?: { readonly name?: string };
  readonly status?: unknown;
}

export interface StatusSnapshot {
  /** Route name -> its whole status, as canonical JSON. */
  readonly routes: ReadonlyMap<string, string>;
  /** Gateway name -> its whole status, as canonical JSON. */
  readonly gateways: ReadonlyMap<string, string>;
}

export interface StatusChanges {
  /** Routes whose status had parents before and has none (or none at all) now. */
  readonly lost: readonly string[];
  /** Routes whose status is different in any other way (a condition, a reason, a generation, a timestamp). */
  readonly changed: readonly string[];
  /** Gateways whose status changed. */
  readonly gatewaysChanged: readonly string[];
  /** Objects in one list only (the run created or deleted none in between, so any is a finding). */
  readonly appeared: readonly string[];
  readonly vanished: readonly string[];
}

/** JSON with object keys sorted, so two equal statuses give the same text whatever order the server wrote. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function byName(items: readonly Listed[]): Map<string, string> {
  return new Map(items.map((item) => [item.metadata?.name ?? '', canonicalJson(item.status ?? null)]));
}

export async function snapshotStatuses(http: KubeHttp, namespace: string, selector: string): Promise<StatusSnapshot> {
  const query = `?labelSelector=${encodeURIComponent(selector)}`;
  const [routes, gateways] = await Promise.all([
    http.get<{ items: Listed[] }>(`${gatewayApiPaths.httpRoutes(namespace)}${query}`),
    http.get<{ items: Listed[] }>(`${gatewayApiPaths.gateways(namespace)}${query}`),
  ]);
  return { routes: byName(routes.items), gateways: byName(gateways.items) };
}

function hasParents(statusJson: string | undefined): boolean {
  if (statusJson === undefined) return false;
  const status = JSON.parse(statusJson) as { parents?: unknown[] } | null;
  return (status?.parents?.length ?? 0) > 0;
}

export function compareStatuses(before: StatusSnapshot, after: StatusSnapshot): StatusChanges {
  const lost: string[] = [];
  const changed: string[] = [];
  const appeared: string[] = [];
  const vanished: string[] = [];
  for (const [name, status] of before.routes) {
    const now = after.routes.get(name);
    if (now === undefined) vanished.push(`HTTPRoute ${name}`);
    else if (hasParents(status) && !hasParents(now)) lost.push(name);
    else if (now !== status) changed.push(name);
  }
  for (const name of after.routes.keys()) if (!before.routes.has(name)) appeared.push(`HTTPRoute ${name}`);
  const gatewaysChanged: string[] = [];
  for (const [name, status] of before.gateways) {
    const now = after.gateways.get(name);
    if (now === undefined) vanished.push(`Gateway ${name}`);
    else if (now !== status) gatewaysChanged.push(name);
  }
  for (const name of after.gateways.keys()) if (!before.gateways.has(name)) appeared.push(`Gateway ${name}`);
  const sort = (names: string[]) => names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return { lost: sort(lost), changed: sort(changed), gatewaysChanged: sort(gatewaysChanged), appeared: sort(appeared), vanished: sort(vanished) };
}

/** "none", or the names (the first `limit` of them, and how many more). */
export function nameList(names: readonly string[], limit = 20): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, limit).join(', ');
  return names.length > limit ? `${shown} and ${names.length - limit} more` : shown;
}
