// Every section of the configuration: the one place that lists every setting of the harness. A feature module defines
// its section beside the code that reads it (defineSection) and is registered here with one line; the config file,
// the unknown-setting check, `gateway-loadtest config` and docs/settings.md all follow from this list.

import { churnSection } from '../churn/section.js';
import { buildSection } from '../cluster/build/section.js';
import { clusterSection } from '../cluster/section.js';
import { calibrationSection } from '../controllers/calibration/section.js';
import { kgatewaySection } from '../controllers/kgateway/section.js';
import { controllerSection } from '../controllers/section.js';
import { attachedRoutesSection, baselineSection, productionSection } from '../loadtest/section.js';
import { settleSection } from '../measure/settle.js';
import { reportsSection } from '../report/section.js';
import { restartSection } from '../restart/section.js';
import { configSection } from './file.js';
import * as kinds from './kinds.js';
import { defineSection, type Section } from './section.js';

/** Settings of the scripts under scripts/ that no framework module reads. */
export const toolsSection = defineSection({
  name: 'tools',
  title: 'Tools',
  description: "Settings of the helper scripts: the harness's own benchmark and the stand-alone Traefik.",
  settings: {
    benchRoutes: { env: 'BENCH_ROUTES', kind: kinds.positiveInteger, default: 2000, unit: 'routes', description: 'routes per creation round of npm run bench' },
    traefikListenerPort: {
      env: 'TRAEFIK_LISTENER_PORT',
      kind: kinds.positiveInteger,
      default: 80,
      unit: 'port',
      description: "the Gateway listener port scripts/traefikUp.ts serves (the suite's Gateway listens on 80)",
    },
  },
});

export const SECTIONS: readonly Section[] = [
  configSection,
  clusterSection,
  controllerSection,
  kgatewaySection,
  calibrationSection,
  attachedRoutesSection,
  baselineSection,
  productionSection,
  settleSection,
  churnSection,
  restartSection,
  reportsSection,
  buildSection,
  toolsSection,
];

/** Variables with these prefixes are the harness's: one that is not a setting is a mistake, reported as such. */
export const SETTING_PREFIXES = ['LOADTEST_', 'KGATEWAY_'] as const;
