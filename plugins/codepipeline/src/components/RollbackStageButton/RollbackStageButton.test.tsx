import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  backendError,
  CHECKOUT_PIPELINE_ARN,
  deployRollbackTargets,
  pipelineSucceeded,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { RollbackStageButton } from './RollbackStageButton';

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'checkout-web',
};
const deployStage = pipelineSucceeded.stages.find(s => s.name === 'Deploy')!;

async function openDialog() {
  fireEvent.click(
    await screen.findByRole('button', { name: 'Roll back stage Deploy' }),
  );
  return screen.getByRole('dialog', { name: 'Roll back stage Deploy' });
}

describe('RollbackStageButton', () => {
  it('is hidden without the rollback permission', async () => {
    const getRollbackTargets = jest.fn();
    await renderForEntity(
      <RollbackStageButton
        pipeline={pipelineSucceeded}
        stage={deployStage}
        permitted={false}
        onDone={jest.fn()}
      />,
      { api: { getRollbackTargets } },
    );
    expect(
      screen.queryByRole('button', { name: /Roll back/ }),
    ).not.toBeInTheDocument();
    expect(getRollbackTargets).not.toHaveBeenCalled();
  });

  it('is disabled when the stage cannot be rolled back', async () => {
    const getRollbackTargets = jest.fn();
    await renderForEntity(
      <RollbackStageButton
        pipeline={pipelineSucceeded}
        stage={{ ...deployStage, canRollback: false }}
        permitted
        onDone={jest.fn()}
      />,
      { api: { getRollbackTargets } },
    );
    expect(
      screen.getByRole('button', { name: 'Roll back stage Deploy' }),
    ).toBeDisabled();
    expect(getRollbackTargets).not.toHaveBeenCalled();
  });

  it('lists the targets, needs one picked, and rolls back to it', async () => {
    const rollbackStage = jest.fn(async () => ({
      pipelineExecutionId: 'exec-0008',
    }));
    const getRollbackTargets = jest.fn(async () => deployRollbackTargets);
    const onDone = jest.fn();
    const { toastApi, errorApi } = await renderForEntity(
      <RollbackStageButton
        pipeline={pipelineSucceeded}
        stage={deployStage}
        permitted
        onDone={onDone}
      />,
      { api: { rollbackStage, getRollbackTargets } },
    );
    expect(getRollbackTargets).not.toHaveBeenCalled();

    const dialog = await openDialog();
    const radios = await within(dialog).findAllByRole('radio');
    expect(radios).toHaveLength(2);
    const first = within(dialog).getByRole('radio', {
      name: /^exec-0004 · 77ab01c Tune checkout timeouts · /,
    });
    const second = within(dialog).getByRole('radio', {
      name: /^exec-0001 · 0c0ffee First release · /,
    });
    expect(first).not.toBeChecked();
    expect(second).not.toBeChecked();
    expect(getRollbackTargets).toHaveBeenCalledWith(
      entityRef,
      CHECKOUT_PIPELINE_ARN,
      'Deploy',
    );

    const confirm = within(dialog).getByRole('button', { name: 'Roll back' });
    expect(confirm).toBeDisabled();
    fireEvent.click(second);
    expect(second).toBeChecked();
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);

    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(rollbackStage).toHaveBeenCalledTimes(1);
    expect(rollbackStage).toHaveBeenCalledWith(
      entityRef,
      CHECKOUT_PIPELINE_ARN,
      'Deploy',
      { targetPipelineExecutionId: 'exec-0001' },
    );
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Rolling Deploy back to exec-0001',
        status: 'success',
      }),
    );
    expect(errorApi.post).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Roll back stage Deploy' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('starts without a pick each time the dialog opens', async () => {
    await renderForEntity(
      <RollbackStageButton
        pipeline={pipelineSucceeded}
        stage={deployStage}
        permitted
        onDone={jest.fn()}
      />,
    );
    let dialog = await openDialog();
    fireEvent.click(
      await within(dialog).findByRole('radio', { name: /^exec-0004/ }),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    dialog = await openDialog();
    expect(
      await within(dialog).findByRole('radio', { name: /^exec-0004/ }),
    ).not.toBeChecked();
    expect(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    ).toBeDisabled();
  });

  it('says so when no earlier execution can be rolled back to', async () => {
    const rollbackStage = jest.fn();
    await renderForEntity(
      <RollbackStageButton
        pipeline={pipelineSucceeded}
        stage={deployStage}
        permitted
        onDone={jest.fn()}
      />,
      {
        api: {
          rollbackStage,
          getRollbackTargets: async () => ({
            stageName: 'Deploy',
            targets: [],
          }),
        },
      },
    );
    const dialog = await openDialog();
    expect(
      await within(dialog).findByText(
        'No earlier execution succeeded in this stage.',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole('radio')).not.toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    ).toBeDisabled();
    expect(rollbackStage).not.toHaveBeenCalled();
  });

  it('shows a 409 from the backend as-is and keeps the dialog open', async () => {
    const message =
      'Stage Deploy cannot be rolled back while an execution is in progress.';
    const rollbackStage = jest.fn(async () => {
      throw backendError(409, 'ConflictError', message);
    });
    const onDone = jest.fn();
    const { toastApi, errorApi } = await renderForEntity(
      <RollbackStageButton
        pipeline={pipelineSucceeded}
        stage={deployStage}
        permitted
        onDone={onDone}
      />,
      { api: { rollbackStage } },
    );
    const dialog = await openDialog();
    fireEvent.click(
      await within(dialog).findByRole('radio', { name: /^exec-0004/ }),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(`AWS refused the change${message}`);
    expect(errorApi.post).not.toHaveBeenCalled();
    expect(rollbackStage).toHaveBeenCalledWith(
      entityRef,
      CHECKOUT_PIPELINE_ARN,
      'Deploy',
      { targetPipelineExecutionId: 'exec-0004' },
    );
    expect(toastApi.post).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
    await waitFor(() => {
      const confirm = within(dialog).getByRole('button', { name: 'Roll back' });
      expect(confirm).toBeEnabled();
      expect(confirm).not.toHaveAttribute('aria-disabled');
    });
    expect(
      screen.getByRole('dialog', { name: 'Roll back stage Deploy' }),
    ).toBeInTheDocument();
  });
});
