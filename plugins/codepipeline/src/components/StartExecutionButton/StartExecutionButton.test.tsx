import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  backendError,
  CHECKOUT_PIPELINE_ARN,
  pipelineSucceeded,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { StartExecutionButton } from './StartExecutionButton';

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'checkout-web',
};
const COMMIT = '9f1c2ab7e0d34c5b8a6f1e2d3c4b5a6978695a4b';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type StartRequest = {
  clientRequestToken: string;
  sourceRevision?: { actionName: string; commitId: string };
};

function startMock() {
  return jest.fn(
    async (_entity: unknown, _arn: string, _request: StartRequest) => ({
      pipelineExecutionId: 'exec-0007',
    }),
  );
}

function openDialog() {
  fireEvent.click(screen.getByRole('button', { name: 'Start checkout-web' }));
  return screen.getByRole('dialog', { name: 'Start checkout-web' });
}

describe('StartExecutionButton', () => {
  it('is hidden without the start permission', async () => {
    await renderForEntity(
      <StartExecutionButton
        pipeline={pipelineSucceeded}
        permitted={false}
        onDone={jest.fn()}
      />,
    );
    expect(
      screen.queryByRole('button', { name: 'Start checkout-web' }),
    ).not.toBeInTheDocument();
  });

  it('starts at the branch head when no commit is entered', async () => {
    const startExecution = startMock();
    const onDone = jest.fn();
    const { toastApi } = await renderForEntity(
      <StartExecutionButton
        pipeline={pipelineSucceeded}
        permitted
        onDone={onDone}
      />,
      { api: { startExecution } },
    );
    const dialog = openDialog();
    expect(dialog).toHaveTextContent('Leave empty for the branch head');
    // A single Source action: nothing to choose.
    expect(
      within(dialog).queryByRole('button', { name: /Source action/ }),
    ).not.toBeInTheDocument();
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Start execution' }),
    );

    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(startExecution).toHaveBeenCalledTimes(1);
    expect(startExecution).toHaveBeenCalledWith(
      entityRef,
      CHECKOUT_PIPELINE_ARN,
      { clientRequestToken: expect.stringMatching(UUID) },
    );
    expect(startExecution.mock.calls[0][2].sourceRevision).toBeUndefined();
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Started checkout-web',
        status: 'success',
      }),
    );
  });

  it('accepts only a full 40-character commit id, and starts at it', async () => {
    const startExecution = startMock();
    const onDone = jest.fn();
    await renderForEntity(
      <StartExecutionButton
        pipeline={pipelineSucceeded}
        permitted
        onDone={onDone}
      />,
      { api: { startExecution } },
    );
    const dialog = openDialog();
    const commit = within(dialog).getByRole('textbox', {
      name: 'Commit (optional)',
    });
    const confirm = within(dialog).getByRole('button', {
      name: 'Start execution',
    });

    for (const invalid of [
      '9f1c2ab',
      COMMIT.slice(0, 39),
      `${COMMIT}0`,
      'g'.repeat(40),
    ]) {
      fireEvent.change(commit, { target: { value: invalid } });
      expect(commit).toHaveAttribute('aria-invalid', 'true');
      expect(dialog).toHaveTextContent('Enter the full 40-character commit id');
      expect(confirm).toBeDisabled();
    }

    fireEvent.change(commit, { target: { value: ` ${COMMIT} ` } });
    expect(commit).toBeValid();
    expect(dialog).not.toHaveTextContent(
      'Enter the full 40-character commit id',
    );
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);

    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(startExecution).toHaveBeenCalledWith(
      entityRef,
      CHECKOUT_PIPELINE_ARN,
      {
        clientRequestToken: expect.stringMatching(UUID),
        sourceRevision: { actionName: 'Source', commitId: COMMIT },
      },
    );
  });

  it('sends one request for a double click on confirm', async () => {
    let finish: (value: { pipelineExecutionId: string }) => void = () => {};
    const startExecution = jest.fn(
      () =>
        new Promise<{ pipelineExecutionId: string }>(resolve => {
          finish = resolve;
        }),
    );
    const onDone = jest.fn();
    await renderForEntity(
      <StartExecutionButton
        pipeline={pipelineSucceeded}
        permitted
        onDone={onDone}
      />,
      { api: { startExecution } },
    );
    const user = userEvent.setup();
    const dialog = openDialog();
    const confirm = within(dialog).getByRole('button', {
      name: 'Start execution',
    });
    await user.dblClick(confirm);

    expect(startExecution).toHaveBeenCalledTimes(1);
    // Pending, not `disabled`: the button keeps focus while it ignores presses.
    expect(confirm).toHaveAttribute('aria-disabled', 'true');
    expect(
      within(dialog).getByRole('progressbar', { name: 'Loading' }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    ).toBeDisabled();

    finish({ pipelineExecutionId: 'exec-0007' });
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(startExecution).toHaveBeenCalledTimes(1);
  });

  it('reuses the token when confirming again in the same dialog, and takes a new one per dialog', async () => {
    const startExecution = jest
      .fn(startMock())
      .mockRejectedValueOnce(
        backendError(
          409,
          'ConflictError',
          'The pipeline is already starting an execution.',
        ),
      );
    const onDone = jest.fn();
    const { errorApi, toastApi } = await renderForEntity(
      <StartExecutionButton
        pipeline={pipelineSucceeded}
        permitted
        onDone={onDone}
      />,
      { api: { startExecution } },
    );

    let dialog = openDialog();
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Start execution' }),
    );
    // The error shows in the dialog itself, not in a toast behind it.
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The pipeline is already starting an execution.',
    );
    expect(errorApi.post).not.toHaveBeenCalled();
    expect(toastApi.post).not.toHaveBeenCalled();
    // The dialog stays open; confirming again repeats the same request.
    await waitFor(() => {
      const confirm = within(dialog).getByRole('button', {
        name: 'Start execution',
      });
      expect(confirm).toBeEnabled();
      expect(confirm).not.toHaveAttribute('aria-disabled');
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Start execution' }),
    );
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(startExecution).toHaveBeenCalledTimes(2);
    const [first, second] = startExecution.mock.calls.map(
      call => call[2].clientRequestToken,
    );
    expect(first).toMatch(UUID);
    expect(second).toBe(first);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    dialog = openDialog();
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Start execution' }),
    );
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(2));
    expect(startExecution).toHaveBeenCalledTimes(3);
    const third = startExecution.mock.calls[2][2].clientRequestToken;
    expect(third).toMatch(UUID);
    expect(third).not.toBe(first);
  });
});
