// Builds (or finds in the cache) every Go binary the embedded default needs, with progress: the control plane and
// every controller module (the smoke tests run each of them). Optional: the suites build what is missing themselves;
// CI calls this first so that build time shows as its own step, per binary.
import { ensureControlPlaneBinaries } from '../framework/cluster/local/binaries.js';
import { applySettings } from '../framework/config/settings.js';
import { controllerFromEnv, controllerNamed, controllerNames } from '../framework/controllers/index.js';

applySettings();
const started = performance.now();
const progress = (line: string) => process.stderr.write(`${line}\n`);
const binaries: Record<string, string> = { ...(await ensureControlPlaneBinaries()) };
// The chosen controller as configured (KGATEWAY_SOURCE, ...), the others as released: the smoke test runs each.
const chosen = controllerFromEnv(process.env);
// One after another: two Go builds side by side on 2 cores take as long, and interleave their progress lines.
for (const name of controllerNames()) {
  const buildStarted = performance.now();
  binaries[name] = await (name === chosen.name ? chosen : controllerNamed(name)).build(progress);
  progress(`[build] ${name} ready after ${((performance.now() - buildStarted) / 1000).toFixed(0)} s`);
}
console.log(binaries);
console.log(`binaries ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
