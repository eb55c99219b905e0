// An xDS client that connects to a control plane the way an Envoy of the test Gateway would, and records on the
// harness's monotonic clock every push it receives. It applies nothing: "route ready (xDS)" is the arrival of the
// push a connected Envoy would receive, not Envoy's own apply time.

import { Client, type ClientDuplexStream, credentials, type ServiceError, status } from '@grpc/grpc-js';
import { ConditionWaits } from '../measure/conditionWaits.js';
import { addResponse, type XdsCounters, type XdsTypeCounts } from './counters.js';
import {
  adsMethod,
  type Cluster,
  type ClusterLoadAssignment,
  type DecodedResponse,
  type DiscoveryRequest,
  decodeResponse,
  type Listener,
  type Node,
  type RouteConfiguration,
  type StructValue,
  TYPE_URL,
} from './protos.js';
import type { RouteConfigPredicate, RouteConfigs } from './routeConfigs.js';
import { endpointNames, routeConfigNames, SUBSCRIBED_TYPES, Subscription } from './subscriptions.js';

export interface XdsPush {
  /** performance.now() when the response reached this process, before it was decoded. */
  readonly at: number;
  readonly typeUrl: string;
  readonly version: string;
  readonly resources: number;
  readonly bytes: number;
}

export interface XdsObserverOptions {
  /** host:port of the ADS server (plain text). */
  readonly address: string;
  // node.id, as the proxy would send it (a controller may ignore it, e.g. kgateway with pod locality off).
  readonly nodeId: string;
  /** node.metadata: how the controller tells which Gateway's proxy is asking (ControllerUnderTest.xdsNodeMetadata). */
  readonly nodeMetadata: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  // How long start() waits for the first LDS (and RDS) answer; a controller may hold a new stream's first answer
  // back (kgateway v2.4.2: KGW_XDS_FIRST_CONNECT_DELAY, 1 s).
  readonly startTimeoutMs?: number;
}

interface Arrival {
  at: number;
  bytes: number;
  response: DecodedResponse;
}

export class XdsObserver {
  readonly pushes: XdsPush[] = [];
  private readonly counters: Record<string, XdsTypeCounts> = {};
  private readonly subscriptions = new Map(SUBSCRIBED_TYPES.map((typeUrl) => [typeUrl, new Subscription(typeUrl)]));
  private readonly waits = new ConditionWaits();
  private readonly pushListeners = new Set<(push: XdsPush) => void>();
  private configs = new Map<string, RouteConfiguration>();
  private clusters: string[] = [];
  private listeners: readonly Listener[] = [];
  private loadAssignments: readonly ClusterLoadAssignment[] = [];
  private readonly node: Node;
  /** The node id and metadata, for messages. */
  readonly identity: string;
  private client: Client | undefined;
  private call: ClientDuplexStream<DiscoveryRequest, Arrival> | undefined;
  private stopped = false;
  private ready: { resolve: () => void; reject: (error: Error) => void } | undefined;
  /** Why the stream ended while it was still wanted; waits fail with it. There is no reconnect. */
  failure: Error | undefined;

  constructor(private readonly options: XdsObserverOptions) {
    this.node = { id: options.nodeId, user_agent_name: 'gateway-loadtest-xds-observer', metadata: { fields: structFields(options.nodeMetadata) } };
    this.identity = `node ${options.nodeId} ${JSON.stringify(options.nodeMetadata)}`;
  }

  /** Opens the stream and subscribes; resolves once the first LDS answer (and RDS, if listeners name any) arrived. */
  start(): Promise<void> {
    if (this.client) throw new Error('XdsObserver.start() called twice');
    const { address } = this.options;
    const timeoutMs = this.options.startTimeoutMs ?? 30_000;
    const method = adsMethod();
    // Route configurations of thousands of routes exceed grpc-js's 4 MiB default.
    this.client = new Client(address, credentials.createInsecure(), { 'grpc.max_receive_message_length': -1 });
    // Stamped before decoding: the arrival is the measurement, decoding is this process's own work.
    const deserialize = (buffer: Buffer): Arrival => ({ at: performance.now(), bytes: buffer.length, response: decodeResponse(buffer) });
    const call = this.client.makeBidiStreamRequest(method.path, method.requestSerialize, deserialize);
    this.call = call;
    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const missing = this.subscription(TYPE_URL.listener).responded ? 'RDS' : 'LDS';
        reject(
          new Error(
            `xDS observer: no ${missing} answer from ${address} within ${timeoutMs} ms for ${this.identity} (a control plane answers only once it has a configuration for this node, e.g. after it translated the Gateway)`,
          ),
        );
      }, timeoutMs);
      this.ready = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
    call.on('data', (arrival: Arrival) => this.onResponse(arrival));
    call.on('error', (error: ServiceError) => this.onBroken(`${status[error.code] ?? error.code}: ${error.details || error.message}`));
    call.on('end', () => this.onBroken('the server ended the stream'));
    this.send(TYPE_URL.cluster);
    this.send(TYPE_URL.listener);
    return started.catch((error: Error) => {
      this.stop();
      throw error;
    });
  }

  /** Closes the stream and the channel; pending waits fail. Safe to call more than once. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.call?.cancel();
    this.client?.close();
    this.rejectAll(new Error(`xDS observer for ${this.identity} stopped`));
  }

  /** The RouteConfigurations of the last RDS push, by name. */
  routeConfigs(): RouteConfigs {
    return this.configs;
  }

  /** The Listeners of the last LDS push. */
  listenerResources(): readonly Listener[] {
    return this.listeners;
  }

  /** Names of the clusters of the last CDS push. */
  clusterNames(): readonly string[] {
    return this.clusters;
  }

  /** The ClusterLoadAssignments of the last EDS push (each SotW push carries every subscribed one). */
  clusterLoadAssignments(): readonly ClusterLoadAssignment[] {
    return this.loadAssignments;
  }

  /**
   * Like when(), for a condition over any state of the observer (clusters, endpoints): resolves with the arrival time
   * of the first push after which it holds (or now, if it already does).
   */
  whenHolds(condition: () => boolean, timeoutMs: number, describeTimeout: () => string): Promise<number> {
    if (this.failure) return rejected(this.failure);
    if (this.stopped) return rejected(new Error(`xDS observer for ${this.identity} is stopped`));
    return this.waits.add(condition, timeoutMs, describeTimeout);
  }

  /** Calls `listener` with every push as it arrives (the phase edge waits for quiet on them); returns its remover. */
  onPush(listener: (push: XdsPush) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** Responses and bytes by type URL since the stream opened; subtract two with countersSince(). */
  snapshot(): XdsCounters {
    return structuredClone(this.counters);
  }

  /**
   * Resolves with the arrival time of the first push after which `predicate` holds over the route configurations
   * (or now, if it already holds). Register it before the request whose effect it measures.
   */
  when(predicate: RouteConfigPredicate, timeoutMs: number, describeTimeout: () => string): Promise<number> {
    if (this.failure) return rejected(this.failure);
    if (this.stopped) return rejected(new Error(`xDS observer for ${this.identity} is stopped`));
    return this.waits.add(() => predicate(this.configs), timeoutMs, describeTimeout);
  }

  private subscription(typeUrl: string): Subscription {
    const subscription = this.subscriptions.get(typeUrl as (typeof SUBSCRIBED_TYPES)[number]);
    if (!subscription) throw new Error(`xDS observer: unexpected type ${typeUrl}`);
    return subscription;
  }

  /** A request for the type's current names, echoing its last response (an ACK once it has one). */
  private send(typeUrl: string): void {
    const { names, version, nonce } = this.subscription(typeUrl);
    this.call?.write({ node: this.node, type_url: typeUrl, resource_names: names, version_info: version, response_nonce: nonce });
  }

  private onResponse({ at, bytes, response }: Arrival): void {
    const { type_url: typeUrl, resources } = response;
    const push = { at, typeUrl, version: response.version_info, resources: resources.length, bytes };
    this.pushes.push(push);
    for (const listener of this.pushListeners) listener(push);
    addResponse(this.counters, typeUrl, bytes);
    const subscription = this.subscription(typeUrl);
    subscription.version = response.version_info;
    subscription.nonce = response.nonce;
    subscription.responded = true;
    this.send(typeUrl);
    if (typeUrl === TYPE_URL.listener) {
      this.listeners = resources as Listener[];
      const names = routeConfigNames(resources);
      if (this.subscription(TYPE_URL.routeConfiguration).setNames(names)) {
        this.configs = new Map([...this.configs].filter(([name]) => names.includes(name)));
        if (names.length > 0) this.send(TYPE_URL.routeConfiguration);
      }
    } else if (typeUrl === TYPE_URL.cluster) {
      this.clusters = (resources as Cluster[]).map((cluster) => cluster.name);
      const names = endpointNames(resources);
      if (this.subscription(TYPE_URL.clusterLoadAssignment).setNames(names) && names.length > 0) this.send(TYPE_URL.clusterLoadAssignment);
    } else if (typeUrl === TYPE_URL.clusterLoadAssignment) {
      this.loadAssignments = resources as ClusterLoadAssignment[];
    } else if (typeUrl === TYPE_URL.routeConfiguration) {
      this.configs = new Map((resources as RouteConfiguration[]).map((config) => [config.name, config]));
    }
    this.waits.check(at);
    const routes = this.subscription(TYPE_URL.routeConfiguration);
    if (this.subscription(TYPE_URL.listener).responded && (routes.responded || routes.names.length === 0)) this.ready?.resolve();
  }

  private onBroken(reason: string): void {
    if (this.stopped || this.failure) return;
    this.failure = new Error(
      `xDS stream to ${this.options.address} for ${this.identity} broke (${reason}); the observer does not reconnect, so no later push is seen`,
    );
    this.ready?.reject(this.failure);
    this.rejectAll(this.failure);
  }

  private rejectAll(error: Error): void {
    this.waits.rejectAll(error);
  }
}

/** node.metadata as a google.protobuf.Struct: strings, and maps of strings as nested structs. */
function structFields(metadata: Readonly<Record<string, string | Readonly<Record<string, string>>>>): Record<string, StructValue> {
  const value = (item: string | Readonly<Record<string, string>>): StructValue =>
    typeof item === 'string' ? { stringValue: item } : { structValue: { fields: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, value(v)])) } };
  return Object.fromEntries(Object.entries(metadata).map(([key, item]) => [key, value(item)]));
}

function rejected(error: Error): Promise<number> {
  const promise = Promise.reject(error);
  promise.catch(() => {});
  return promise;
}
