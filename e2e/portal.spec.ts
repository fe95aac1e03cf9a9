import { healthNotConfigured } from '../plugins/codepipeline/src/__fixtures__';
import { entityTab, expect, signIn, test } from './fixtures';

const SCREENSHOTS = 'e2e/screenshots';

test('the catalog lists the example components', async ({ page }) => {
  await signIn(page);
  for (const name of ['orders-api', 'ledger-worker', 'checkout-web']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await page.screenshot({ path: `${SCREENSHOTS}/catalog.png` });
});

test('an annotated component shows Slipway, and says AWS is not configured', async ({
  page,
}) => {
  // The portal runs on the local world; here its backend answers as one without AWS credentials does.
  await page.route('**/api/codepipeline/v1/health', route =>
    route.fulfill({ json: healthNotConfigured }),
  );
  await signIn(page);
  await page.getByRole('link', { name: 'orders-api', exact: true }).click();

  await expect(page.getByText('Pipelines', { exact: true })).toBeVisible();
  // One setup state for the whole page; the other cards only point to it.
  const setup = page.getByRole('status', { name: 'AWS is not configured' });
  await expect(setup).toHaveCount(1);
  await expect(setup).toContainText(
    'The Slipway backend found no AWS credentials',
  );
  await expect(setup).toContainText('app-config.local.yaml');
  const pointer =
    'waiting for AWS setup — see “AWS is not configured” on this page.';
  await expect(page.getByText(pointer).first()).toBeVisible();
  await expect(page.getByText('No production deployments')).toHaveCount(0);
  await page.screenshot({
    path: `${SCREENSHOTS}/not-configured-overview.png`,
    fullPage: true,
  });

  await entityTab(page, 'CI/CD').click();
  await expect(
    page.getByRole('status', { name: 'AWS is not configured' }),
  ).toContainText('app-config.local.yaml');
  await page.screenshot({
    path: `${SCREENSHOTS}/not-configured-cicd.png`,
    fullPage: true,
  });
});

test('a component without AWS annotations explains how to add them', async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole('link', { name: 'docs-site', exact: true }).click();
  await expect(page.getByText('Pipelines', { exact: true })).toHaveCount(0);
  await entityTab(page, 'CI/CD').click();
  await expect(
    page.getByText('No CI/CD available for this entity'),
  ).toBeVisible();
});
