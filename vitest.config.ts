import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'electron/**/*.test.ts',
      'db/**/*.test.ts',
      'renderer/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    // Stations opened in unit tests do not watch the process list: remote-tools.test.ts starts
    // blocklisted processes on purpose, beside them (the e2e stations watch it, one at a time).
    env: { STATION_ENVIRONMENT_CHECK_MS: 'off' },
    testTimeout: 20_000,
  },
});
