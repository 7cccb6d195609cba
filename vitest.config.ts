import { defineConfig } from 'vitest/config';

// The harness's own tests. Real processes and sockets: generous timeouts, and
// files run in separate forks so a leaked handle in one cannot wedge another.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
  },
});
