import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'electron/**/*.test.ts',
      'db/**/*.test.ts',
      'renderer/**/*.test.ts',
      'scripts/**/*.test.ts',
      'cloud/**/*.test.ts',
    ],
    // A real PostgreSQL for the reference receiver's tests (cloud/), stopped at the end.
    globalSetup: ['cloud/test/postgres-global-setup.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
