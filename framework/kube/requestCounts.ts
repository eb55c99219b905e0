// The harness's own API requests, counted as it sends them and named as the API server's apiserver_request_total
// names them ("VERB resource[/subresource]"), so that the two can be set side by side per phase and the rest of the
// server's load (the controller's, and whatever else runs) is the difference.

/** Namespace subresources: /api/v1/namespaces/<name>/status is the namespace's own status, not a resource in it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * How the API server counts a request in apiserver_request_total (its RequestInfo and metrics.CleanVerb): GET on a
 * collection is LIST, with watch=true it is WATCH, a server-side apply PATCH is APPLY; a DELETE of a collection stays
 * DELETE there (checked against kube-apiserver v1.36 in suites/phaseFigures.test.ts). Paths outside /api/v1 and
 * /apis/<group>/<version>/<resource> are "(non-resource)".
 */
export function requestKey(method: string, url: string, contentType?: string): string {
  const [path = '', query = ''] = url.split('?');
  const verb = method.toUpperCase();
  const parts = path.split('/').filter(Boolean);
  let rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : [];
  if (rest.length === 0) return `${verb} (non-resource)`;
  if (rest[0] === 'namespaces' && rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) rest = rest.slice(2);
  const [resource, name, subresource] = rest;
  const watch = /(^|&)watch=(true|1)(&|$)/.test(query);
  const reported =
    verb === 'GET' ? (watch ? 'WATCH' : name ? 'GET' : 'LIST') : verb === 'PATCH' && contentType?.startsWith('application/apply-patch') ? 'APPLY' : verb;
  return `${reported} ${resource}${subresource ? `/${subresource}` : ''}`;
}

/** Requests sent so far, by requestKey(). */
export class RequestCounts {
  private readonly counts = new Map<string, number>();

  count(method: string, url: string, contentType?: string): void {
    const key = requestKey(method, url, contentType);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** A copy: take one at each phase boundary and subtract. */
  snapshot(): Map<string, number> {
    return new Map(this.counts);
  }
}
