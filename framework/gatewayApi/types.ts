// The parts of Gateway API objects this project reads (status conditions, parents, listeners).
import type { KubeObject } from '../kube/object.js';

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

export interface ParentReference {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
  port?: number;
}

export interface HTTPRoute extends KubeObject {
  spec?: { parentRefs?: ParentReference[] };
  status?: { parents?: { parentRef: ParentReference; controllerName?: string; conditions?: Condition[] }[] };
}

export interface Gateway extends KubeObject {
  spec?: { gatewayClassName?: string };
  status?: { conditions?: Condition[]; listeners?: { name: string; attachedRoutes: number; conditions?: Condition[] }[] };
}

export interface GatewayClass extends KubeObject {
  spec?: { controllerName?: string };
  status?: { conditions?: Condition[] };
}
