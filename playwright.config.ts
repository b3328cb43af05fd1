import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH } from './e2e/support/system-packages.js';

/**
 * Chromium flags these machines need. No `--user-data-dir`: Playwright gives every non-persistent
 * browser a fresh temporary profile of its own (and refuses the flag in `args`).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  globalSetup: './e2e/global-setup.ts',
  // Two workers on two cores: each test waits mostly on its own server and browser (26 tests: 6.4 min
  // with one worker, 3.8–4.1 min with two, same results in two runs).
  workers: 2,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testDir: 'e2e/browser',
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
      },
    },
    {
      // The spec skips itself, with the reason, where no Electron binary is installed.
      name: 'electron',
      testDir: 'e2e/electron',
    },
  ],
});
