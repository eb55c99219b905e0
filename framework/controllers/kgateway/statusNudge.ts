// The Gateway status nudge, a workaround for a known kgateway bug.
//
// kgateway up to v2.4.2 can drop a new object's first status write: its status syncer reads the object through the
// controller-runtime cache, which may not hold it yet when the report arrives; NotFound is taken for "deleted" and
// nothing is written until the report changes (kgateway-dev/kgateway#14414, fixed after v2.4.2). A new Gateway then
// keeps the CRD's default "Waiting for controller" conditions forever. If it still has them after `everyMs`, the
// nudge bumps the Gateway's generation (an annotation under spec.infrastructure, on a Gateway the run owns), which
// changes the controller's report and makes it write again.
import { noControllerStatus } from '../../gatewayApi/conditions.js';
import type { Gateway } from '../../gatewayApi/types.js';
import type { GatewayStatusNudge } from '../controller.js';

export const NUDGE_ANNOTATION = 'loadtest.gateway-api.io/status-nudge';

export const kgatewayStatusNudge: GatewayStatusNudge = {
  everyMs: 10_000,
  issue: 'kgateway-dev/kgateway#14414',
  needed: noControllerStatus,
  async nudge(http, gatewayPath, count) {
    const patched = await http.mergePatch<Gateway>(gatewayPath, { spec: { infrastructure: { annotations: { [NUDGE_ANNOTATION]: String(count) } } } });
    const generation = patched.metadata?.generation;
    if (generation === undefined) throw new Error(`the nudge's patch of ${gatewayPath} returned no metadata.generation`);
    return generation;
  },
};
