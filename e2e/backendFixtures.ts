import type { Page, Route } from '@playwright/test';
import type { FleetOverviewResponse } from '@slipway/plugin-codepipeline-common';
import {
  answerOverview,
  checkoutWebTimeline,
  doraForWindow,
  ecsBlueGreenShiftingTraffic,
  executionDetailFailedBuild,
  executionHistoryFirstPage,
  fleetEveryState,
  healthConnected,
  hotfixPipelineWithDisabledTransition,
  multiPipelineAwaitingApproval,
  pipelineBuildInProgress,
  pipelinesResponse,
  resultOf,
} from '../plugins/codepipeline/src/__fixtures__';

/**
 * Serves the Slipway backend's answers from the plugin's fixtures, so the
 * portal shows a realistic pipeline without an AWS account. Records the
 * bodies of write calls. The delivery overview serves `fleet` (every item;
 * filtered and paged per request as the backend does): by default one
 * service in each situation.
 */
export async function serveBackendFixtures(
  page: Page,
  options: { fleet?: FleetOverviewResponse } = {},
) {
  const fleet = options.fleet ?? fleetEveryState;
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
    if (path === '/v1/overview') {
      return json(answerOverview(fleet, new URL(request.url()).searchParams));
    }
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
