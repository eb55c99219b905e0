// Three test tiers as Vitest projects, one config (so the VS Code explorer shows one tree):
//   unit       no cluster: pure logic, and protocol tests against local HTTP servers. Seconds.
//   cluster    the shared control plane with the controller under test, started once by globalSetup.
//   lifecycle  tests that start and kill whole clusters of their own.
// The controller under test listens on fixed ports, so only one may run on the machine. `npm test` therefore runs
// lifecycle in a second `vitest run --project lifecycle`, after the shared cluster has been stopped. In a single
// Vitest process (the VS Code explorer running everything), sequence.groupOrder runs the tiers one after another,
// but the shared cluster lives until that process ends: the lifecycle files then find the fixed ports taken and
// skip, printing why (suites/support/fixedPorts.ts). Run them alone: `npx vitest run --project lifecycle`.
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Reports go to the working directory, which is the repository here, and the caller's directory when the
// gateway-loadtest CLI runs the suites of an installed package (vitest run --root <package>).
const reports = join(process.cwd(), 'reports');

export default defineConfig({
  test: {
    // The default reporter, GitHub Actions annotations under GITHUB_ACTIONS, and a JUnit file for CI.
    reporters: process.env.GITHUB_ACTIONS ? ['default', 'github-actions', 'junit'] : ['default', 'junit'],
    outputFile: { junit: join(reports, 'junit.xml') },
    // Files attached to annotations (the run's Markdown report) are copied here, inside the ignored reports folder.
    attachmentsDir: join(reports, 'attachments'),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['suites/unit/**/*.test.ts'],
          // One file at a time: some take timings (the probe's lag) that must not share the 2 cores with other files.
          fileParallelism: false,
          sequence: { groupOrder: 0 },
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'cluster',
          include: ['suites/*.test.ts'],
          globalSetup: ['suites/globalSetup.ts'],
          // Test files share one cluster and measure timings: running them side by side would distort the figures.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'lifecycle',
          include: ['suites/lifecycle/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
