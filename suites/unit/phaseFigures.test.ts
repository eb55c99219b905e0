// The per-phase figures of issue 12 as the reports list them: the phase end (settle), the kernel's CPU and VmHWM
// beside the /metrics figures, the harness's own API requests beside the API server's total, and "shared" on the
// controller and API-server figures of a phase during which another run was in the cluster.
import { describe, expect, test } from 'vitest';
import { figuresOf } from '../../framework/report/runFigures.js';
import { runMarkdown } from '../../framework/report/runReport.js';
import { fixtureReport, fixtureResults } from '../support/reportFixture.js';

const byKey = (key: string) => figuresOf(fixtureResults({ seed: 1 })).find((figure) => figure.key === key);

describe('Phase figures', () => {
  test('the settle time is a figure; a phase that did not settle says so in its label', () => {
    expect(byKey('baseline: controller quiet after the work')).toMatchObject({ value: 320, unit: 'ms' });
    expect(byKey('incremental: controller quiet after the work')?.label).toBe(
      'incremental: controller did not settle within 30000 ms (its last activity after the work)',
    );
  });

  test("kernel figures beside /metrics, and the harness's own requests beside the API server's total", () => {
    expect(byKey('baseline: controller CPU (kernel, /proc stat)')).toMatchObject({ value: 18.9, unit: 's' });
    expect(byKey('baseline: controller peak memory (kernel, VmHWM)')).toMatchObject({ value: 262 * 2 ** 20 });
    expect(byKey('baseline: API server requests')).toMatchObject({ value: 2014 });
    expect(byKey("baseline: API server requests: the harness's own")).toMatchObject({ value: 1002 });
    expect(byKey('baseline: API server requests: the rest (controller and other clients)')).toMatchObject({ value: 1012 });
    expect(byKey('incremental: controller CPU (kernel, /proc stat)')).toMatchObject({ notMeasured: expect.stringMatching(/controller restarted/) });
  });

  test('only the controller and API-server figures of a phase with another run are marked shared, in the Markdown too', () => {
    const shared = figuresOf(fixtureResults({ seed: 1 })).filter((figure) => figure.label.includes('(shared with other runs: test-fixture-other)'));
    expect(shared.map((figure) => figure.key)).toEqual([
      'incremental: API server requests',
      'incremental: API server requests: the rest (controller and other clients)',
    ]);
    expect(byKey('baseline: controller CPU')?.label).toBe('baseline: controller CPU');
    expect(runMarkdown(fixtureReport({ seed: 1 }), [])).toContain('| incremental: API server requests (shared with other runs: test-fixture-other) | 60 |');
  });
});
