// The per-phase figures that depend on the real API server: the harness's own request count must name requests as
// the API server's apiserver_request_total does (or "the rest" would be wrong), and another run's namespaces in the
// cluster during a phase mark it shared. Runs on any cluster (the controller is not needed: SKIP_INSTALL works).
import { describe, expect } from 'vitest';
import { ApiServerRequestMeter } from '../framework/measure/apiServerRequests.js';
import { OtherRunsMeasurement } from '../framework/measure/otherRuns.js';
import { runLabels } from '../framework/run/labels.js';
import { newRunId } from '../framework/run/runId.js';
import { clusterTest as test } from './support/cluster.js';

const onlyRuntimeClasses = (counts: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(counts).filter(([key]) => key.split(' ')[1]?.startsWith('runtimeclasses')));

describe('Harness requests beside the API server', () => {
  // RuntimeClasses: cluster-scoped, so kube-controller-manager's namespace controller (which lists and deletes every
  // namespaced kind in a terminating namespace, PodTemplates included) never touches them, and without kubelets nothing
  // else does: the API server's count for them over the phase is the harness's alone; the two must agree key by key.
  test("every verb the harness uses is counted under the API server's own key", async ({ http, run }) => {
    const meter = new ApiServerRequestMeter(http);
    await meter.start();
    const collection = '/apis/node.k8s.io/v1/runtimeclasses';
    const name = (suffix: string) => `${run.runId}-${suffix}`;
    const runtimeClass = (suffix: string) => ({ metadata: { name: name(suffix), labels: run.labels }, handler: 'loadtest' });
    await http.create(collection, runtimeClass('a'));
    await http.create(collection, runtimeClass('b'));
    await http.get(`${collection}/${name('a')}`);
    await http.get(`${collection}?labelSelector=${encodeURIComponent(run.selector)}`);
    await http.mergePatch(`${collection}/${name('a')}`, { metadata: { annotations: { touched: 'yes' } } });
    await http.apply(`${collection}/${name('c')}`, { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', ...runtimeClass('c') }, 'gateway-loadtest-test');
    const watch = new AbortController();
    const { done } = await http.watch(`${collection}?watch=true&timeoutSeconds=1`, () => {}, watch.signal);
    await done;
    await http.delete(`${collection}/${name('b')}`);
    await http.delete(collection, `?labelSelector=${encodeURIComponent(run.selector)}`);
    const phase = await meter.collect();
    meter.stop();
    if ('notMeasured' in phase) throw new Error(`the API server's requests were not measured: ${phase.notMeasured}`);
    const expected = {
      'POST runtimeclasses': 2,
      'GET runtimeclasses': 1,
      'LIST runtimeclasses': 1,
      'PATCH runtimeclasses': 1,
      'APPLY runtimeclasses': 1,
      'WATCH runtimeclasses': 1,
      // One of an object, one of the collection: the API server counts both as DELETE.
      'DELETE runtimeclasses': 2,
    };
    expect(onlyRuntimeClasses(phase.harness)).toEqual(expected);
    expect(onlyRuntimeClasses(phase.requests)).toEqual(expected);
    expect(onlyRuntimeClasses(phase.others)).toEqual({});
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
