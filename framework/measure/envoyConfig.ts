// Envoy's configuration updates as a measurement: per xDS type, the updates it attempted, took in and refused (a
// refusal is a NACK to the controller), read from its admin endpoint (envoy/admin.ts) and shown in reports.

/** An xDS type's update counters, summed over every resource of that type (RDS: per route configuration; EDS: per cluster). */
export interface UpdateCounts {
  readonly attempt: number;
  readonly success: number;
  /** Updates Envoy refused (a NACK to the controller). */
  readonly rejected: number;
  /** Fetches that failed (connection or timeout), not refusals. */
  readonly failure: number;
}

export const XDS_KINDS = ['lds', 'cds', 'rds', 'eds'] as const;
export type XdsKind = (typeof XDS_KINDS)[number];

export interface EnvoyConfigStats {
  readonly updates: Readonly<Record<XdsKind, UpdateCounts>>;
  /** Every update counter by its stat name (per route configuration and per cluster), for differences by name. */
  readonly counters: Readonly<Record<string, number>>;
  /** listener_manager.listener_create_failure: listeners it could not create (a port it cannot bind, say). */
  readonly listenerCreateFailures: number;
  /** Gauges at the reading: listeners active, clusters active, and whether the xDS stream is connected. */
  readonly listenersActive: number;
  readonly clustersActive: number;
  readonly controlPlaneConnected: boolean;
}

/** Envoy's configuration updates during one phase: counters as differences, gauges at the phase's end. */
export type EnvoyConfigUpdates = Omit<EnvoyConfigStats, 'counters'>;

/** "LDS 3/3, CDS 2/2, RDS 41/41, EDS 660/660 accepted; 0 rejected (NACK)". */
export function describeUpdates(u: EnvoyConfigUpdates): string {
  const each = XDS_KINDS.map((kind) => `${kind.toUpperCase()} ${u.updates[kind].success}/${u.updates[kind].attempt}`).join(', ');
  const rejected = XDS_KINDS.reduce((sum, kind) => sum + u.updates[kind].rejected, 0);
  const failures = u.listenerCreateFailures ? `, ${u.listenerCreateFailures} listener(s) not created` : '';
  return `${each} accepted of attempted; ${rejected} rejected (NACK)${failures}; ${u.listenersActive} listeners, ${u.clustersActive} clusters active`;
}
