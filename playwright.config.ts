import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the example portal, in Debian's Chromium (no browser
 * downloads). The portal runs without AWS credentials, so the entity pages
 * must show the "AWS is not configured" state.
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
      command: 'npm start --workspace backend',
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      timeout: 300_000,
      reuseExistingServer: !process.env.CI,
      env: portalEnv,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'npm start --workspace app',
      url: 'http://localhost:3000',
      timeout: 300_000,
      reuseExistingServer: !process.env.CI,
      env: portalEnv,
      stdout: 'ignore',
      stderr: 'pipe',
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
