import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { backendError } from '../../__fixtures__';
import { ConfirmActionDialog } from './ConfirmActionDialog';

describe('ConfirmActionDialog', () => {
  it('closes after the action succeeds', async () => {
    const onClose = jest.fn();
    const onConfirm = jest.fn(async () => undefined);
    await renderInTestApp(
      <ConfirmActionDialog
        open
        title="Stop execution"
        confirmLabel="Stop"
        onConfirm={onConfirm}
        onClose={onClose}
      />,
    );
    expect(
      screen.getByRole('dialog', { name: 'Stop execution' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('stays open when the action fails, and cannot confirm an incomplete form', async () => {
    const onClose = jest.fn();
    const { rerender } = await renderInTestApp(
      <ConfirmActionDialog
        open
        title="Retry"
        confirmLabel="Retry"
        onConfirm={() => Promise.reject(new Error('409'))}
        onClose={onClose}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => {
      const confirm = screen.getByRole('button', { name: 'Retry' });
      expect(confirm).toBeEnabled();
      expect(confirm).not.toHaveAttribute('aria-disabled');
    });
    expect(onClose).not.toHaveBeenCalled();
    rerender(
      <ConfirmActionDialog
        open
        confirmDisabled
        title="Retry"
        confirmLabel="Retry"
        onConfirm={jest.fn()}
        onClose={onClose}
      />,
    );
    expect(screen.getByRole('button', { name: 'Retry' })).toBeDisabled();
  });

  it('cannot be cancelled, confirmed again or dismissed while the action runs', async () => {
    let finish: () => void = () => {};
    const onConfirm = jest.fn(
      () =>
        new Promise<void>(resolve => {
          finish = resolve;
        }),
    );
    const onClose = jest.fn();
    await renderInTestApp(
      <ConfirmActionDialog
        open
        destructive
        title="Stop execution"
        confirmLabel="Stop"
        onConfirm={onConfirm}
        onClose={onClose}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Stop execution' });
    const confirm = within(dialog).getByRole('button', { name: 'Stop' });
    fireEvent.click(confirm);

    expect(confirm).toHaveAttribute('aria-disabled', 'true');
    expect(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    ).toBeDisabled();
    fireEvent.click(confirm);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();

    finish();
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });

  it('closes on Cancel, Close and Escape when idle', async () => {
    const onClose = jest.fn();
    await renderInTestApp(
      <ConfirmActionDialog
        open
        title="Stop execution"
        confirmLabel="Stop"
        onConfirm={jest.fn()}
        onClose={onClose}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Stop execution' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(3);
  });

  it("shows the write's error inside the dialog, and clears it on the next attempt", async () => {
    const onClose = jest.fn();
    const onConfirm = jest
      .fn()
      .mockRejectedValueOnce(
        backendError(
          409,
          'ConflictError',
          'This stage cannot be retried now: only a failed stage of the latest execution through it can be.',
        ),
      )
      .mockResolvedValueOnce(undefined);
    await renderInTestApp(
      <ConfirmActionDialog
        open
        title="Retry stage Build"
        confirmLabel="Retry"
        onConfirm={onConfirm}
        onClose={onClose}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Retry stage Build' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      'AWS refused the changeThis stage cannot be retried now: only a failed stage of the latest execution through it can be.',
    );
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it("says a refused write is about the resource's owner, not the caller's permission", async () => {
    await renderInTestApp(
      <ConfirmActionDialog
        open
        title="Stop execution"
        confirmLabel="Stop"
        onConfirm={() =>
          Promise.reject(
            backendError(
              403,
              'NotAllowedError',
              "Pipeline payroll is not component:default/orders-api's to change: its slipway:component tag names the component 'default/payroll', not 'default/orders-api'.",
              { reason: 'not-owned' },
            ),
          )
        }
        onClose={jest.fn()}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Not this entity's resourcePipeline payroll is not component:default/orders-api's to change",
    );
    expect(alert).not.toHaveTextContent('Ask the entity');
  });

  it('says the backend is unavailable when the request never reached it', async () => {
    await renderInTestApp(
      <ConfirmActionDialog
        open
        title="Stop execution"
        confirmLabel="Stop"
        onConfirm={() => Promise.reject(new TypeError('Failed to fetch'))}
        onClose={jest.fn()}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Slipway backend unavailableFailed to fetch',
    );
  });
});
