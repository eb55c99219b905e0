// Builds (or finds in the cache) every Go binary the embedded default needs, with progress. Optional: the
// suites build what is missing themselves; CI calls this first so that build time shows as its own step.
import { ensureControlPlaneBinaries } from '../framework/cluster/local/binaries.js';
import { ensureGoBinaries } from '../framework/cluster/build/goBuild.js';
import { kgatewayBuild } from '../framework/controllers/kgateway/launch.js';

const started = performance.now();
const controlPlane = await ensureControlPlaneBinaries();
const kgateway = await ensureGoBinaries(kgatewayBuild);
console.log({ ...controlPlane, ...kgateway });
console.log(`binaries ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
