import { defineConfig } from '@playwright/test';

// Debian's Chromium, not a Playwright download: nothing may be fetched at test time.
export const CHROMIUM_PATH = process.env.STATION_CHROMIUM ?? '/usr/bin/chromium';
// Headless, and quiet: without the networking flags Chromium keeps calling home, and this
// machine's closed network refuses every attempt.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Timing assertions (remaining time after a crash) want the two cores to themselves.
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
