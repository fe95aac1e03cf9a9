import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CHECKOUT_PIPELINE_ARN,
  pipelineAwaitingApproval,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { ReviewApprovalButton } from './ReviewApprovalButton';

const approveStage = pipelineAwaitingApproval.stages.find(
  s => s.name === 'Approve',
)!;
const releaseApproval = approveStage.actions[0];
const REVIEW_BUTTON = 'Review approval ReleaseApproval';
const DIALOG = 'Review ReleaseApproval in checkout-web';

function renderReview(reviewApproval = jest.fn(async () => ({}))) {
  return renderForEntity(
    <ReviewApprovalButton
      pipeline={pipelineAwaitingApproval}
      stage={approveStage}
      action={releaseApproval}
      permitted
      onDone={jest.fn()}
    />,
    { api: { reviewApproval } },
  );
}

describe('ReviewApprovalButton', () => {
  it('is disabled unless the action awaits approval', async () => {
    await renderForEntity(
      <ReviewApprovalButton
        pipeline={pipelineAwaitingApproval}
        stage={approveStage}
        action={{ ...releaseApproval, awaitingApproval: false }}
        permitted
        onDone={jest.fn()}
      />,
    );
    expect(screen.getByRole('button', { name: REVIEW_BUTTON })).toBeDisabled();
  });

  it('rejects only with a comment, shown as required, and sends it trimmed', async () => {
    const reviewApproval = jest.fn(async () => ({}));
    const { toastApi } = await renderReview(reviewApproval);
    fireEvent.click(screen.getByRole('button', { name: REVIEW_BUTTON }));
    const dialog = screen.getByRole('dialog', { name: DIALOG });
    expect(dialog).toHaveTextContent('Check the staging smoke tests first');
    expect(
      within(dialog).getByRole('radio', { name: 'Approve' }),
    ).toBeChecked();

    fireEvent.click(within(dialog).getByRole('radio', { name: 'Reject' }));
    const comment = within(dialog).getByRole('textbox', { name: 'Comment' });
    const reject = within(dialog).getByRole('button', { name: 'Reject' });
    expect(comment).toBeRequired();
    expect(reject).toBeDisabled();
    fireEvent.change(comment, { target: { value: '   ' } });
    expect(reject).toBeDisabled();
    fireEvent.change(comment, { target: { value: ' Staging is red ' } });
    expect(reject).toBeEnabled();
    fireEvent.click(reject);

    await waitFor(() =>
      expect(toastApi.post).toHaveBeenCalledWith(
        expect.objectContaining({ title: 'ReleaseApproval rejected' }),
      ),
    );
    expect(reviewApproval).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout-web' },
      CHECKOUT_PIPELINE_ARN,
      'Approve',
      'ReleaseApproval',
      { decision: 'Rejected', comment: 'Staging is red' },
    );
  });

  it('opens again on Approve with an empty comment, and gives focus back on close', async () => {
    await renderReview();
    const user = userEvent.setup();
    const opener = screen.getByRole('button', { name: REVIEW_BUTTON });
    await user.click(opener);
    let dialog = screen.getByRole('dialog', { name: DIALOG });
    await user.click(within(dialog).getByRole('radio', { name: 'Reject' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Comment' }),
      'Not yet',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() => expect(opener).toHaveFocus());

    await user.click(opener);
    dialog = screen.getByRole('dialog', { name: DIALOG });
    expect(
      within(dialog).getByRole('radio', { name: 'Approve' }),
    ).toBeChecked();
    expect(
      within(dialog).getByRole('textbox', { name: 'Comment' }),
    ).toHaveValue('');
    expect(
      within(dialog).getByRole('textbox', { name: 'Comment' }),
    ).not.toBeRequired();
  });
});
