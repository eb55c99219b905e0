// Which controller a cluster the run creates starts.
import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';

export const controllerSection = defineSection({
  name: 'controller',
  title: 'Controller under test',
  description: 'The controller a cluster the run creates starts (local and k3s providers).',
  settings: {
    name: {
      env: 'LOADTEST_CONTROLLER',
      kind: kinds.matching(/^[a-z][a-z0-9-]*$/, 'a controller name'),
      default: 'kgateway',
      unit: 'name',
      description: 'kgateway, traefik, istio, or calibration (the calibration instrument, to prove the A/B detector; never a controller under test)',
    },
  },
});
