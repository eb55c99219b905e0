// What Envoy's admin endpoint says about its configuration: the listeners it has bound, and its update counters for
// each xDS type (attempts, successes, rejections: a rejection is a NACK sent to the controller). Envoy's admin
// endpoint offers no stream for either, so both are read on request: at start-up until the listener is there (a poll,
// see proxy.ts) and at phase boundaries.
import { Agent, request } from 'undici';
import { type EnvoyConfigStats, type EnvoyConfigUpdates, type UpdateCounts, XDS_KINDS, type XdsKind } from '../measure/envoyConfig.js';
import type { PhaseMeasurement } from '../measure/measurement.js';
import { type Measured, notMeasured } from '../measure/notMeasured.js';

const UPDATE = /\.update_(attempt|success|rejected|failure)$/;

/** The kind of an update counter's name, or undefined for another stat. */
function kindOf(name: string): XdsKind | undefined {
  if (!UPDATE.test(name)) return undefined;
  if (name.startsWith('listener_manager.lds.')) return 'lds';
  if (name.startsWith('cluster_manager.cds.')) return 'cds';
  if (/^http\..+\.rds\./.test(name)) return 'rds';
  if (name.startsWith('cluster.')) return 'eds';
  return undefined;
}

const zero = (): Record<keyof UpdateCounts, number> => ({ attempt: 0, success: 0, rejected: 0, failure: 0 });

/** Parses `/stats?format=json` (its "stats" array of {name, value}; histograms are skipped). */
export function parseConfigStats(body: unknown): EnvoyConfigStats {
  const stats = (body as { stats?: readonly { name?: unknown; value?: unknown }[] }).stats;
  if (!Array.isArray(stats)) throw new Error('the admin endpoint answered /stats without a "stats" array');
  const updates = Object.fromEntries(XDS_KINDS.map((kind) => [kind, zero()])) as Record<XdsKind, Record<keyof UpdateCounts, number>>;
  const value: Record<string, number> = {};
  const counters: Record<string, number> = {};
  for (const stat of stats) {
    if (typeof stat.name !== 'string' || typeof stat.value !== 'number') continue;
    value[stat.name] = stat.value;
    const kind = kindOf(stat.name);
    const counter = UPDATE.exec(stat.name)?.[1] as keyof UpdateCounts | undefined;
    if (kind && counter) {
      updates[kind][counter] += stat.value;
      counters[stat.name] = stat.value;
    }
  }
  return {
    updates,
    counters,
    listenerCreateFailures: value['listener_manager.listener_create_failure'] ?? 0,
    listenersActive: value['listener_manager.total_listeners_active'] ?? 0,
    clustersActive: value['cluster_manager.active_clusters'] ?? 0,
    controlPlaneConnected: value['control_plane.connected_state'] === 1,
  };
}

// Only the stats parseConfigStats reads: a proxy with thousands of clusters has tens of thousands of stats.
const STATS_FILTER =
  '^(listener_manager\\.(lds\\.update_.*|listener_create_failure|total_listeners_active)|cluster_manager\\.(cds\\.update_.*|active_clusters)|control_plane\\.connected_state|http\\..*\\.rds\\..*\\.update_.*|cluster\\..*\\.update_(attempt|success|rejected|failure))$';

export class EnvoyAdmin {
  private readonly dispatcher = new Agent({ keepAliveTimeout: 10_000 });

  constructor(readonly url: string) {}

  private async get(path: string): Promise<{ status: number; body: string }> {
    const response = await request(new URL(path, this.url), { dispatcher: this.dispatcher, headersTimeout: 5_000, bodyTimeout: 10_000 });
    return { status: response.statusCode, body: await response.body.text() };
  }

  async configStats(): Promise<EnvoyConfigStats> {
    const { status, body } = await this.get(`/stats?format=json&usedonly&filter=${encodeURIComponent(STATS_FILTER)}`);
    if (status !== 200) throw new Error(`Envoy's /stats answered HTTP ${status}: ${body.slice(0, 200)}`);
    return parseConfigStats(JSON.parse(body));
  }

  /** The listeners Envoy has bound: name and port. */
  async listeners(): Promise<{ name: string; port: number | undefined }[]> {
    const { status, body } = await this.get('/listeners?format=json');
    if (status !== 200) throw new Error(`Envoy's /listeners answered HTTP ${status}`);
    const statuses = (JSON.parse(body) as { listener_statuses?: { name: string; local_address?: { socket_address?: { port_value?: number } } }[] })
      .listener_statuses;
    return (statuses ?? []).map((l) => ({ name: l.name, port: l.local_address?.socket_address?.port_value }));
  }

  /** /ready: 200 "LIVE" once the server has initialized (its first listeners and clusters are in). */
  async ready(): Promise<boolean> {
    return (await this.get('/ready')).status === 200;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** Per phase: how many LDS, CDS, RDS and EDS updates Envoy took in and refused (NACKs), from its admin stats. */
export class EnvoyConfigMeter implements PhaseMeasurement<EnvoyConfigUpdates> {
  private phaseStart: Measured<EnvoyConfigStats> = notMeasured('no phase was started');

  constructor(
    private readonly admin: EnvoyAdmin,
    private readonly pid: number,
  ) {}

  private read(): Promise<Measured<EnvoyConfigStats>> {
    return this.admin.configStats().catch((error: Error) => notMeasured(`Envoy (pid ${this.pid}) admin endpoint: ${error.message}`));
  }

  async start(): Promise<void> {
    this.phaseStart = await this.read();
  }

  async collect(): Promise<Measured<EnvoyConfigUpdates>> {
    const start = this.phaseStart;
    // The request goes out before the first await: the phase's edge.
    const reading = this.read();
    const end = await reading;
    this.phaseStart = end;
    if ('notMeasured' in start) return start;
    if ('notMeasured' in end) return end;
    return configDifference(start, end);
  }

  stop(): void {}
}

/**
 * The updates between two readings, counter by counter: a route configuration or cluster that appeared in between
 * counts from zero; one that was removed in between takes its counters with it (Envoy drops a removed cluster's
 * stats), so its updates during the phase are not counted.
 */
export function configDifference(start: EnvoyConfigStats, end: EnvoyConfigStats): EnvoyConfigUpdates {
  const updates = Object.fromEntries(XDS_KINDS.map((kind) => [kind, zero()])) as Record<XdsKind, Record<keyof UpdateCounts, number>>;
  for (const [name, value] of Object.entries(end.counters)) {
    const delta = value - (start.counters[name] ?? 0);
    const kind = kindOf(name);
    const counter = UPDATE.exec(name)?.[1] as keyof UpdateCounts | undefined;
    if (kind && counter) updates[kind][counter] += delta;
  }
  const { counters: _perResource, ...gauges } = end;
  return { ...gauges, updates, listenerCreateFailures: end.listenerCreateFailures - start.listenerCreateFailures };
}
