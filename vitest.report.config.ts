// The report and compare tests: pure, no cluster (so no globalSetup). `npx vitest run --config vitest.report.config.ts`
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['suites/compare.test.ts', 'suites/runReport.test.ts'],
    testTimeout: 120_000,
    reporters: ['default'],
  },
});
