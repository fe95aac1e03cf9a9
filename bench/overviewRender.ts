/**
 * Issue 18: "500 entities render within 2 s warm", measured in the browser.
 *
 * The example portal (the one `npm start` serves, on the local world) in
 * Debian's Chromium, signed in as the guest, with the Slipway backend's
 * answers served by the e2e fixtures (e2e/backendFixtures.ts) over a fleet of
 * 500 services, every one of them already read (a warm backend: no
 * `loading` rows, no progress bar). The app's code and the page's lazy chunk
 * are loaded by untimed warm-up rounds; each timed round leaves the page for
 * the catalog and comes back through the sidebar, as a person does, and
 * stops the clock when the rows are in the DOM:
 *
 *  - `open`: the overview at its default page size, 25 of 500 rows;
 *  - `pages of 100`: 100 per page (the backend's largest page), each of the
 *    5 pages from the click on "next" to its 100 rows; and the whole walk,
 *    open → 100 per page → page 5, to have shown all 500;
 *  - `500 in one answer`: the fixture answers all 500 in one page (the real
 *    backend caps a page at 100): a stress figure for the table alone.
 *
 * Each case runs twice: on the app as `npm start` serves it (the dev
 * server: React and every library in development mode, several times
 * slower) and on its production build (`backstage-cli package build` of
 * packages/app, served to the same browser in place of the dev server's
 * files), which is what a deployed portal runs.
 *
 * Reuses a portal already up on ports 3000/7007, else starts one with
 * `bash scripts/start.sh` as the browser tests do (e2e/portalLaunch.ts) and
 * stops it after.
 */
import { chromium, type Page } from '@playwright/test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { serveBackendFixtures } from '../e2e/backendFixtures';
import {
  APP_URL as APP,
  BACKEND_READY_URL as BACKEND_READY,
  CHROMIUM_LAUNCH_OPTIONS,
  PORTAL_COMMAND,
  PORTAL_ENV,
  VIEWPORT,
} from '../e2e/portalLaunch';
import { fleetOfSize } from '../plugins/codepipeline/src/__fixtures__';
import { percentile, round } from './harness';

const FLEET_SIZE = 500;
const WARM_UP_ROUNDS = 2;
const TIMED_ROUNDS = 10;
const BUDGET_MS = 2_000;

const execFileAsync = promisify(execFile);

async function isUp(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function waitUntilUp(urls: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await Promise.all(urls.map(isUp))).every(Boolean)) return;
    await new Promise(resolve => setTimeout(resolve, 2_000));
  }
  throw new Error(`The portal did not come up within ${timeoutMs / 1000} s`);
}

/** The portal as the browser tests run it: on the local world, no AWS credentials. */
async function ensurePortal(): Promise<ChildProcess | undefined> {
  if ((await isUp(BACKEND_READY)) && (await isUp(APP))) return undefined;
  const [command, ...args] = PORTAL_COMMAND;
  const portal = spawn(command, args, {
    cwd: join(__dirname, '..'),
    detached: true, // its own process group, stopped as a whole
    stdio: 'ignore',
    env: { ...process.env, ...PORTAL_ENV },
  });
  await waitUntilUp([BACKEND_READY, APP], 300_000);
  return portal;
}

async function stopPortal(portal: ChildProcess) {
  const exited = new Promise(resolve => portal.once('exit', resolve));
  process.kill(-portal.pid!, 'SIGTERM');
  await Promise.race([
    exited,
    new Promise(resolve => setTimeout(resolve, 30_000)),
  ]);
}

/** Milliseconds from `action` until the Services table holds `rows` rows, the first named `first`. */
async function timeUntilRows(
  page: Page,
  action: () => Promise<void>,
  rows: number,
  first: string,
): Promise<number> {
  const started = performance.now();
  await action();
  await page.waitForFunction(
    ([count, name]) => {
      const grid = [...document.querySelectorAll('[role="grid"]')].find(
        g =>
          document.getElementById(g.getAttribute('aria-labelledby') ?? '')
            ?.textContent === 'Services',
      );
      const headers = grid?.querySelectorAll('[role="rowheader"]') ?? [];
      // Each row header holds the entity's link, then its owner and system.
      return (
        headers.length === count &&
        headers[0]?.querySelector('a')?.textContent?.trim() === name
      );
    },
    [rows, first] as const,
    { polling: 'raf', timeout: 60_000 },
  );
  return performance.now() - started;
}

const serviceName = (n: number) => `service-${String(n).padStart(3, '0')}`;

async function signIn(page: Page) {
  page.on('dialog', dialog => dialog.accept());
  await page.goto(`${APP}/catalog`);
  const enter = page.getByRole('button', { name: 'Enter' });
  const catalog = page.getByRole('heading', { name: /Slipway Catalog/ });
  await enter.or(catalog).first().waitFor();
  if (await enter.isVisible()) await enter.click();
  await catalog.waitFor();
}

/** Leaves for the catalog (untimed), so the next round opens the overview afresh. */
async function leaveForCatalog(page: Page) {
  await page
    .getByTestId('sidebar-root')
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  await page.getByRole('heading', { name: /Slipway Catalog/ }).waitFor();
}

/** Opens the overview from the sidebar, as a person does. */
const openOverview = (page: Page) =>
  page
    .getByTestId('sidebar-root')
    .getByRole('link', { name: 'Delivery overview' })
    .click();

async function choosePageSize(page: Page, size: number) {
  await page.getByRole('button', { name: /Select table page size/ }).click();
  await page.getByRole('option', { name: `${size} per page` }).click();
}

const nextPage = (page: Page) =>
  page.getByRole('button', { name: 'Next table page' }).click();

function figures(times: number[]) {
  return {
    rounds: times.length,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    max: round(Math.max(...times)),
  };
}

/**
 * Builds the example app for production (packages/app/dist), as a deployed
 * portal serves it; a warm build cache makes this take seconds.
 */
async function buildApp(): Promise<string> {
  const app = join(__dirname, '..', 'packages', 'app');
  await execFileAsync(
    'npx',
    ['backstage-cli', 'package', 'build', '--config', '../../app-config.yaml'],
    { cwd: app, maxBuffer: 64 * 1024 * 1024 },
  );
  return join(app, 'dist');
}

/** Serves the app's own files (localhost:3000) from a production build instead of the dev server. */
async function serveAppFrom(page: Page, dist: string) {
  await page.route(
    url => url.origin === APP,
    route => {
      const { pathname } = new URL(route.request().url());
      const file = join(dist, normalize(pathname));
      const isFile =
        file.startsWith(dist) && existsSync(file) && statSync(file).isFile();
      return route.fulfill({ path: isFile ? file : join(dist, 'index.html') });
    },
  );
}

type Figures = ReturnType<typeof figures>;

/** Every timed case in one browser page, on one build of the app. */
async function measure(page: Page) {
  const fleet = fleetOfSize(FLEET_SIZE);
  await serveBackendFixtures(page, { fleet });
  await signIn(page);

  const open: number[] = [];
  const pageOf100: number[] = [];
  const walk: number[] = [];
  for (let i = 0; i < WARM_UP_ROUNDS + TIMED_ROUNDS; i++) {
    await leaveForCatalog(page);
    const opened = await timeUntilRows(
      page,
      () => openOverview(page),
      25,
      serviceName(1),
    );
    let walked = opened;
    walked += await timeUntilRows(
      page,
      () => choosePageSize(page, 100),
      100,
      serviceName(1),
    );
    const pages: number[] = [];
    for (let p = 2; p <= FLEET_SIZE / 100; p++) {
      pages.push(
        await timeUntilRows(
          page,
          () => nextPage(page),
          100,
          serviceName((p - 1) * 100 + 1),
        ),
      );
    }
    walked += pages.reduce((sum, ms) => sum + ms, 0);
    if (i >= WARM_UP_ROUNDS) {
      open.push(opened);
      pageOf100.push(...pages);
      walk.push(walked);
    }
  }

  // The fixture answers every row at once: the table's own cost for 500.
  await page.route('**/api/codepipeline/v1/overview**', route =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(fleet),
    }),
  );
  const all: number[] = [];
  for (let i = 0; i < WARM_UP_ROUNDS + TIMED_ROUNDS; i++) {
    await leaveForCatalog(page);
    const ms = await timeUntilRows(
      page,
      () => openOverview(page),
      FLEET_SIZE,
      serviceName(1),
    );
    if (i >= WARM_UP_ROUNDS) all.push(ms);
  }
  return {
    openFirst25: figures(open),
    nextPageOf100: figures(pageOf100),
    all500InPagesOf100: figures(walk),
    all500InOneAnswer: figures(all),
  };
}

export async function overviewRender(): Promise<{
  fleet: number;
  budgetMs: number;
  portal: string;
  builds: Record<'development' | 'production', Record<string, Figures>>;
}> {
  const portal = await ensurePortal();
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const newPage = () => browser.newPage({ viewport: VIEWPORT });
  try {
    // What `npm start` serves: React and the libraries in development mode.
    const development = await measure(await newPage());
    // What a deployed portal serves: the production build.
    const dist = await buildApp();
    const productionPage = await newPage();
    await serveAppFrom(productionPage, dist);
    const production = await measure(productionPage);
    return {
      fleet: FLEET_SIZE,
      budgetMs: BUDGET_MS,
      portal: portal ? 'started for the bench' : 'already running',
      builds: { development, production },
    };
  } finally {
    await browser.close();
    if (portal) await stopPortal(portal);
  }
}
