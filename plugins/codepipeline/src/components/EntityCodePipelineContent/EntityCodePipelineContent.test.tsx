import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import {
  checkoutWebEntity,
  docsSiteWithoutAnnotations,
  multiPipelineAwaitingApproval,
  pipelineBuildInProgress,
  pipelineFailedBuild,
  pipelinesResponse,
  resultOf,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityCodePipelineContent } from './EntityCodePipelineContent';

afterEach(() => jest.useRealTimers());

describe('EntityCodePipelineContent', () => {
  it('approves a pending approval through the dialog, then refreshes', async () => {
    const reviewApproval = jest.fn(async () => ({
      approvedAt: '2026-11-22T10:01:00.000Z',
    }));
    const getPipelines = jest.fn(async () => multiPipelineAwaitingApproval);
    const { toastApi } = await renderForEntity(<EntityCodePipelineContent />, {
      api: { reviewApproval, getPipelines },
    });

    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Review approval ReleaseApproval',
      }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Review ReleaseApproval in checkout-web',
    });
    fireEvent.change(within(dialog).getByLabelText(/Comment/), {
      target: { value: 'Smoke tests green' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));

    await waitFor(() =>
      expect(toastApi.post).toHaveBeenCalledWith(
        expect.objectContaining({ title: 'ReleaseApproval approved' }),
      ),
    );
    expect(reviewApproval).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout-web' },
      multiPipelineAwaitingApproval.pipelines[0].arn,
      'Approve',
      'ReleaseApproval',
      { decision: 'Approved', comment: 'Smoke tests green' },
    );
    expect(getPipelines).toHaveBeenLastCalledWith(expect.anything(), {
      refresh: true,
    });
  });

  it('requires a comment to reject', async () => {
    await renderForEntity(<EntityCodePipelineContent />);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Review approval ReleaseApproval',
      }),
    );
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText('Reject'));
    expect(
      within(dialog).getByRole('button', { name: 'Reject' }),
    ).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText(/Comment/), {
      target: { value: 'Staging is red' },
    });
    expect(
      within(dialog).getByRole('button', { name: 'Reject' }),
    ).toBeEnabled();
  });

  it('retries a failed build stage and reports a conflict message as-is', async () => {
    const retryStage = jest.fn(async () => {
      throw Object.assign(new Error('Request failed with 409'), {
        statusCode: 409,
        body: {
          error: {
            name: 'stage-not-retryable',
            message: 'Stage Build is not in a retryable state.',
          },
        },
      });
    });
    const { errorApi } = await renderForEntity(<EntityCodePipelineContent />, {
      api: {
        getPipelines: async () =>
          pipelinesResponse([resultOf(pipelineFailedBuild)]),
        retryStage,
      },
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Retry stage Build' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry stage' }));
    expect(
      await within(
        screen.getByRole('dialog', { name: 'Retry stage Build' }),
      ).findByRole('alert'),
    ).toHaveTextContent('Stage Build is not in a retryable state.');
    expect(errorApi.post).not.toHaveBeenCalled();
    expect(retryStage).toHaveBeenCalledWith(
      expect.anything(),
      expect.any(String),
      'Build',
      { pipelineExecutionId: 'exec-0003', mode: 'FAILED_ACTIONS' },
    );
    expect(
      screen.getByRole('dialog', { name: 'Retry stage Build' }),
    ).toBeInTheDocument();
  });

  it('starts one run per dialog with an idempotency token, optionally at a commit', async () => {
    const startExecution = jest.fn(async () => ({
      pipelineExecutionId: 'exec-0007',
    }));
    await renderForEntity(<EntityCodePipelineContent />, {
      api: { startExecution },
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Start checkout-web' }),
    );
    const commit = screen.getByLabelText(/Commit/);
    fireEvent.change(commit, { target: { value: 'abc' } });
    expect(
      screen.getByRole('button', { name: 'Start execution' }),
    ).toBeDisabled();
    fireEvent.change(commit, {
      target: { value: '9f1c2ab7e0d34c5b8a6f1e2d3c4b5a6978695a4b' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Start execution' }));
    await waitFor(() => expect(startExecution).toHaveBeenCalledTimes(1));
    expect(startExecution).toHaveBeenCalledWith(
      expect.anything(),
      expect.any(String),
      {
        clientRequestToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sourceRevision: {
          actionName: 'Source',
          commitId: '9f1c2ab7e0d34c5b8a6f1e2d3c4b5a6978695a4b',
        },
      },
    );
  });

  it('hides the buttons the user may not use, and disables the ones not possible now', async () => {
    await renderForEntity(<EntityCodePipelineContent />, {
      // A name of its own: permission answers are cached per entity ref across tests.
      entity: {
        ...checkoutWebEntity,
        metadata: {
          ...checkoutWebEntity.metadata,
          name: 'checkout-web-restricted',
        },
      },
      allow: ['codepipeline.execution.start', 'codepipeline.execution.stop'],
      api: {
        getPipelines: async () =>
          pipelinesResponse([resultOf(pipelineFailedBuild)]),
      },
    });
    expect(
      await screen.findByRole('button', { name: 'Start checkout-web' }),
    ).toBeEnabled();
    expect(
      screen.getByRole('button', { name: /Stop the running execution/ }),
    ).toBeDisabled();
    expect(
      screen.queryByRole('button', { name: /Retry stage/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Roll back/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /transition/ }),
    ).not.toBeInTheDocument();
  });

  it('keeps an open dialog, the selected tab and the drawer across polls', async () => {
    jest.useFakeTimers();
    const getPipelines = jest.fn(async () =>
      pipelinesResponse(
        [
          resultOf(pipelineBuildInProgress),
          multiPipelineAwaitingApproval.pipelines[1],
        ],
        10,
      ),
    );
    await renderForEntity(<EntityCodePipelineContent />, {
      api: { getPipelines },
    });
    fireEvent.click(
      await screen.findByRole('tab', { name: 'checkout-web-hotfix' }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Show execution exec-0005' }),
    );
    expect(
      await screen.findByRole('dialog', { name: 'Execution exec-0005' }),
    ).toBeInTheDocument();
    await act(async () => {
      jest.advanceTimersByTime(10_000);
    });
    await waitFor(() => expect(getPipelines).toHaveBeenCalledTimes(2));
    expect(
      screen.getByRole('dialog', { name: 'Execution exec-0005' }),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Close execution details' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Execution exec-0005' }),
      ).not.toBeInTheDocument(),
    );

    expect(
      screen.getByRole('tab', { name: 'checkout-web-hotfix', selected: true }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'checkout-web' }));
    fireEvent.click(
      await screen.findByRole('button', { name: /Stop the running execution/ }),
    );
    fireEvent.click(screen.getByLabelText(/Abandon/));
    await act(async () => {
      jest.advanceTimersByTime(10_000);
    });
    await waitFor(() => expect(getPipelines).toHaveBeenCalledTimes(3));
    expect(
      screen.getByRole('dialog', { name: /Stop execution exec-0003/ }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/Abandon/)).toBeChecked();
  });

  it('lists the execution history page by page and shows an execution in detail', async () => {
    const getExecutions = jest.fn(
      async (_e: unknown, _a: string, page?: { cursor?: string }) =>
        page?.cursor
          ? (await import('../../__fixtures__')).executionHistorySecondPage
          : (await import('../../__fixtures__')).executionHistoryFirstPage,
    );
    await renderForEntity(<EntityCodePipelineContent />, {
      api: { getExecutions },
    });
    expect(
      await screen.findByRole('button', { name: 'Show execution exec-0006' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(
      await screen.findByRole('button', { name: 'Show execution exec-0001' }),
    ).toBeInTheDocument();
    expect(getExecutions).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.any(String),
      expect.objectContaining({ cursor: 'cursor-page-2' }),
    );

    fireEvent.click(
      screen.getByRole('button', { name: 'Show execution exec-0002' }),
    );
    const drawer = await screen.findByRole('dialog', {
      name: 'Execution exec-0002',
    });
    expect(
      await within(drawer).findByRole('table', {
        name: 'CodeBuild phases of checkout-web-build:6f0e',
      }),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByText(/COMMAND_EXECUTION_ERROR/),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByRole('link', { name: /Build logs/ }),
    ).toBeInTheDocument();
  });

  it('names the annotations when the entity has none', async () => {
    await renderForEntity(<EntityCodePipelineContent />, {
      entity: docsSiteWithoutAnnotations,
    });
    expect(
      screen.getAllByText(/aws.amazon.com\/aws-codepipeline-tags/).length,
    ).toBeGreaterThan(0);
  });
});
