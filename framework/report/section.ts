// Where reports and logs go, and the saved reports a run is checked against.
import * as kinds from '../config/kinds.js';
import { defineSection } from '../config/section.js';

export const reportsSection = defineSection({
  name: 'reports',
  title: 'Reports',
  description: 'Where runs write their reports and logs, and what they are compared with.',
  settings: {
    dir: {
      env: 'LOADTEST_REPORT_DIR',
      kind: kinds.path,
      defaultText: 'reports in the working directory',
      unit: 'path',
      description: 'where a suite writes its JSON and Markdown reports (an A/B gives each run its own)',
    },
    compareTo: {
      env: 'LOADTEST_COMPARE_TO',
      kind: kinds.pathList,
      defaultText: 'none',
      unit: 'paths',
      description: 'saved reports to check this run against for regressions, one per test that runs',
    },
    logDir: {
      env: 'LOADTEST_LOG_DIR',
      kind: kinds.path,
      defaultText: 'reports/logs/cluster-up-<time> in the working directory',
      unit: 'path',
      description: 'where cluster up writes the component logs',
    },
  },
});
