import { entityTab, expect, signIn, test } from './fixtures';

const SCREENSHOTS = 'e2e/screenshots';

test('the catalog lists the example components', async ({ page }) => {
  await signIn(page);
  for (const name of ['orders-api', 'ledger-worker', 'checkout-web']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await page.screenshot({ path: `${SCREENSHOTS}/catalog.png` });
});

test('an annotated component shows Slipway on the local world, without a setup panel', async ({
  page,
}) => {
  // npm start without AWS runs on the local world: the backend has credentials
  // there, so no "AWS is not configured" state may show (the state itself is
  // covered by the AwsSetupNotice component tests).
  await signIn(page);
  await page.getByRole('link', { name: 'orders-api', exact: true }).click();
  await expect(page.getByText('Pipelines', { exact: true })).toBeVisible();
  await expect(
    page.getByRole('status', { name: 'AWS is not configured' }),
  ).toHaveCount(0);
  await entityTab(page, 'CI/CD').click();
  await expect(
    page.getByRole('status', { name: 'AWS is not configured' }),
  ).toHaveCount(0);
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
