// The stand-alone Traefik of scripts/traefikUp.ts (a run starts Traefik itself with LOADTEST_CONTROLLER=traefik).
import * as kinds from '../../config/kinds.js';
import { defineSection } from '../../config/section.js';

export const traefikSection = defineSection({
  name: 'traefik',
  title: 'Traefik (stand-alone)',
  description: 'The Traefik that scripts/traefikUp.ts starts against a cluster of your own.',
  settings: {
    listenerPort: {
      env: 'TRAEFIK_LISTENER_PORT',
      kind: kinds.positiveInteger,
      default: 80,
      unit: 'port',
      description: "the Gateway listener port it serves (the suite's Gateway listens on 80)",
    },
  },
});
