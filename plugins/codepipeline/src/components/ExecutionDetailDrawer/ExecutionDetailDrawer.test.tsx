import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { CHECKOUT_PIPELINE_ARN as pipelineArn } from '../../__fixtures__/pipelines';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { ExecutionDetailDrawer } from './ExecutionDetailDrawer';

/**
 * A history row that opens the drawer. `rerenderOpener` gives the button a
 * new key once the drawer is open, as a polled table re-rendering its rows
 * does, so the element that had focus is gone when the drawer closes.
 */
function HistoryWithDrawer(props: { rerenderOpener?: boolean }) {
  const [executionId, setExecutionId] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const { rerenderOpener } = props;
  useEffect(() => {
    if (executionId && rerenderOpener) setGeneration(g => g + 1);
  }, [executionId, rerenderOpener]);
  return (
    <>
      <button
        key={generation}
        type="button"
        aria-label="Show execution exec-0005"
        onClick={() => setExecutionId('exec-0005')}
      >
        exec-0005
      </button>
      <button type="button">Older</button>
      <ExecutionDetailDrawer
        pipelineArn={pipelineArn}
        executionId={executionId}
        onClose={() => setExecutionId(undefined)}
      />
    </>
  );
}

async function openDrawer() {
  const opener = screen.getByRole('button', {
    name: 'Show execution exec-0005',
  });
  opener.focus();
  fireEvent.click(opener);
  return screen.findByRole('dialog', { name: 'Execution exec-0005' });
}

describe('ExecutionDetailDrawer', () => {
  it('is a modal dialog named by its heading', async () => {
    await renderForEntity(<HistoryWithDrawer />);
    const drawer = await openDrawer();
    expect(drawer).toHaveAttribute('aria-modal', 'true');
    const heading = screen.getByRole('heading', {
      name: 'Execution exec-0005',
    });
    expect(drawer).toHaveAttribute('aria-labelledby', heading.id);
    await waitFor(() =>
      expect(drawer).toContainElement(document.activeElement as HTMLElement),
    );
  });

  it('gives focus back to the button that opened it', async () => {
    await renderForEntity(<HistoryWithDrawer />);
    await openDrawer();
    fireEvent.click(
      screen.getByRole('button', { name: 'Close execution details' }),
    );
    // Once the drawer has slid out.
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Show execution exec-0005' }),
      ).toHaveFocus(),
    );
  });

  it('finds the opener again when a re-render replaced it', async () => {
    await renderForEntity(<HistoryWithDrawer rerenderOpener />);
    await openDrawer();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Show execution exec-0005' }),
      ).toHaveFocus(),
    );
    expect(document.body).not.toHaveFocus();
  });
});
