// A small Attached Routes run against every controller module, each on a fresh local control plane in a child
// `vitest run` (the same runner as `npm run ab`), so that a broken build, launcher or readiness check of any of them
// fails `npm test`. Small on purpose (100 routes, 3 samples): the full comparison is its own command. Figures are
// printed, and the thresholds are the suite's own, asserted inside the child run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { armEnvironment, findReport, runChild } from '../../framework/ab/abRun.js';
import { controllerNames } from '../../framework/controllers/index.js';
import { parseControllerSpec } from '../../framework/controllers/spec.js';
import { isNotMeasured } from '../../framework/measure/notMeasured.js';

const SMOKE = { routes: 100, samples: 3, rounds: 1, test: 'AttachedRoutesBaseline' } as const;
/** How each controller serves a route when it runs on the embedded default (none: the instrument has no data plane). */
// kgateway: through the Envoy the embedded default runs per Gateway (framework/envoy/); Istio: the xDS push (its Envoy is opt-in).
const ROUTE_READY_METHOD: Readonly<Record<string, string | null>> = { kgateway: 'http', traefik: 'http', istio: 'xds', calibration: null };

describe('Attached Routes smoke against every controller module', () => {
  test('the registry names every controller this smoke knows how to judge', () => {
    expect(controllerNames().sort()).toEqual(Object.keys(ROUTE_READY_METHOD).sort());
  });

  test.each(controllerNames())(
    '%s: 100 routes, 3 samples on a fresh control plane',
    async (name) => {
      const spec = parseControllerSpec(name);
      const dir = mkdtempSync(join(tmpdir(), `smoke-${name}-`));
      const logPath = join(dir, 'vitest.log');
      const started = performance.now();
      const options = { ...SMOKE, a: spec, b: spec, outDir: dir };
      const code = await runChild(armEnvironment(process.env, spec, options, dir), SMOKE.test, logPath, (line) => console.log(line));
      expect(code, `vitest for ${name} exited with ${code}; log ${logPath}`).toBe(0);
      const { results } = findReport(dir, SMOKE.test, logPath);
      expect(results.config.routes).toBe(SMOKE.routes);
      expect(results.samples).toHaveLength(SMOKE.samples);
      expect(results.routeReadyMethod).toBe(ROUTE_READY_METHOD[name]);
      const ready = results.samples.map((s) => (isNotMeasured(s.routeReadyMs) ? s.routeReadyMs.notMeasured : `${s.routeReadyMs.toFixed(1)} ms`));
      console.log(
        `[smoke] ${name}: ${((performance.now() - started) / 1000).toFixed(0)} s; baseline attached after ${isNotMeasured(results.baseline.attachMs) ? 'not measured' : `${(results.baseline.attachMs / 1000).toFixed(1)} s`}; ` +
          `setup ${results.samples.map((s) => s.setupMs.toFixed(1)).join(', ')} ms; route ready (${results.routeReadyMethod}) ${[...new Set(ready)].join(', ')}`,
      );
      // Its report and log are kept where an assertion above failed (its message names them), removed when it passed.
      rmSync(dir, { recursive: true, force: true });
    },
    10 * 60_000,
  );
});
