import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // Stations opened in unit tests do not watch the process list: remote-tools.test.ts starts
    // blocklisted processes on purpose, beside them (the e2e stations watch it, one at a time).
    env: { STATION_ENVIRONMENT_CHECK_MS: 'off' },
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'station',
          include: [
            'electron/**/*.test.ts',
            'db/**/*.test.ts',
            'renderer/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
        },
      },
      {
        // The reference sync receiver (cloud/). Its globalSetup starts a real PostgreSQL, and
        // Vitest calls a project's globalSetup only when that project has tests in the run.
        extends: true,
        test: {
          name: 'receiver',
          include: ['cloud/**/*.test.ts'],
          globalSetup: ['cloud/test/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
