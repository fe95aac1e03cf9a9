import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
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
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Retry' })).toBeEnabled(),
    );
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
});
