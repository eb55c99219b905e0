// The shape of the run's Gateways: M Gateways with L listeners each (the last H of them HTTPS, with certificates in
// Secrets the run generates), and the routes spread over K namespaces. The defaults (1, 1, 0, 1) are the methodology's
// one Gateway with one HTTP listener and one namespace of routes.
import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';
import { ConfigError, type Env } from '../env.js';

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

const wholeNumber = kinds.matching(/^\d+$/, 'a whole number (>= 0)');

export const topologySection = defineSection({
  name: 'topology',
  title: 'Topology (every suite)',
  description: "The shape of a run's Gateways: several Gateways, listeners (HTTP and HTTPS), route namespaces, ListenerSets.",
  settings: {
    gateways: {
      env: 'LOADTEST_GATEWAYS',
      kind: kinds.positiveInteger,
      default: 1,
      unit: 'Gateways',
      description: "Gateways of the run; routes go round-robin over them (xDS is observed for the first one's proxy)",
    },
    listeners: {
      env: 'LOADTEST_LISTENERS',
      kind: kinds.positiveInteger,
      default: 1,
      unit: 'listeners',
      description: 'listeners per Gateway (http on port 80, then http-<l> on 80+l / https-<l> on 443+l)',
    },
    httpsListeners: {
      env: 'LOADTEST_HTTPS_LISTENERS',
      kind: wholeNumber,
      default: '0',
      unit: 'listeners',
      description: "how many of each Gateway's listeners are HTTPS (the last ones), with certificates the run generates into Secrets",
    },
    routeNamespaces: {
      env: 'LOADTEST_ROUTE_NAMESPACES',
      kind: kinds.positiveInteger,
      default: 1,
      unit: 'namespaces',
      description: 'namespaces the routes spread over (with a ReferenceGrant to the simulated Services and allowedRoutes by the run label)',
    },
    listenerSets: {
      env: 'LOADTEST_LISTENER_SETS',
      kind: wholeNumber,
      default: '0',
      unit: 'ListenerSets',
      description: 'ListenerSets on the first Gateway, one HTTPS listener each with its own hostname; when set, every route attaches to one of them',
    },
  },
});

export function readTopology(env: Env): Topology {
  const values = topologySection.read(env);
  const { gateways, listeners, routeNamespaces } = values;
  const httpsListeners = Number(values.httpsListeners);
  const listenerSets = Number(values.listenerSets);
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
