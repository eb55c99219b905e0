// Builds (or finds in the cache) every Go binary the embedded default needs, with progress. Optional: the
// suites build what is missing themselves; CI calls this first so that build time shows as its own step.
import { ensureControlPlaneBinaries } from '../framework/cluster/local/binaries.js';
import { controllerFromEnv } from '../framework/controllers/index.js';

const started = performance.now();
const controlPlane = await ensureControlPlaneBinaries();
const controller = controllerFromEnv(process.env);
const binary = await controller.build((line) => process.stderr.write(`${line}\n`));
console.log({ ...controlPlane, [controller.name]: binary });
console.log(`binaries ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
