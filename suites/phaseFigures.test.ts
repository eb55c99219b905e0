// The per-phase figures that depend on the real API server: the harness's own request count must name requests as
// the API server's apiserver_request_total does (or "the rest" would be wrong), and another run's namespaces in the
// cluster during a phase mark it shared. Runs on any cluster (the controller is not needed: SKIP_INSTALL works).
import { describe, expect } from 'vitest';
import { ApiServerRequestMeter } from '../framework/measure/apiServerRequests.js';
import { OtherRunsMeasurement } from '../framework/measure/otherRuns.js';
import { runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';
import { clusterTest as test } from './support/cluster.js';

const onlyPodTemplates = (counts: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(counts).filter(([key]) => key.split(' ')[1]?.startsWith('podtemplates')));

describe('Harness requests beside the API server', () => {
  // PodTemplates: a resource that neither the controllers of a cluster nor the controller under test write, so the
  // API server's count for it over the phase is the harness's alone, and the two must agree key by key.
  test("every verb the harness uses is counted under the API server's own key", async ({ http, namespace, run }) => {
    const meter = new ApiServerRequestMeter(http);
    await meter.start();
    const collection = `/api/v1/namespaces/${namespace}/podtemplates`;
    const template = (name: string) => ({ metadata: { name, labels: run.labels }, template: { spec: { containers: [{ name: 'c', image: 'x' }] } } });
    await http.create(collection, template('a'));
    await http.create(collection, template('b'));
    await http.get(`${collection}/a`);
    await http.get(`${collection}?labelSelector=${encodeURIComponent(run.selector)}`);
    await http.mergePatch(`${collection}/a`, { metadata: { annotations: { touched: 'yes' } } });
    await http.apply(`${collection}/c`, { apiVersion: 'v1', kind: 'PodTemplate', ...template('c') }, 'gateway-loadtest-test');
    const watch = new AbortController();
    const { done } = await http.watch(`${collection}?watch=true&timeoutSeconds=1`, () => {}, watch.signal);
    await done;
    await http.delete(`${collection}/b`);
    await http.delete(collection, `?labelSelector=${encodeURIComponent(run.selector)}`);
    const phase = await meter.collect();
    meter.stop();
    if ('notMeasured' in phase) throw new Error(`the API server's requests were not measured: ${phase.notMeasured}`);
    const expected = {
      'POST podtemplates': 2,
      'GET podtemplates': 1,
      'LIST podtemplates': 1,
      'PATCH podtemplates': 1,
      'APPLY podtemplates': 1,
      'WATCH podtemplates': 1,
      // One of an object, one of the collection: the API server counts both as DELETE.
      'DELETE podtemplates': 2,
    };
    expect(onlyPodTemplates(phase.harness)).toEqual(expected);
    expect(onlyPodTemplates(phase.requests)).toEqual(expected);
    expect(onlyPodTemplates(phase.others)).toEqual({});
  });
});

describe('Other runs in the cluster', () => {
  test("a phase during which another run's namespace existed names that run; the run's own namespaces do not count", async ({ http, namespace }) => {
    const ownRunId = namespace.replace(/-test$/, '');
    const measurement = new OtherRunsMeasurement(http, ownRunId);
    await measurement.start();
    const alone = await measurement.collect();
    const other = newRunId();
    const otherNamespace = `${other}-app`;
    await http.create('/api/v1/namespaces', { metadata: { name: otherNamespace, labels: runLabels(other) } });
    try {
      // The watch delivers the ADDED event asynchronously: wait for it through the next phase's figure.
      await expect.poll(async () => (await measurement.collect()) as unknown, { timeout: 10_000, interval: 100 }).toEqual({ runs: [other] });
    } finally {
      await http.delete(`/api/v1/namespaces/${otherNamespace}`);
    }
    measurement.stop();
    // Other runs' namespaces left behind by crashed runs would show here too: only this test's own other run is asserted.
    expect(alone).not.toEqual(expect.objectContaining({ runs: expect.arrayContaining([ownRunId]) }));
  });
});
