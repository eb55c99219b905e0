// Lifecycle tests start the controller under test themselves; its fixed ports allow one instance per machine. When
// another instance holds them (the cluster project's shared cluster in the same Vitest process, or another run),
// the test cannot run: this says why, for a skip that prints its reason.
import { portInUse } from '../../framework/cluster/process/ports.js';
import { controllerNamed } from '../../framework/controllers/index.js';

export async function fixedPortsTaken(): Promise<string | undefined> {
  const controller = controllerNamed();
  const taken = [];
  for (const port of controller.fixedPorts) if (await portInUse(port, '0.0.0.0')) taken.push(port);
  if (taken.length === 0) return undefined;
  return `${controller.name}'s fixed ports ${taken.join(', ')} are taken (by the cluster project's shared cluster in this Vitest process, or another run): run this tier alone, npx vitest run --project lifecycle`;
}
