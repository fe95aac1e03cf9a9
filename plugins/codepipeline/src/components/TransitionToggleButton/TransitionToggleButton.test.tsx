import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  CHECKOUT_PIPELINE_ARN,
  HOTFIX_PIPELINE_ARN,
  hotfixPipelineWithDisabledTransition,
  pipelineSucceeded,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { TransitionToggleButton } from './TransitionToggleButton';

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'checkout-web',
};
const enabledDeploy = pipelineSucceeded.stages.find(s => s.name === 'Deploy')!;
const disabledDeploy = hotfixPipelineWithDisabledTransition.stages.find(
  s => s.name === 'Deploy',
)!;

describe('TransitionToggleButton', () => {
  it('is hidden without the transition permission', async () => {
    await renderForEntity(
      <TransitionToggleButton
        pipeline={pipelineSucceeded}
        stage={enabledDeploy}
        permitted={false}
        onDone={jest.fn()}
      />,
    );
    expect(
      screen.queryByRole('button', { name: /transition/ }),
    ).not.toBeInTheDocument();
  });

  it('needs a reason to disable a transition, and sends it trimmed', async () => {
    const setTransition = jest.fn(async () => undefined);
    const onDone = jest.fn();
    const { toastApi } = await renderForEntity(
      <TransitionToggleButton
        pipeline={pipelineSucceeded}
        stage={enabledDeploy}
        permitted
        onDone={onDone}
      />,
      { api: { setTransition } },
    );
    const button = screen.getByRole('button', {
      name: 'Disable transition into Deploy',
    });
    expect(button).toHaveTextContent('Disable transition');
    fireEvent.click(button);

    const dialog = screen.getByRole('dialog', {
      name: 'Disable the transition into Deploy',
    });
    const confirm = within(dialog).getByRole('button', {
      name: 'Disable transition',
    });
    const reason = within(dialog).getByRole('textbox', { name: /Reason/ });
    expect(reason).toBeRequired();
    expect(confirm).toBeDisabled();
    fireEvent.change(reason, { target: { value: '   ' } });
    expect(confirm).toBeDisabled();
    fireEvent.change(reason, {
      target: { value: '  Release freeze until Monday ' },
    });
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);

    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(setTransition).toHaveBeenCalledTimes(1);
    expect(setTransition).toHaveBeenCalledWith(
      entityRef,
      CHECKOUT_PIPELINE_ARN,
      'Deploy',
      { enabled: false, reason: 'Release freeze until Monday' },
    );
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Transition into Deploy disabled',
        status: 'success',
      }),
    );
  });

  it('clears the reason when the dialog is opened again', async () => {
    await renderForEntity(
      <TransitionToggleButton
        pipeline={pipelineSucceeded}
        stage={enabledDeploy}
        permitted
        onDone={jest.fn()}
      />,
    );
    const open = () =>
      fireEvent.click(
        screen.getByRole('button', { name: 'Disable transition into Deploy' }),
      );
    open();
    fireEvent.change(screen.getByRole('textbox', { name: /Reason/ }), {
      target: { value: 'Freeze' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    open();
    expect(screen.getByRole('textbox', { name: /Reason/ })).toHaveValue('');
    expect(
      screen.getByRole('button', { name: 'Disable transition' }),
    ).toBeDisabled();
  });

  it('enables a disabled transition without asking for a reason', async () => {
    const setTransition = jest.fn(async () => undefined);
    const onDone = jest.fn();
    const { toastApi } = await renderForEntity(
      <TransitionToggleButton
        pipeline={hotfixPipelineWithDisabledTransition}
        stage={disabledDeploy}
        permitted
        onDone={onDone}
      />,
      { api: { setTransition } },
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Enable transition into Deploy' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Enable the transition into Deploy',
    });
    expect(dialog).toHaveTextContent(
      'Executions waiting before Deploy will continue. Disabled because: Release freeze until Monday.',
    );
    expect(within(dialog).queryByRole('textbox')).not.toBeInTheDocument();
    const confirm = within(dialog).getByRole('button', {
      name: 'Enable transition',
    });
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);

    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(setTransition).toHaveBeenCalledTimes(1);
    expect(setTransition).toHaveBeenCalledWith(
      entityRef,
      HOTFIX_PIPELINE_ARN,
      'Deploy',
      { enabled: true },
    );
    expect(
      (setTransition.mock.calls[0] as unknown[])[3] as { reason?: string },
    ).toHaveProperty('reason', undefined);
    expect(toastApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Transition into Deploy enabled' }),
    );
  });
});
