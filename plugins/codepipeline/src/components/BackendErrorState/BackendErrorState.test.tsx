import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  backendError,
  notPermittedToRead,
  healthNotConfigured,
  pipelineNotFound,
  pipelinesAccountNotConfigured,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityCodePipelineCard } from '../EntityCodePipelineCard';

describe('the states of a pipeline view', () => {
  it('shows a skeleton while loading', async () => {
    await renderForEntity(<EntityCodePipelineCard />, {
      api: { getPipelines: () => new Promise(() => {}) },
    });
    expect(
      screen.getByRole('progressbar', { name: 'Loading pipelines' }),
    ).toBeInTheDocument();
  });

  it('names the annotations when the backend finds none', async () => {
    await renderForEntity(<EntityCodePipelineCard />, {
      api: {
        getPipelines: async () => {
          throw backendError(
            404,
            'NotAnnotatedError',
            'Add aws.amazon.com/aws-codepipeline-arn',
          );
        },
      },
    });
    expect(
      (await screen.findAllByText(/aws.amazon.com\/aws-codepipeline-tags/))
        .length,
    ).toBeGreaterThan(0);
  });

  it('says the user is not permitted, and what to ask for', async () => {
    await renderForEntity(<EntityCodePipelineCard />, {
      api: { getPipelines: notPermittedToRead },
    });
    expect(
      await screen.findByText('You are not permitted to see this'),
    ).toBeInTheDocument();
    expect(screen.getByText(/codepipeline.entity.read/)).toBeInTheDocument();
  });

  it('says the backend is unavailable, with a retry that asks again', async () => {
    const getPipelines = jest.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await renderForEntity(<EntityCodePipelineCard />, {
      api: { getPipelines },
    });
    expect(
      await screen.findByText(/Slipway backend unavailable/),
    ).toBeInTheDocument();
    expect(getPipelines).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(getPipelines).toHaveBeenCalledTimes(2));
  });

  it('shows the AWS setup state instead of an error when the backend has no AWS', async () => {
    await renderForEntity(<EntityCodePipelineCard />, {
      api: {
        getPipelines: async () => pipelinesAccountNotConfigured,
        getHealth: async () => healthNotConfigured,
      },
    });
    // The setup state stands in for the error box: what to set, and where.
    expect(
      await screen.findByRole('status', { name: 'AWS is not configured' }),
    ).toHaveTextContent('app-config.local.yaml');
    expect(
      screen.queryByText('checkout-web: AWS account not configured'),
    ).toBeNull();
  });

  it('says a deleted pipeline was not found in AWS', async () => {
    await renderForEntity(<EntityCodePipelineCard />, {
      api: { getPipelines: async () => pipelineNotFound },
    });
    expect(
      await screen.findByText('checkout-web: Not found in AWS'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Check the ARN in the entity annotation/),
    ).toBeInTheDocument();
  });
});
