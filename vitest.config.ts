import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests run hundreds of cases; on a shared two-core machine
    // the 5 s default fails them for load, not for a fault.
    testTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'combinators/**/*.ts', 'protocols/**/*.ts'],
      // The CLI entry and demo are exercised by spawning processes, which v8
      // coverage of the test process cannot see.
      // A cluster worker's side runs only in the worker processes that
      // test/server/cluster.test.ts forks, likewise out of sight. The
      // inspector's page runs in Chromium (test/inspect/browser.test.ts),
      // where v8 coverage of the test process cannot see it either.
      exclude: ['src/cli/main.ts', 'src/server/cluster-worker.ts', 'src/inspect/page/**'],
      thresholds: { statements: 90, branches: 90 },
    },
  },
})
