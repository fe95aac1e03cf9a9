import { serveBackendFixtures } from './backendFixtures';
import { expect, settleAnimations, signIn, test } from './fixtures';
import { multiPipelineAwaitingApproval } from '../plugins/codepipeline/src/__fixtures__';

const SCREENSHOTS = 'e2e/screenshots';

test('CI/CD tab: approve a pending approval through the dialog', async ({
  page,
}) => {
  const writes = await serveBackendFixtures(page);
  await signIn(page);
  await page.goto('/catalog/default/component/checkout-web/ci-cd');

  await expect(
    page.getByRole('list', { name: 'Stages of checkout-web' }),
  ).toBeVisible();
  await expect(
    page.getByText(
      /Approval ReleaseApproval in Approve is waiting for a decision/,
    ),
  ).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Show execution exec-0006' }),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/fixtures-pipeline-view.png`,
    fullPage: true,
  });

  await page
    .getByRole('button', { name: 'Review approval ReleaseApproval' })
    .click();
  const dialog = page.getByRole('dialog', {
    name: 'Review ReleaseApproval in checkout-web',
  });
  await dialog.getByLabel(/Comment/).fill('Staging smoke tests are green');
  await page.screenshot({
    path: `${SCREENSHOTS}/fixtures-approval-dialog.png`,
  });
  await dialog.getByRole('button', { name: 'Approve' }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByText('ReleaseApproval approved')).toBeVisible();
  expect(writes).toEqual([
    {
      method: 'POST',
      path: `/v1/entities/component/default/checkout-web/pipelines/${multiPipelineAwaitingApproval.pipelines[0].arn}/stages/Approve/actions/ReleaseApproval/approval`,
      body: { decision: 'Approved', comment: 'Staging smoke tests are green' },
    },
  ]);
  await expect(page.getByText(/waiting for a decision/)).toBeHidden();

  await page.getByRole('button', { name: 'Show execution exec-0005' }).click();
  await expect(
    page.getByRole('table', { name: /CodeBuild phases/ }),
  ).toBeVisible();
  await settleAnimations(page); // the drawer slides in
  await page.screenshot({
    path: `${SCREENSHOTS}/fixtures-execution-detail.png`,
  });
});

test('Deployments tab: blue/green traffic shifting', async ({ page }) => {
  await serveBackendFixtures(page);
  await signIn(page);
  await page.goto('/catalog/default/component/checkout-web/deployments');
  const blueGreen = page.getByRole('region', { name: 'Blue/green deployment' });
  await expect(blueGreen).toBeVisible();
  await expect(blueGreen.getByText('10% of traffic')).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: /Tasks of checkout-web/ })
      .or(page.getByText('No running or recently stopped tasks.')),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/fixtures-deployments-view.png`,
    fullPage: true,
  });

  await page.goto('/catalog/default/component/checkout-web');
  await expect(page.getByText('ECS deployments')).toBeVisible();
  // the catalog's own relation cards, so the screenshot shows them loaded
  await expect(page.getByText('Has subcomponents')).toBeVisible();
  await expect(
    page.getByRole('list', { name: 'Stages of checkout-web' }),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/fixtures-entity-overview-cards.png`,
    fullPage: true,
  });
});

test('Delivery tab: where the commit is now, and DORA metrics per window', async ({
  page,
}) => {
  await serveBackendFixtures(page);
  await signIn(page);
  await page.goto('/catalog/default/component/checkout-web/delivery');

  await expect(
    page.getByRole('region', { name: 'Where is my commit now?' }),
  ).toContainText('waiting for approval before Deploy-prod');
  await expect(page.getByText('Live in production').first()).toBeVisible();

  const last7Days = page.getByRole('radio', { name: 'Last 7 days' });
  await expect(last7Days).toBeVisible();
  const requested = page.waitForRequest(request =>
    request.url().includes('/dora?windowDays=7'),
  );
  await last7Days.click();
  await requested;
  await expect(
    page.getByRole('img', { name: /over the last 7 days/ }),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/fixtures-delivery-view.png`,
    fullPage: true,
  });
});
