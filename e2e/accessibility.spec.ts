import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { serveBackendFixtures } from './backendFixtures';
import { expect, settleAnimations, signIn, test } from './fixtures';

/**
 * Every Slipway view, and every dialog or drawer it opens, checked with
 * axe-core against WCAG 2.0 A/AA and 2.1 AA in both of Backstage's themes.
 * A serious or critical violation inside Slipway's own components fails the
 * test.
 *
 * What is Slipway's: the spec marks the containers Slipway renders (its cards
 * on the overview, the content of its tabs, its dialogs and drawer) and axe
 * checks only inside them. Left out, as Backstage's chrome and not ours to
 * fix: the sidebar, the entity page header and its tab navigation, the
 * catalog's own cards (About, relations, links; Backstage InfoCards with
 * their header divider). Contrast is checked on what axe can compute; the theme is
 * chosen the way Backstage's settings page stores it (localStorage `theme`).
 *
 * SLIPWAY_SCREENSHOTS=1 also writes the entity overview with Slipway's
 * cards, the CI/CD tab and the delivery overview in each theme to
 * docs/images/entity-cards-{light,dark}.png,
 * docs/images/pipeline-view-{light,dark}.png and
 * docs/images/delivery-overview-{light,dark}.png.
 */

const ENTITY = '/catalog/default/component/checkout-web';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21aa'];
const SCOPE = 'data-a11y-slipway';
const BLOCKING = new Set(['serious', 'critical']);

/** Marks a container of Slipway's, so axe checks inside it. */
async function markSlipway(locator: Locator) {
  const count = await locator.count();
  expect(count, 'a Slipway container to check').toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await locator
      .nth(i)
      .evaluate((el, attr) => el.setAttribute(attr, ''), SCOPE);
  }
}

/** Slipway's card (a Backstage UI Card, an `article` named by its heading) titled `title`. */
function card(page: Page, title: string) {
  return page.getByRole('article', { name: title, exact: true });
}

/** The content of an entity tab, below Backstage's header and tab navigation. */
function tabContent(page: Page) {
  return page.locator('main > .bui-Container').last();
}

/** Runs axe on the marked containers; fails on serious/critical violations. */
async function checkSlipway(page: Page, view: string) {
  await settleAnimations(page);
  const results = await new AxeBuilder({ page })
    .withTags(WCAG)
    .include(`[${SCOPE}]`)
    .analyze();
  const blocking = results.violations
    .filter(v => BLOCKING.has(v.impact ?? ''))
    .map(v => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map(n => ({
        target: n.target.join(' '),
        summary: n.failureSummary?.split('\n').slice(1).join(' '),
      })),
    }));
  const minor = results.violations.filter(v => !BLOCKING.has(v.impact ?? ''));
  if (minor.length > 0) {
    test.info().annotations.push({
      type: 'axe (moderate/minor)',
      description: `${view}: ${minor.map(v => v.id).join(', ')}`,
    });
  }
  expect(blocking, `serious or critical axe violations in ${view}`).toEqual([]);
  // Unmark, so the next check sees only what it marks.
  await page.evaluate(
    attr =>
      document
        .querySelectorAll(`[${attr}]`)
        .forEach(el => el.removeAttribute(attr)),
    SCOPE,
  );
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.addInitScript(id => {
        window.localStorage.setItem('theme', id);
      }, theme);
      await serveBackendFixtures(page);
      await signIn(page);
    });

    test('entity overview cards', async ({ page }) => {
      await page.goto(ENTITY);
      await expect(
        page.getByRole('list', { name: 'Stages of checkout-web' }),
      ).toBeVisible();
      const pipelines = card(page, 'Pipelines');
      const ecs = card(page, 'ECS deployments');
      const dora = card(page, 'DORA metrics');
      await expect(
        pipelines.getByRole('list', { name: 'Stages of checkout-web' }),
      ).toBeVisible();
      await expect(ecs.getByRole('button', { name: 'Refresh' })).toBeVisible();
      await expect(
        dora.getByRole('list', { name: 'DORA metrics' }),
      ).toBeVisible();
      await expect(
        dora.getByRole('radio', { name: 'Last 30 days' }),
      ).toBeChecked();
      await expectTheme(page, theme);
      if (process.env.SLIPWAY_SCREENSHOTS) {
        // The catalog's own cards load lazily; the picture waits for them.
        await expect(page.getByText('Has subcomponents')).toBeVisible();
        await page.screenshot({
          path: `docs/images/entity-cards-${theme}.png`,
          fullPage: true,
        });
      }
      await markSlipway(pipelines);
      await markSlipway(ecs);
      await markSlipway(dora);
      await checkSlipway(page, 'entity overview cards');
    });

    test('CI/CD tab, its execution drawer and approval dialog', async ({
      page,
    }) => {
      await page.goto(`${ENTITY}/ci-cd`);
      await expect(
        page.getByRole('list', { name: 'Stages of checkout-web' }),
      ).toBeVisible();
      await expect(
        page.getByRole('button', { name: 'Show execution exec-0006' }),
      ).toBeVisible();
      await expectTheme(page, theme);
      if (process.env.SLIPWAY_SCREENSHOTS) {
        await page.screenshot({
          path: `docs/images/pipeline-view-${theme}.png`,
          fullPage: true,
        });
      }
      await markSlipway(tabContent(page));
      await checkSlipway(page, 'CI/CD tab');

      // The executions filter, open.
      const filter = page.getByRole('button', { name: /Status$/ });
      await filter.click();
      const options = page.getByRole('listbox');
      await expect(
        options.getByRole('option', { name: 'In progress' }),
      ).toBeVisible();
      await markSlipway(options);
      await checkSlipway(page, 'executions status filter');
      await page.keyboard.press('Escape');
      await expect(options).toBeHidden();

      // The execution drawer: a dialog that gives focus back on close.
      const opener = page.getByRole('button', {
        name: 'Show execution exec-0005',
      });
      await opener.click();
      const drawer = page.getByRole('dialog', { name: 'Execution exec-0005' });
      await expect(
        drawer.getByRole('table', { name: /CodeBuild phases/ }),
      ).toBeVisible();
      await markSlipway(drawer);
      await checkSlipway(page, 'execution drawer');
      await page.keyboard.press('Escape');
      await expect(drawer).toBeHidden();
      await expect(opener).toBeFocused();

      // The approval dialog: opened, checked, cancelled (nothing approved).
      const review = page.getByRole('button', {
        name: 'Review approval ReleaseApproval',
      });
      await review.click();
      const dialog = page.getByRole('dialog', {
        name: 'Review ReleaseApproval in checkout-web',
      });
      await expect(dialog).toBeVisible();
      await markSlipway(dialog);
      await checkSlipway(page, 'approval dialog');
      // Rejecting turns the confirm button destructive, whose colours differ per theme.
      await dialog
        .getByRole('radiogroup')
        .getByText('Reject', { exact: true })
        .click();
      await dialog.getByLabel(/Comment/).fill('Checking contrast only');
      await expect(
        dialog.getByRole('button', { name: 'Reject' }),
      ).toBeEnabled();
      await markSlipway(dialog);
      await checkSlipway(page, 'approval dialog, rejecting');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();
      await expect(review).toBeFocused();
    });

    test('Deployments tab (ECS, blue/green)', async ({ page }) => {
      await page.goto(`${ENTITY}/deployments`);
      await expect(
        page.getByRole('region', { name: 'Blue/green deployment' }),
      ).toBeVisible();
      await expectTheme(page, theme);
      await markSlipway(tabContent(page));
      await checkSlipway(page, 'Deployments tab');
    });

    test('Delivery tab: timeline and DORA metrics', async ({ page }) => {
      await page.goto(`${ENTITY}/delivery`);
      await expect(
        page.getByRole('region', { name: 'Where is my commit now?' }),
      ).toBeVisible();
      await expect(page.getByText('Rolled back').first()).toBeVisible();
      await expect(
        page.getByRole('list', { name: 'DORA metrics' }),
      ).toBeVisible();
      await expectTheme(page, theme);
      await markSlipway(tabContent(page));
      await checkSlipway(page, 'Delivery tab');

      const last7Days = page.getByRole('radio', { name: 'Last 7 days' });
      await last7Days.click();
      await expect(last7Days).toBeChecked();
      await expect(
        page.getByRole('img', { name: /over the last 7 days/ }),
      ).toBeVisible();
      await markSlipway(tabContent(page));
      await checkSlipway(page, 'Delivery tab, 7-day window');
    });

    test('Delivery overview page: filters, approval dialog', async ({
      page,
    }) => {
      // Reached the way people reach it: from the sidebar.
      await page
        .getByRole('navigation')
        .getByRole('link', { name: 'Delivery overview' })
        .click();
      await expect(page).toHaveURL(/\/delivery-overview$/);
      const services = page.getByRole('grid', { name: 'Services' });
      await expect(
        services.getByRole('link', { name: 'Checkout web' }),
      ).toBeVisible();
      await expect(page.getByText('Reading 5 of 6 services…')).toBeVisible();
      await expect(
        page.getByRole('grid', { name: 'DORA metrics by owner, last 30 days' }),
      ).toBeVisible();
      await expectTheme(page, theme);
      if (process.env.SLIPWAY_SCREENSHOTS) {
        await page.screenshot({
          path: `docs/images/delivery-overview-${theme}.png`,
          fullPage: true,
        });
      }
      const content = page.locator('.bui-Container').filter({ has: services });
      await markSlipway(content);
      await checkSlipway(page, 'delivery overview');

      // The status filter, open (Backstage UI names it by value, then label);
      // choosing asks the backend for that status.
      await page.getByRole('button', { name: /Status$/ }).click();
      const options = page.getByRole('listbox');
      await expect(
        options.getByRole('option', { name: 'Awaiting approval' }),
      ).toBeVisible();
      await markSlipway(options);
      await checkSlipway(page, 'delivery overview status filter');
      const filtered = page.waitForRequest(request =>
        request.url().includes('/overview?status=awaiting-approval'),
      );
      await options.getByRole('option', { name: 'Awaiting approval' }).click();
      await filtered;
      await expect(
        services.getByRole('link', { name: 'Orders API' }),
      ).toBeHidden();
      await expect(
        services.getByRole('link', { name: 'Open CI/CD tab of payments-api' }),
      ).toBeVisible();

      // The approval dialog, opened from the overview: checked, cancelled.
      const review = page.getByRole('button', {
        name: 'Review approval ReleaseApproval of checkout-web',
      });
      await review.click();
      const dialog = page.getByRole('dialog', {
        name: 'Review ReleaseApproval in checkout-web',
      });
      await expect(dialog).toBeVisible();
      await markSlipway(dialog);
      await checkSlipway(page, 'approval dialog from the delivery overview');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();
      await expect(review).toBeFocused();
    });
  });
}

/** The page really is in the theme under test (Backstage applied the stored choice). */
async function expectTheme(page: Page, theme: 'light' | 'dark') {
  const background = await page.evaluate(
    () => getComputedStyle(document.body).backgroundColor,
  );
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  const dark = (r + g + b) / 3 < 128;
  expect(dark ? 'dark' : 'light', `body background ${background}`).toBe(theme);
}
