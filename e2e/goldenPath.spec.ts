import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';

/**
 * The golden path on the local world, as a newcomer walks it: create a
 * service from the template page, break a unit test and push, fix it and
 * push, approve production in the dialog, see both environments run the
 * fix, DORA count it, and remove the service from the portal.
 */

const SCREENSHOTS = 'e2e/screenshots';
const NAME = `tide-${Date.now().toString(36).slice(-5)}`;
const ENTITY = `/catalog/default/component/${NAME}`;
const API = `/api/codepipeline/v1/entities/component/default/${NAME}`;
const BACKEND = 'http://localhost:7007';

/** git, as the README tells a newcomer to run it (no credentials: the local world's server is open on 127.0.0.1). */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada Developer',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada Developer',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
    },
  }).trim();
}

/** The AWS CLI against the local world, independently of Slipway. */
function aws(endpoint: string, ...args: string[]): any {
  const out = execFileSync('aws', [...args, '--output', 'json'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_MAX_ATTEMPTS: '1',
    },
  });
  return out.trim() ? JSON.parse(out) : {};
}

/** The browser's Backstage token, read from a request the page makes to the backend. */
async function backendToken(page: Page): Promise<string> {
  const request = await page.waitForRequest(
    r => r.url().startsWith(BACKEND) && !!r.headers().authorization,
  );
  return request.headers().authorization;
}

/** One of Slipway's status routes, as the portal reads it. */
async function slipway(page: Page, token: string, path: string) {
  const response = await page.request.get(`${BACKEND}${API}${path}`, {
    headers: { authorization: token },
  });
  expect(response.status()).toBe(200);
  return response.json();
}

async function createService(page: Page) {
  await page.goto('/create/templates/default/flask-ecs-service');
  await page.getByLabel('Name').fill(NAME);
  await page.getByLabel('Description').fill('Tide tables for the harbour');
  await page.getByLabel('Owner').fill('payments');
  await page.getByRole('option').filter({ hasText: 'Payments team' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByRole('textbox', { name: 'Owner' })
    .pressSequentially('payments', { delay: 20 });
  await page
    .getByRole('textbox', { name: 'Repository' })
    .pressSequentially(NAME, { delay: 20 });
  // The repository field takes its value when it loses focus, after a short debounce.
  await page.getByRole('textbox', { name: 'Repository' }).blur();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByRole('checkbox', { name: 'Development' }),
  ).toBeChecked();
  await expect(
    page.getByRole('checkbox', { name: 'Production' }),
  ).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Tasks per environment')).toBeVisible();
  await page.getByRole('button', { name: /Next|Review/ }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 180_000 });
  await page.screenshot({ path: `${SCREENSHOTS}/template-run.png` });
  const remote = await page
    .getByRole('link', { name: 'Repository' })
    .getAttribute('href');
  return remote!;
}

/** Waits until the latest execution of the pipeline has the given status at a stage. */
async function stageStatus(
  endpoint: string,
  stage: string,
  status: string,
  timeout = 300_000,
) {
  await expect
    .poll(
      () => {
        const state = aws(
          endpoint,
          'codepipeline',
          'get-pipeline-state',
          '--name',
          NAME,
        );
        return state.stageStates?.find((s: any) => s.stageName === stage)
          ?.latestExecution?.status;
      },
      { timeout, intervals: [2000] },
    )
    .toBe(status);
}

/**
 * Waits until a reload shows the locator: the backend caches what it read
 * from AWS for up to a minute while nothing is in progress.
 */
async function eventually(page: Page, locator: Locator) {
  await expect(async () => {
    await page.reload();
    await expect(locator).toBeVisible({ timeout: 5000 });
  }).toPass({ timeout: 120_000, intervals: [2000] });
}

/** Reviews the waiting approval in its dialog; `screenshot` names a picture of the CI/CD tab first. */
async function review(
  page: Page,
  decision: 'Approve' | 'Reject',
  screenshot?: string,
) {
  await page.goto(`${ENTITY}/ci-cd`);
  const button = page
    .getByRole('button', { name: 'Review approval Approve' })
    .first();
  await expect(async () => {
    await page.reload();
    await expect(button).toBeEnabled({ timeout: 5000 });
  }).toPass({ timeout: 120_000, intervals: [2000] });
  if (screenshot) {
    // Times are relative to now and never in the future (an old screenshot said "in 8 hours").
    await expect(
      page.getByText(/\bin \d+ (seconds?|minutes?|hours?)\b/),
    ).toHaveCount(0);
    await page.screenshot({
      path: `${SCREENSHOTS}/${screenshot}`,
      fullPage: true,
    });
  }
  await button.click();
  const dialog = page.getByRole('dialog', {
    name: `Review Approve in ${NAME}`,
  });
  // A person picks a radio by its label: Backstage UI's radio input is a
  // visually hidden 1 px box that a pointer never lands on.
  await dialog
    .getByRole('radiogroup')
    .getByText(decision, { exact: true })
    .click();
  await expect(dialog.getByRole('radio', { name: decision })).toBeChecked();
  await dialog
    .getByLabel(/Comment/)
    .fill(decision === 'Approve' ? 'Fix verified in dev' : 'Not this one');
  if (decision === 'Approve') {
    await page.screenshot({ path: `${SCREENSHOTS}/approval-dialog.png` });
  }
  await dialog.getByRole('button', { name: decision }).click();
  await expect(dialog).toBeHidden();
}

test('a service goes from the Create page to production on the local world, and is removed again', async ({
  page,
}) => {
  test.setTimeout(1_200_000);
  page.setDefaultTimeout(30_000);
  const started = Date.now();
  await signIn(page);

  // Create: the repository lands on the local world's git server, and the
  // pipeline's first execution starts from its first commit.
  const remote = await createService(page);
  const endpoint = new URL(remote).origin;
  expect(new URL(remote).hostname).toBe('127.0.0.1');
  await stageStatus(endpoint, 'Deploy-dev', 'Succeeded');
  await stageStatus(endpoint, 'Approve-prod', 'InProgress');
  const createdToDev = Date.now() - started;
  // The first commit is not the one we ship: reject it before production.
  await review(page, 'Reject');
  await stageStatus(endpoint, 'Approve-prod', 'Failed');

  // A commit that breaks a unit test fails the Build stage, and the owner hears of it.
  const work = mkdtempSync(join(tmpdir(), 'golden-path-'));
  try {
    git(work, 'clone', '--quiet', remote, 'repo');
    const repo = join(work, 'repo');
    const api = join(repo, 'app', 'api.py');
    const original = readFileSync(api, 'utf8');
    writeFileSync(api, original.replace('Hello, {name}!', 'Hi, {name}!'));
    git(repo, 'commit', '--quiet', '-am', 'Say hi instead');
    git(repo, 'push', '--quiet', 'origin', 'main');
    await stageStatus(endpoint, 'Build', 'Failed');
    await page.goto(`${ENTITY}/ci-cd`);
    await eventually(page, page.getByText(/COMMAND_EXECUTION_ERROR/).first());
    await page.screenshot({
      path: `${SCREENSHOTS}/build-failed.png`,
      fullPage: true,
    });
    // The owner's notification names the failed action and the commit.
    await page.goto('/notifications');
    await eventually(
      page,
      page
        .getByRole('row')
        .filter({ hasText: `Pipeline ${NAME} failed` })
        .filter({
          hasText:
            'Build / Build failed: Build terminated with state: FAILED. Phase: PRE_BUILD',
        })
        .first(),
    );
    await page.screenshot({ path: `${SCREENSHOTS}/failure-notification.png` });

    // The fix: back to green, through dev, waiting for approval before prod.
    writeFileSync(api, original);
    git(repo, 'commit', '--quiet', '-am', 'Say hello again');
    git(repo, 'push', '--quiet', 'origin', 'main');
    const fix = git(repo, 'rev-parse', 'HEAD');
    await stageStatus(endpoint, 'Approve-prod', 'InProgress');
    await review(page, 'Approve', 'pipeline-view.png');
    await stageStatus(endpoint, 'Deploy-prod', 'Succeeded');
    const createdToBoth = Date.now() - started;

    // Both environments run the fix's image: through Slipway's status API…
    const token = await (async () => {
      const waiting = backendToken(page);
      await page.goto(`${ENTITY}/deployments`);
      return waiting;
    })();
    // (The backend caches AWS answers for up to a minute while nothing is in progress.)
    await expect
      .poll(
        async () => {
          const ecs = await slipway(page, token, '/ecs');
          return ecs.services
            .map((s: any) => s.status)
            .map(
              (s: any) =>
                `${s.environment} ${s.runningCount}/${s.desiredCount}`,
            )
            .sort();
        },
        { timeout: 120_000, intervals: [3000] },
      )
      .toEqual(['dev 2/2', 'prod 2/2']);
    await page.reload();
    await expect(page.getByText('Open http').first()).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/deployments-view.png`,
      fullPage: true,
    });
    // …and independently in the emulator.
    for (const cluster of ['payments', 'payments-prod']) {
      const [service] = aws(
        endpoint,
        'ecs',
        'describe-services',
        '--cluster',
        cluster,
        '--services',
        NAME,
      ).services;
      expect(service.runningCount).toBe(service.desiredCount);
      const { taskDefinition } = aws(
        endpoint,
        'ecs',
        'describe-task-definition',
        '--task-definition',
        service.taskDefinition,
      );
      expect(taskDefinition.containerDefinitions[0].image).toMatch(
        new RegExp(`/${NAME}:${fix.slice(0, 7)}$`),
      );
    }

    // DORA: one production deployment, with a lead time above 0.
    const dora = await slipway(page, token, '/dora?windowDays=30');
    expect(dora.deploymentFrequency.sampleSize).toBe(1);
    expect(dora.leadTimeForChanges.value).toBeGreaterThan(0);
    await page.goto(`${ENTITY}/delivery`);
    await eventually(page, page.getByText('1 production deployment').first());
    await page.screenshot({
      path: `${SCREENSHOTS}/delivery-view.png`,
      fullPage: true,
    });
    await page.goto(ENTITY);
    await expect(page.getByText('Pipelines', { exact: true })).toBeVisible();
    await expect(
      page.getByText('1 production deployment').first(),
    ).toBeVisible();
    // The catalog's own cards below load lazily; the picture waits for them
    // (a picture, not an assertion: it is taken either way).
    await expect(page.getByRole('progressbar'))
      .toHaveCount(0, { timeout: 30_000 })
      .catch(() => undefined);
    await page.screenshot({
      path: `${SCREENSHOTS}/entity-overview.png`,
      fullPage: true,
    });
    const figures = `Create → dev running: ${Math.round(
      createdToDev / 1000,
    )} s; Create → both environments running (after a failed and a fixed commit): ${Math.round(
      createdToBoth / 1000,
    )} s`;
    test.info().annotations.push({ type: 'figures', description: figures });
    // eslint-disable-next-line no-console
    console.log(figures);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  // Remove the service from the portal: nothing of it is left in the emulator.
  await page.goto('/create/templates/default/remove-service');
  await page.getByLabel('Service').fill(NAME);
  await page.getByRole('option').filter({ hasText: NAME }).first().click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel("Type the service's name to confirm").fill(NAME);
  await page.getByRole('button', { name: /Next|Review/ }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Removed').first()).toBeVisible({
    timeout: 180_000,
  });
  await page.screenshot({
    path: `${SCREENSHOTS}/service-removed.png`,
    fullPage: true,
  });
  const tagged: string[] = aws(
    endpoint,
    'resourcegroupstaggingapi',
    'get-resources',
    '--tag-filters',
    `Key=slipway:component,Values=default/${NAME}`,
  ).ResourceTagMappingList.map((r: any) => r.ResourceARN);
  // A deleted ECS service stays visible as INACTIVE for a while (on AWS too); nothing else may be left.
  for (const arn of tagged) {
    const match = /:service\/([^/]+)\/(.+)$/.exec(arn);
    expect(match, `left behind: ${arn}`).not.toBeNull();
    const [service] = aws(
      endpoint,
      'ecs',
      'describe-services',
      '--cluster',
      match![1],
      '--services',
      match![2],
    ).services;
    expect(service?.status ?? 'INACTIVE').toBe('INACTIVE');
  }
  expect(
    aws(endpoint, 'codepipeline', 'list-pipelines').pipelines.map(
      (p: any) => p.name,
    ),
  ).not.toContain(NAME);
  await page.goto(ENTITY);
  await expect(page.getByText(/not found|No entity/i).first()).toBeVisible();
});
