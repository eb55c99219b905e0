// What every phase of a run works with.
import type { Progress } from '../../cluster/build/progress.js';
import type { KubeHttp } from '../../kube/http.js';
import type { AttachmentTracker } from '../../measure/attachment.js';
import type { RunContext } from '../../run/context.js';
import type { RunCreates } from '../../run/creates.js';
import type { AttachedRoutesConfig } from '../config.js';
import type { RunRoutes } from '../routes.js';

export interface RunParts {
  readonly http: KubeHttp;
  readonly progress: Progress;
  readonly config: AttachedRoutesConfig;
  readonly run: RunContext;
  readonly creates: RunCreates;
  readonly tracker: AttachmentTracker;
  readonly routes: RunRoutes;
}
