import { defineConfig } from 'vitest/config';

// Temporal's native worker and a shared dev server do not mix with threads or parallel files:
// forks, one file at a time; servers start once in the global setup.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
