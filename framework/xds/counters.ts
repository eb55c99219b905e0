// How much a connected proxy had to take in: xDS responses and their bytes, by type URL.

export interface XdsTypeCounts {
  readonly responses: number;
  /** Serialized DiscoveryResponse bytes as received (the gRPC message, without framing). */
  readonly bytes: number;
}

/** Counts by type URL since the observer connected; take one per phase boundary and subtract. */
export type XdsCounters = Readonly<Record<string, XdsTypeCounts>>;

export function addResponse(counters: Record<string, XdsTypeCounts>, typeUrl: string, bytes: number): void {
  const previous = counters[typeUrl] ?? { responses: 0, bytes: 0 };
  counters[typeUrl] = { responses: previous.responses + 1, bytes: previous.bytes + bytes };
}

/** What arrived between two snapshots (`later` minus `earlier`), by type URL; types without a response are left out. */
export function countersSince(earlier: XdsCounters, later: XdsCounters): XdsCounters {
  const out: Record<string, XdsTypeCounts> = {};
  for (const [typeUrl, now] of Object.entries(later)) {
    const before = earlier[typeUrl] ?? { responses: 0, bytes: 0 };
    const responses = now.responses - before.responses;
    if (responses > 0) out[typeUrl] = { responses, bytes: now.bytes - before.bytes };
  }
  return out;
}

export function totalOf(counters: XdsCounters): XdsTypeCounts {
  let responses = 0;
  let bytes = 0;
  for (const counts of Object.values(counters)) {
    responses += counts.responses;
    bytes += counts.bytes;
  }
  return { responses, bytes };
}

/** A type URL's short name, as Envoy's docs call them: RDS, CDS, LDS, EDS (others keep their message name). */
export function xdsTypeName(typeUrl: string): string {
  const message = typeUrl.slice(typeUrl.lastIndexOf('.') + 1);
  const short: Record<string, string> = { RouteConfiguration: 'RDS', Cluster: 'CDS', Listener: 'LDS', ClusterLoadAssignment: 'EDS' };
  return short[message] ?? message;
}
