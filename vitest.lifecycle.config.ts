// Lifecycle tests start and kill whole clusters (with kgateway, whose ports are fixed), so they run on their own,
// without the shared cluster of vitest.config.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['suites/lifecycle/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
