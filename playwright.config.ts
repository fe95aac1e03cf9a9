import { defineConfig } from '@playwright/test';
import {
  APP_URL,
  BACKEND_READY_URL,
  CHROMIUM_LAUNCH_OPTIONS,
  PORTAL_COMMAND,
  PORTAL_ENV,
  VIEWPORT,
} from './e2e/portalLaunch';

/**
 * Browser tests against the example portal, in Debian's Chromium (no browser
 * downloads). The portal runs as `npm start` does without AWS: on the local
 * world (SLIPWAY_WORLD=local), so the golden path runs for real.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  outputDir: 'test-results',
  reporter: [['list'], ['json', { outputFile: '.ci/out/e2e.json' }]],
  webServer: [
    {
      command: PORTAL_COMMAND.join(' '),
      url: BACKEND_READY_URL,
      timeout: 300_000,
      reuseExistingServer: !process.env.CI,
      env: PORTAL_ENV,
      // start.sh stops the portal and the local world (their own process groups) on SIGTERM.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The app comes from the same `npm start`; this entry only waits for it
      // (and finds it already up when the backend was slower than the app).
      command: 'tail -f /dev/null',
      url: APP_URL,
      timeout: 300_000,
      reuseExistingServer: true,
      stdout: 'ignore',
    },
  ],
  use: {
    baseURL: APP_URL,
    viewport: VIEWPORT,
    screenshot: 'only-on-failure',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
});
