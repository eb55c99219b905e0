import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['suites/*.test.ts'],
    globalSetup: ['suites/globalSetup.ts'],
    // Test files share one cluster and measure timings: running them side by side would distort the figures.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
