import { configDefaults, defineConfig } from 'vitest/config';

// Two projects, one `vitest run`: `unit` (pure in-process tests) in worker threads, and `int` (*.int.test.ts:
// tests that open sockets to the local Slack/Discord doubles or spawn processes) in child processes, apart from
// the unit tests. Both reuse a worker's modules across files (isolate: false): no test file mocks modules,
// changes process.env or leaves a server open, so importing Bolt, discord.js and the core once per worker
// instead of once per file is safe, and it is most of the start-up cost. If a test ever needs a fresh module
// graph, set `isolate: true` on its project (about 15 s slower on 2 cores).
// maxWorkers: vitest's default on N cores is N - 1 (one worker on 2 cores); the int tests mostly wait on
// sockets and child processes, so use every core.
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    maxWorkers: '100%',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/**/*.int.test.ts'],
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['test/**/*.int.test.ts'],
          // they spawn processes (the CLI, npm start, bot replicas): beside the PostgreSQL replica tests a 2-core
          // machine took up to 20 s for some of them
          testTimeout: 45_000,
          pool: 'forks',
          isolate: false,
        },
      },
    ],
  },
});
