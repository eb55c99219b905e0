// Zero downtime without a data plane: a route that no change touches must be in every RDS push the Gateway's proxy
// receives while the changes run. A push that lacks it would make a real Envoy answer 404 for it until the next one.
import type { XdsObserver } from '../xds/adsObserver.js';
import { TYPE_URL } from '../xds/protos.js';
import { type RouteConfigs, routeConfigHas } from '../xds/routeConfigs.js';
import type { StableRouteCheck, StableRouteMiss } from './results.js';

export class StableRouteWatch {
  private readonly misses: StableRouteMiss[] = [];
  private pushesChecked = 0;
  private readonly stopListening: () => void;
  private readonly has: (configs: RouteConfigs) => boolean;

  constructor(
    private readonly observer: XdsObserver,
    private readonly route: { readonly name: string; readonly host: string; readonly path: string },
    /** The churn's start, on the monotonic clock. */
    private readonly startedAt: number,
    /** The change whose request was sent last, if its convergence is still awaited. */
    private readonly inFlight: () => string | null,
  ) {
    this.has = routeConfigHas(route.host, route.path);
    if (!this.has(observer.routeConfigs())) {
      throw new Error(`the stable route ${route.name} (${route.host}${route.path}) is not in the proxy's route configuration before the churn`);
    }
    this.stopListening = observer.onPush((push) => {
      if (push.typeUrl !== TYPE_URL.routeConfiguration) return;
      // Listeners hear a push before the observer has applied it: read the configurations once it has.
      const change = this.inFlight();
      queueMicrotask(() => {
        this.pushesChecked++;
        if (!this.has(this.observer.routeConfigs())) {
          this.misses.push({ atMs: push.at - this.startedAt, version: push.version, changeInFlight: change });
        }
      });
    });
  }

  stop(): StableRouteCheck {
    this.stopListening();
    return { route: this.route.name, host: this.route.host, path: this.route.path, method: 'xds', pushesChecked: this.pushesChecked, misses: this.misses };
  }
}
