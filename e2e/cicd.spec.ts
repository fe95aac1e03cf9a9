import type { Page, Route } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import {
  checkoutWebTimeline,
  doraForWindow,
  ecsBlueGreenShiftingTraffic,
  executionDetailFailedBuild,
  executionHistoryFirstPage,
  healthConnected,
  hotfixPipelineWithDisabledTransition,
  multiPipelineAwaitingApproval,
  pipelineBuildInProgress,
  pipelinesResponse,
  resultOf,
} from '../plugins/codepipeline/src/__fixtures__';

const SCREENSHOTS = 'e2e/screenshots';

/**
 * Serves the Slipway backend's answers from the plugin's fixtures, so the
 * portal shows a realistic pipeline without an AWS account. Records the
 * bodies of write calls.
 */
async function serveBackendFixtures(page: Page) {
  const writes: Array<{ method: string; path: string; body: unknown }> = [];
  let approved = false;
  await page.route('**/api/codepipeline/v1/**', async (route: Route) => {
    const request = route.request();
    const path = decodeURIComponent(new URL(request.url()).pathname).replace(
      /^.*\/api\/codepipeline/,
      '',
    );
    const json = (body: unknown) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(body),
      });
    if (request.method() !== 'GET') {
      writes.push({
        method: request.method(),
        path,
        body: request.postDataJSON(),
      });
      approved = approved || path.endsWith('/approval');
      return json({ approvedAt: new Date().toISOString() });
    }
    if (path === '/v1/health') return json(healthConnected);
    if (path.endsWith('/ecs')) return json(ecsBlueGreenShiftingTraffic);
    if (path.endsWith('/timeline')) return json(checkoutWebTimeline);
    if (path.endsWith('/dora')) {
      const windowDays = Number(
        new URL(request.url()).searchParams.get('windowDays') ?? 30,
      );
      return json(doraForWindow(windowDays as 7 | 30 | 90));
    }
    if (/\/executions\/[^/]+$/.test(path))
      return json(executionDetailFailedBuild);
    if (path.endsWith('/executions')) return json(executionHistoryFirstPage);
    if (path.endsWith('/pipelines')) {
      return json(
        approved
          ? pipelinesResponse([
              resultOf(pipelineBuildInProgress),
              resultOf(hotfixPipelineWithDisabledTransition),
            ])
          : multiPipelineAwaitingApproval,
      );
    }
    return route.fulfill({
      status: 404,
      contentType: 'application/json',
      body: '{"error":{"name":"NotFoundError","message":"not in fixtures"}}',
    });
  });
  return writes;
}

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

  const last7Days = page.getByRole('button', { name: 'Last 7 days' });
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
