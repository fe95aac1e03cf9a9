/**
 * How the browser tests (playwright.config.ts) and the render bench
 * (bench/overviewRender.ts) start the example portal and the browser: as
 * `npm start` does without AWS, on the local world (SLIPWAY_WORLD=local), in
 * Debian's Chromium (no browser downloads).
 */

export const APP_URL = 'http://localhost:3000';
export const BACKEND_READY_URL =
  'http://localhost:7007/.backstage/health/v1/readiness';

/** Starts the portal and the local world; stops both (their own process groups) on SIGTERM. */
export const PORTAL_COMMAND = ['bash', 'scripts/start.sh'] as const;

export const PORTAL_ENV = {
  // No credentials from this machine may leak into the portal, and the SDK must not probe EC2 metadata.
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_PROFILE: '',
  BROWSER: 'none',
  SLIPWAY_WORLD: 'local',
};

export const CHROMIUM_LAUNCH_OPTIONS = {
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
};

export const VIEWPORT = { width: 1440, height: 900 };
