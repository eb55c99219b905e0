// The shape of the run's Gateways: M Gateways with L listeners each (the last H of them HTTPS, with certificates in
// Secrets the run generates), and the routes spread over K namespaces. The defaults (1, 1, 0, 1) are the methodology's
// one Gateway with one HTTP listener and one namespace of routes.
import { ConfigError, type Env, readPositiveInteger, readString } from '../env.js';

export interface Topology {
  /** Gateways of the run, all in the run's app namespace (LOADTEST_GATEWAYS). */
  readonly gateways: number;
  /** Listeners per Gateway (LOADTEST_LISTENERS). */
  readonly listeners: number;
  /** How many of each Gateway's listeners are HTTPS (the last ones, LOADTEST_HTTPS_LISTENERS). */
  readonly httpsListeners: number;
  /** Namespaces the routes are spread over (LOADTEST_ROUTE_NAMESPACES). */
  readonly routeNamespaces: number;
  /**
   * ListenerSets on the first Gateway, each with one HTTPS listener of its own hostname (LOADTEST_LISTENER_SETS), as
   * gateway-api-bench's ListenerSet test has them; when set, every route attaches to one of them. Absent: none.
   */
  readonly listenerSets?: number;
}

export const SINGLE_GATEWAY: Topology = { gateways: 1, listeners: 1, httpsListeners: 0, routeNamespaces: 1 };

/** Past this, a Gateway's listener ports (80 + l, 443 + l) would meet; the Gateway API allows 64 listeners. */
const MAX_LISTENERS = 64;

export function readTopology(env: Env): Topology {
  const gateways = readPositiveInteger(env, 'LOADTEST_GATEWAYS', 1);
  const listeners = readPositiveInteger(env, 'LOADTEST_LISTENERS', 1);
  const https = readString(env, 'LOADTEST_HTTPS_LISTENERS');
  if (https !== undefined && !/^\d+$/.test(https)) throw new ConfigError(`LOADTEST_HTTPS_LISTENERS=${JSON.stringify(https)} is not a whole number (>= 0)`);
  const httpsListeners = https === undefined ? 0 : Number(https);
  const routeNamespaces = readPositiveInteger(env, 'LOADTEST_ROUTE_NAMESPACES', 1);
  const sets = readString(env, 'LOADTEST_LISTENER_SETS');
  if (sets !== undefined && !/^\d+$/.test(sets)) throw new ConfigError(`LOADTEST_LISTENER_SETS=${JSON.stringify(sets)} is not a whole number (>= 0)`);
  const listenerSets = sets === undefined ? 0 : Number(sets);
  if (listeners > MAX_LISTENERS) throw new ConfigError(`LOADTEST_LISTENERS=${listeners}: a Gateway has at most ${MAX_LISTENERS} listeners`);
  if (httpsListeners > listeners) {
    throw new ConfigError(`LOADTEST_HTTPS_LISTENERS=${httpsListeners} is more than the listeners per Gateway (LOADTEST_LISTENERS=${listeners})`);
  }
  return { gateways, listeners, httpsListeners, routeNamespaces, ...(listenerSets > 0 ? { listenerSets } : {}) };
}

export interface ListenerSpec {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
}

/** Gateway g's name: the methodology's `test-gateway` first, then `test-gateway-<g>`. */
export function gatewayName(base: string, g: number): string {
  return g === 0 ? base : `${base}-${g}`;
}

/** Listener l of every Gateway: `http` (port 80) first, as in the methodology, then `http-<l>` / `https-<l>`. */
export function listenerSpec(topology: Topology, l: number): ListenerSpec {
  const https = l >= topology.listeners - topology.httpsListeners;
  if (https) return { name: `https-${l}`, port: 443 + l, protocol: 'HTTPS' };
  return { name: l === 0 ? 'http' : `http-${l}`, port: 80 + l, protocol: 'HTTP' };
}

/** Where route `index` goes: baseline routes round-robin over Gateways, then listeners, and over namespaces. */
export function placement(topology: Topology, index: number): { gateway: number; listener: number; namespace: number } {
  return {
    gateway: index % topology.gateways,
    listener: Math.floor(index / topology.gateways) % topology.listeners,
    namespace: index % topology.routeNamespaces,
  };
}

export function describeTopology(topology: Topology): string {
  const { gateways, listeners, httpsListeners, routeNamespaces, listenerSets } = topology;
  const sets = listenerSets ? `, routes on ${listenerSets} ListenerSet(s) of the first Gateway` : '';
  return `${gateways} Gateway(s) x ${listeners} listener(s) (${httpsListeners} HTTPS)${sets}, routes in ${routeNamespaces} namespace(s)`;
}
