// Envoy's admin stats as the harness reads them: update counters summed by xDS type (RDS per route configuration, EDS
// per cluster), the gauges, and a phase's updates as differences counter by counter. Names as Envoy 1.38.3 reports them.
import { describe, expect, test } from 'vitest';
import { configDifference, parseConfigStats } from '../../framework/envoy/admin.js';
import { describeUpdates } from '../../framework/measure/envoyConfig.js';

const stats = (values: Record<string, number>) => ({ stats: [...Object.entries(values).map(([name, value]) => ({ name, value })), { histograms: {} }] });

const START = {
  'listener_manager.lds.update_attempt': 2,
  'listener_manager.lds.update_success': 2,
  'listener_manager.lds.update_time': 1764770000000,
  'listener_manager.total_listeners_active': 1,
  'cluster_manager.cds.update_attempt': 3,
  'cluster_manager.cds.update_success': 2,
  'cluster_manager.cds.update_failure': 1,
  'cluster_manager.active_clusters': 332,
  'control_plane.connected_state': 1,
  'http.http.rds.listener~80.update_attempt': 5,
  'http.http.rds.listener~80.update_success': 5,
  'cluster.kube_lt-sim_sim-service-0_8080.update_attempt': 2,
  'cluster.kube_lt-sim_sim-service-0_8080.update_success': 2,
  'cluster.test-gateway.lt-app.update_attempt': 3,
  'cluster.test-gateway.lt-app.update_failure': 1,
  'cluster.xds_cluster.http2.inbound_window_update_frames_flood': 0,
};

describe("Envoy's configuration stats", () => {
  test('sums the update counters by xDS type and reads the gauges', () => {
    const parsed = parseConfigStats(stats(START));
    expect(parsed.updates).toEqual({
      lds: { attempt: 2, success: 2, rejected: 0, failure: 0 },
      cds: { attempt: 3, success: 2, rejected: 0, failure: 1 },
      rds: { attempt: 5, success: 5, rejected: 0, failure: 0 },
      eds: { attempt: 5, success: 2, rejected: 0, failure: 1 },
    });
    expect(parsed).toMatchObject({ listenersActive: 1, clustersActive: 332, controlPlaneConnected: true, listenerCreateFailures: 0 });
    expect(() => parseConfigStats({ nothing: [] })).toThrow(/without a "stats" array/);
  });

  test("a phase's updates: differences by counter, a new cluster from zero, a rejection counted as a NACK", () => {
    const end = parseConfigStats(
      stats({
        ...START,
        'http.http.rds.listener~80.update_attempt': 9,
        'http.http.rds.listener~80.update_success': 8,
        'http.http.rds.listener~80.update_rejected': 1,
        'cluster.kube_lt-sim_sim-service-1_8080.update_attempt': 1,
        'cluster.kube_lt-sim_sim-service-1_8080.update_success': 1,
        'listener_manager.listener_create_failure': 1,
        'control_plane.connected_state': 0,
      }),
    );
    const phase = configDifference(parseConfigStats(stats(START)), end);
    expect(phase.updates).toEqual({
      lds: { attempt: 0, success: 0, rejected: 0, failure: 0 },
      cds: { attempt: 0, success: 0, rejected: 0, failure: 0 },
      rds: { attempt: 4, success: 3, rejected: 1, failure: 0 },
      eds: { attempt: 1, success: 1, rejected: 0, failure: 0 },
    });
    expect(phase).toMatchObject({ listenerCreateFailures: 1, controlPlaneConnected: false });
    expect(phase).not.toHaveProperty('counters');
    expect(describeUpdates(phase)).toBe(
      'LDS 0/0, CDS 0/0, RDS 3/4, EDS 1/1 accepted of attempted; 1 rejected (NACK), 1 listener(s) not created; 1 listeners, 332 clusters active',
    );
  });
});
