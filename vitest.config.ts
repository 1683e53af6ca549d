import { configDefaults, defineConfig } from 'vitest/config';

/**
 * One Vitest run for every unit and integration test. The sync-server suite runs twice:
 * once on embedded PGlite and once on a real PostgreSQL that its global setup starts; each run's
 * global setup (tests/setup/server-*.ts) makes the databases every test file copies.
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on the 2-core machines this runs on.
    // Most test files wait on another process (PostgreSQL, SoftHSM2, a server over HTTP,
    // socat), so three at once keep both cores busy: 492 s with two, 383 s with three.
    maxWorkers: 3,
    // Test files share no state but what each builds for itself (its own database copy, app,
    // temp folder, token store; fake timers and spies are restored), so each worker keeps one
    // module graph for all its files: re-importing the server and the apps and re-compiling
    // PGlite's WebAssembly for every file took more of the run than the tests (9.3 → 6.1 min).
    projects: [
      { test: { name: 'core', root: 'core', include: ['src/**/*.test.ts'] } },
      { test: { name: 'scripts', root: 'scripts', include: ['**/*.test.{ts,js}'] } },
      { test: { name: 'generator', root: 'tests', include: ['generator/**/*.test.ts'] } },
      {
        test: {
          name: 'server-pglite',
          root: 'sync-server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // Roles and privileges exist on PostgreSQL only.
          exclude: [...configDefaults.exclude, 'test/postgres/**'],
          env: { DANGKY_TEST_DB: 'pglite' },
          globalSetup: ['../tests/setup/server-pglite.ts'],
          // Opening PGlite, migrating and seeding (scrypt-hashed demo secrets) takes seconds on a
          // busy 2-core machine (over a minute at load 15); the default 10 s limit made it flaky.
          hookTimeout: 120_000,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'server-postgres',
          root: 'sync-server',
          include: ['test/**/*.test.ts'],
          // What exists on embedded PGlite only (its folder, its disk).
          exclude: [...configDefaults.exclude, 'test/pglite/**'],
          env: { DANGKY_TEST_DB: 'postgres' },
          hookTimeout: 120_000,
          testTimeout: 30_000,
          globalSetup: ['../tests/setup/server-postgres.ts'],
        },
      },
      {
        // PostgreSQL primary + hot standby + three sync-servers + HAProxy, started by the test itself.
        test: { name: 'cluster', root: 'tests', include: ['cluster/**/*.test.ts'], hookTimeout: 180_000, testTimeout: 240_000 },
      },
      { test: { name: 'hardware', root: 'hardware', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 } },
      ...['web', 'kiosk', 'counter-app'].map((app) => ({
        test: {
          name: app,
          root: app,
          include: ['src/**/*.test.ts'],
          // Dexie takes the IndexedDB it finds when it is first imported, and a worker keeps its
          // modules for all its files: a file importing Dexie without the fake, run first, left
          // every later file of that worker without one ("IndexedDB API missing"). So the fake is
          // there before any file.
          setupFiles: ['fake-indexeddb/auto'],
        },
      })),
    ].map((project) => ({ test: { isolate: false, ...project.test } })),
  },
});
