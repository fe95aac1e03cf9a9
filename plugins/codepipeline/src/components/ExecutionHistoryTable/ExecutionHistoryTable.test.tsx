import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  executionHistoryFirstPage,
  executionHistorySecondPage,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { ExecutionHistoryTable } from './ExecutionHistoryTable';

function renderTable(onSelect = jest.fn()) {
  const getExecutions = jest.fn(
    async (_entity: unknown, _arn: string, page?: { cursor?: string }) =>
      page?.cursor ? executionHistorySecondPage : executionHistoryFirstPage,
  );
  return renderForEntity(
    <ExecutionHistoryTable
      pipelineArn={executionHistoryFirstPage.pipelineArn}
      pipelineName="checkout-web"
      onSelect={onSelect}
    />,
    { api: { getExecutions } },
  ).then(() => ({ getExecutions, onSelect }));
}

const showButtons = () =>
  screen
    .getAllByRole('button', { name: /^Show execution / })
    .map(b => b.textContent);

describe('ExecutionHistoryTable', () => {
  afterEach(() => jest.restoreAllMocks());

  it('lists a page of runs, newest first, and opens the one clicked', async () => {
    const { onSelect } = await renderTable();
    await screen.findByRole('button', { name: 'Show execution exec-0006' });
    expect(showButtons()).toEqual(
      executionHistoryFirstPage.executions.map(e => e.executionId),
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Show execution exec-0005' }),
    );
    expect(onSelect).toHaveBeenCalledWith('exec-0005');
  });

  it('filters the page by status and says when nothing matches', async () => {
    await renderTable();
    await screen.findByRole('button', { name: 'Show execution exec-0006' });

    fireEvent.mouseDown(screen.getByRole('button', { name: /All statuses/ }));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('Failed'),
    );
    await waitFor(() => expect(showButtons()).toEqual(['exec-0005']));

    fireEvent.mouseDown(screen.getByRole('button', { name: /Failed/ }));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('Cancelled'),
    );
    expect(
      await screen.findByText('No Cancelled executions on this page.'),
    ).toBeInTheDocument();
  });

  it('keeps its rows through a refresh without a React warning', async () => {
    const consoleError = jest.spyOn(console, 'error');
    const { getExecutions } = await renderTable();
    await screen.findByRole('button', { name: 'Show execution exec-0006' });

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(getExecutions).toHaveBeenCalledTimes(2));
    expect(getExecutions.mock.calls[1][2]).toMatchObject({ refresh: true });
    expect(showButtons()).toEqual(
      executionHistoryFirstPage.executions.map(e => e.executionId),
    );
    expect(
      consoleError.mock.calls.filter(call => /^Warning/.test(String(call[0]))),
    ).toEqual([]);
  });
});
