import { expect, Page, test as base } from '@playwright/test';

/**
 * Where a browser console message points at Slipway's own code: a React
 * component stack through the plugin or the example app's sources, or a
 * warning about one of Slipway's extensions.
 */
const SLIPWAY_SOURCE =
  /plugins\/codepipeline\/|packages\/app\/src\/|Extension '[a-z-]+:(codepipeline\/|catalog\/no-|app\/)/;

/**
 * Material UI 4 (Backstage's core components, and Slipway's older views)
 * calls findDOMNode, which React deprecates in strict mode; React reports it
 * once, under whichever component mounts the first MUI button.
 */
const LIBRARY_WARNINGS = [/findDOMNode is deprecated/];

/**
 * Every test fails when the browser console shows a warning or error caused
 * by Slipway's code (warnings from Backstage or its libraries are not ours
 * to fix and are left alone).
 */
export const test = base.extend<{ slipwayConsole: string[] }>({
  slipwayConsole: [
    async ({ page }, use) => {
      const messages: string[] = [];
      page.on('console', message => {
        if (message.type() !== 'warning' && message.type() !== 'error') return;
        const text = message.text();
        if (
          SLIPWAY_SOURCE.test(text) &&
          !LIBRARY_WARNINGS.some(pattern => pattern.test(text))
        ) {
          messages.push(text);
        }
      });
      page.on('pageerror', error => {
        if (SLIPWAY_SOURCE.test(String(error.stack)))
          messages.push(String(error.stack));
      });
      await use(messages);
      expect(messages, 'console warnings caused by Slipway').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Signs in as the guest (the sign-in page asks once per browser context). */
export async function signIn(page: Page) {
  page.on('dialog', dialog => dialog.accept());
  await page.goto('/catalog');
  const enter = page.getByRole('button', { name: 'Enter' });
  const catalogHeading = page.getByRole('heading', { name: /Slipway Catalog/ });
  await expect(enter.or(catalogHeading).first()).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(catalogHeading).toBeVisible();
}

/** A tab of the entity page (links in the page header's content navigation). */
export function entityTab(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });
}

/** Longest wait for animations to settle (a dialog's fade is 0.2 s, a drawer's slide 0.23 s). */
const ANIMATION_SETTLE_CAP_MS = 2_000;

/**
 * Waits for the page's time-based, finite animations to end: axe reads
 * colours and a screenshot takes the page as they are painted, and a dialog fading in still blends with the
 * page behind it (a contrast "violation" of 3.88:1 that is gone 0.2 s later).
 * Endless ones (spinners, progress bars) and scroll-driven ones (Backstage UI's
 * card body shadow follows its scroll position, so it never "finishes") are
 * left alone; the wait is capped so a new kind of animation cannot hang a test.
 */
export async function settleAnimations(page: Page) {
  await page.evaluate(
    cap =>
      Promise.race([
        Promise.all(
          document
            .getAnimations()
            .filter(
              a =>
                a.timeline === document.timeline &&
                a.playState === 'running' &&
                a.effect?.getTiming().iterations !== Infinity,
            )
            .map(a => a.finished.catch(() => undefined)),
        ),
        new Promise(resolve => setTimeout(resolve, cap)),
      ]),
    ANIMATION_SETTLE_CAP_MS,
  );
}
