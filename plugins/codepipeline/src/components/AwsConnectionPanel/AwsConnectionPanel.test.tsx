import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { HealthResponse } from '@slipway/plugin-codepipeline-common';
import { CodePipelineApi, codePipelineApiRef } from '../../api';
import { AwsConnectionPanel } from './AwsConnectionPanel';

function apiAnswering(
  health: Promise<HealthResponse>,
): Pick<CodePipelineApi, 'getHealth'> {
  return { getHealth: () => health };
}

async function renderWith(api: Pick<CodePipelineApi, 'getHealth'>) {
  await renderInTestApp(
    <TestApiProvider apis={[[codePipelineApiRef, api]]}>
      <AwsConnectionPanel />
    </TestApiProvider>,
  );
}

const checkedAt = '2026-11-22T10:00:00.000Z';

describe('AwsConnectionPanel', () => {
  it('explains how to configure AWS when the backend has no credentials', async () => {
    await renderWith(
      apiAnswering(
        Promise.resolve({
          status: 'ok',
          aws: {
            configured: false,
            reachable: false,
            message: 'AWS is not configured: no credentials were found.',
            checkedAt,
          },
        }),
      ),
    );
    const panel = await screen.findByRole('status', {
      name: 'AWS is not configured',
    });
    expect(panel).toHaveTextContent(
      'The Slipway backend found no AWS credentials',
    );
    expect(panel).toHaveTextContent('app-config.local.yaml');
    expect(panel).toHaveTextContent('mainAccount');
  });

  it('says AWS is unreachable when credentials exist but calls fail', async () => {
    await renderWith(
      apiAnswering(
        Promise.resolve({
          status: 'ok',
          aws: {
            configured: true,
            reachable: false,
            message: 'AWS is not reachable: STS GetCallerIdentity failed.',
            checkedAt,
          },
        }),
      ),
    );
    expect(
      await screen.findByRole('status', { name: 'AWS is not reachable' }),
    ).toHaveTextContent('AWS is not reachable: STS GetCallerIdentity failed.');
  });

  it('names the account when connected', async () => {
    await renderWith(
      apiAnswering(
        Promise.resolve({
          status: 'ok',
          aws: {
            configured: true,
            reachable: true,
            accountId: '123456789012',
            checkedAt,
          },
        }),
      ),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Connected to AWS account 123456789012',
    );
  });

  it('shows the backend error when the backend cannot be reached', async () => {
    await renderWith(
      apiAnswering(Promise.reject(new Error('Failed to fetch'))),
    );
    expect(
      await screen.findByText(/Slipway backend unavailable/),
    ).toBeInTheDocument();
  });
});
