import { defineConfig } from '@playwright/test';

// The server under test: `make test` starts the release binary and sets this.
export const baseURL = process.env.BIANMIN_E2E_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  workers: 2,
  // One retry: a test that passes only on its retry is reported as flaky, by name, at the end of
  // `make test` (see the JSON report's summary there), so a slow machine does not hide a real
  // failure and does not fail the run on a timing blip either.
  retries: 1,
  reporter: [['list'], ['json', { outputFile: '../target/playwright-report.json' }]],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download does not work here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  // Every test runs twice: once hydrated, once as a browser without JavaScript.
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false } },
  ],
});
