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
    expect(
      await screen.findByText('AWS is not configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('AWS is not configured: no credentials were found.'),
    ).toBeInTheDocument();
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
    expect(await screen.findByText('AWS is not reachable')).toBeInTheDocument();
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
    expect(
      await screen.findByText('Connected to AWS account 123456789012'),
    ).toBeInTheDocument();
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
