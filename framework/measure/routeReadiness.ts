// When does a new route carry traffic? Two instruments answer it, and a run uses the best one it has: real HTTP through
// a data plane, or else the xDS push a connected proxy of the Gateway receives (no Envoy can run on the embedded
// default). The route-ready figure is named after its method in results and reports.
import type { XdsObserver } from '../xds/adsObserver.js';
import { routeConfigHas } from '../xds/routeConfigs.js';
import type { HttpProbe } from './httpProbe.js';

export type RouteReadyMethod = 'http' | 'xds';

/** The data plane's answer for a route that is not (or no longer) served, and for a served sample route's redirect. */
const NOT_SERVED_STATUS = 404;

export interface RouteReadiness {
  readonly method: RouteReadyMethod;
  /**
   * Call before the request that adds (`served`) or removes (`gone`) the route; call the returned function after the
   * request: it resolves with performance.now() of the moment the change reached the data plane or the proxy.
   */
  expect(change: 'served' | 'gone', route: { host: string; path: string; what: string }, timeoutMs: number): () => Promise<number>;
}

/** Real traffic: the route's host and path answered with its redirect (served), then 404 again (gone). */
export class HttpRouteReadiness implements RouteReadiness {
  readonly method = 'http';

  constructor(
    private readonly probe: HttpProbe,
    private readonly readyStatus: number,
  ) {}

  expect(change: 'served' | 'gone', route: { host: string; path: string }, timeoutMs: number): () => Promise<number> {
    const statuses = change === 'served' ? { before: NOT_SERVED_STATUS, after: this.readyStatus } : { before: this.readyStatus, after: NOT_SERVED_STATUS };
    // The probe polls (every 10 ms): HTTP has no event to wait on. It starts once the request has been sent.
    return () => this.probe.until(route.host, route.path, statuses, timeoutMs);
  }
}

/** The push a connected proxy receives: the first RouteConfiguration with (served) or without (gone) the route. */
export class XdsRouteReadiness implements RouteReadiness {
  readonly method = 'xds';

  constructor(private readonly observer: XdsObserver) {}

  expect(change: 'served' | 'gone', route: { host: string; path: string; what: string }, timeoutMs: number): () => Promise<number> {
    const has = routeConfigHas(route.host, route.path);
    // Registered now, before the request, so that no push can slip between the request and the wait.
    const pushed = this.observer.when(change === 'served' ? has : (configs) => !has(configs), timeoutMs, () =>
      change === 'served'
        ? `${route.what}: no xDS push to ${this.observer.identity} held ${route.host}${route.path} within ${timeoutMs} ms`
        : `${route.what}: every xDS push to ${this.observer.identity} still held ${route.host}${route.path} after ${timeoutMs} ms`,
    );
    return () => pushed;
  }
}
