import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CHECKOUT_PIPELINE_ARN,
  pipelineBuildInProgress,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { StopExecutionButton } from './StopExecutionButton';

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'checkout-web',
};
const STOP_BUTTON = 'Stop the running execution of checkout-web';

function openDialog() {
  fireEvent.click(screen.getByRole('button', { name: STOP_BUTTON }));
  return screen.getByRole('dialog', {
    name: 'Stop execution exec-0003 of checkout-web',
  });
}

describe('StopExecutionButton', () => {
  it('is hidden without the stop permission', async () => {
    await renderForEntity(
      <StopExecutionButton
        pipeline={pipelineBuildInProgress}
        permitted={false}
        onDone={jest.fn()}
      />,
    );
    expect(
      screen.queryByRole('button', { name: STOP_BUTTON }),
    ).not.toBeInTheDocument();
  });

  it('is disabled when nothing can be stopped', async () => {
    await renderForEntity(
      <StopExecutionButton
        pipeline={{ ...pipelineBuildInProgress, canStop: false }}
        permitted
        onDone={jest.fn()}
      />,
    );
    expect(screen.getByRole('button', { name: STOP_BUTTON })).toBeDisabled();
  });

  it('is enabled while the pipeline can be stopped', async () => {
    await renderForEntity(
      <StopExecutionButton
        pipeline={pipelineBuildInProgress}
        permitted
        onDone={jest.fn()}
      />,
    );
    expect(screen.getByRole('button', { name: STOP_BUTTON })).toBeEnabled();
  });

  it('stops (letting actions finish) with the reason given', async () => {
    const stopExecution = jest.fn(async () => ({
      pipelineExecutionId: 'exec-0003',
    }));
    const onDone = jest.fn();
    const { toastApi } = await renderForEntity(
      <StopExecutionButton
        pipeline={pipelineBuildInProgress}
        permitted
        onDone={onDone}
      />,
      { api: { stopExecution } },
    );
    const dialog = openDialog();
    expect(within(dialog).getByLabelText(/^Stop: let running/)).toBeChecked();
    expect(within(dialog).getByLabelText(/^Abandon/)).not.toBeChecked();
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: 'Reason (optional)' }),
      { target: { value: ' Wrong commit ' } },
    );
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Stop execution' }),
    );

    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(stopExecution).toHaveBeenCalledTimes(1);
    expect(stopExecution).toHaveBeenCalledWith(
      entityRef,
      CHECKOUT_PIPELINE_ARN,
      'exec-0003',
      { abandon: false, reason: 'Wrong commit' },
    );
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Stopping exec-0003' }),
    );
  });

  it('abandons the execution, sending no reason when none was typed', async () => {
    const stopExecution = jest.fn(async () => ({
      pipelineExecutionId: 'exec-0003',
    }));
    const onDone = jest.fn();
    const { toastApi } = await renderForEntity(
      <StopExecutionButton
        pipeline={pipelineBuildInProgress}
        permitted
        onDone={onDone}
      />,
      { api: { stopExecution } },
    );
    const dialog = openDialog();
    fireEvent.click(within(dialog).getByLabelText(/^Abandon/));
    expect(
      within(dialog).queryByRole('button', { name: 'Stop execution' }),
    ).not.toBeInTheDocument();
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Abandon execution' }),
    );

    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(stopExecution).toHaveBeenCalledWith(
      entityRef,
      CHECKOUT_PIPELINE_ARN,
      'exec-0003',
      { abandon: true, reason: undefined },
    );
    expect(
      (stopExecution.mock.calls[0] as unknown[])[3] as { reason?: string },
    ).toHaveProperty('reason', undefined);
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Abandoning exec-0003' }),
    );
  });

  it('gives focus back to the button that opened it', async () => {
    await renderForEntity(
      <StopExecutionButton
        pipeline={pipelineBuildInProgress}
        permitted
        onDone={jest.fn()}
      />,
    );
    const user = userEvent.setup();
    const opener = screen.getByRole('button', { name: STOP_BUTTON });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', {
      name: 'Stop execution exec-0003 of checkout-web',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() => expect(opener).toHaveFocus());
  });
});
