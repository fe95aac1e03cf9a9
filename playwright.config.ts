import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the example portal, in Debian's Chromium (no browser
 * downloads). The portal runs as `npm start` does without AWS: on the local
 * world (SLIPWAY_WORLD=local), so the golden path runs for real.
 */
const portalEnv = {
  // No credentials from this machine may leak into the test, and the SDK must not probe EC2 metadata.
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_PROFILE: '',
  BROWSER: 'none',
  SLIPWAY_WORLD: 'local',
};

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
      command: 'bash scripts/start.sh',
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      timeout: 300_000,
      reuseExistingServer: !process.env.CI,
      env: portalEnv,
      // start.sh stops the portal and the local world (their own process groups) on SIGTERM.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The app comes from the same `npm start`; this entry only waits for it
      // (and finds it already up when the backend was slower than the app).
      command: 'tail -f /dev/null',
      url: 'http://localhost:3000',
      timeout: 300_000,
      reuseExistingServer: true,
      stdout: 'ignore',
    },
  ],
  use: {
    baseURL: 'http://localhost:3000',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
