// Every section of the configuration: the one place that lists every setting of the harness. A feature module defines
// its section beside the code that reads it (defineSection) and is registered here with one line; the config file,
// the unknown-setting check, `gateway-loadtest config` and docs/settings.md all follow from this list.

import { churnSection } from '../churn/section.js';
import { buildSection } from '../cluster/build/section.js';
import { clusterSection } from '../cluster/section.js';
import { CONTROLLER_SECTIONS, CONTROLLER_SETTING_PREFIXES } from '../controllers/sections.js';
import { envoySection } from '../envoy/section.js';
import { ladderSection } from '../ladder/config.js';
import { attachedRoutesSection, baselineSection, productionSection } from '../loadtest/section.js';
import { topologySection } from '../loadtest/topology.js';
import { settleSection } from '../measure/settle.js';
import { reportsSection } from '../report/section.js';
import { restartSection } from '../restart/section.js';
import { configSection } from './file.js';
import * as kinds from './kinds.js';
import { defineSection, type Section } from './section.js';

/** The harness's own benchmark (scripts/bench.ts), which no framework module reads. */
export const benchSection = defineSection({
  name: 'bench',
  title: "The harness's own benchmark",
  description: 'npm run bench: how fast the harness itself creates routes and sees their status.',
  settings: {
    routes: { env: 'BENCH_ROUTES', kind: kinds.positiveInteger, default: 2000, unit: 'routes', description: 'routes per creation round' },
  },
});

export const SECTIONS: readonly Section[] = [
  configSection,
  clusterSection,
  ...CONTROLLER_SECTIONS,
  envoySection,
  attachedRoutesSection,
  baselineSection,
  productionSection,
  topologySection,
  settleSection,
  churnSection,
  ladderSection,
  restartSection,
  reportsSection,
  buildSection,
  benchSection,
];

/** Variables with these prefixes are the harness's: one that is not a setting is a mistake, reported as such. */
export const SETTING_PREFIXES: readonly string[] = ['LOADTEST_', ...CONTROLLER_SETTING_PREFIXES];
