import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each database test file creates its own database, so files can run in parallel.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    setupFiles: ['test/helpers/no-internet.ts'],
  },
});
