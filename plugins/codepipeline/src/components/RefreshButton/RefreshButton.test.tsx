import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { RefreshButton } from './RefreshButton';

describe('RefreshButton', () => {
  it('asks again on press and says when AWS was last read', async () => {
    const onRefresh = jest.fn();
    await renderInTestApp(
      <RefreshButton
        refreshing={false}
        onRefresh={onRefresh}
        refreshedAt="2026-11-30T10:15:00Z"
      />,
    );
    const button = screen.getByRole('button', { name: 'Refresh' });
    fireEvent.click(button);
    expect(onRefresh).toHaveBeenCalledTimes(1);
    await userEvent.tab();
    expect(button).toHaveFocus();
    expect(
      await screen.findByRole('tooltip', {
        name: /^Refresh \(last read from AWS /,
      }),
    ).toBeInTheDocument();
  });

  it('shows a spinner and ignores presses while a request is in flight', async () => {
    const onRefresh = jest.fn();
    await renderInTestApp(<RefreshButton refreshing onRefresh={onRefresh} />);
    // While pending, the button's name includes its spinner's.
    const button = screen.getByRole('button', { name: /^Refresh\b/ });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(within(button).getByRole('progressbar')).toBeInTheDocument();
    fireEvent.click(button);
    expect(onRefresh).not.toHaveBeenCalled();
  });
});
