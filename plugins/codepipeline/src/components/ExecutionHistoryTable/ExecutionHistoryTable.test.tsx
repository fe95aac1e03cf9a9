import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PipelineExecutionsResponse } from '@slipway/plugin-codepipeline-common';
import {
  executionHistoryFirstPage,
  executionHistorySecondPage,
  executionHistoryWithAwsIds,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { ExecutionHistoryTable } from './ExecutionHistoryTable';

function renderTable(
  onSelect = jest.fn(),
  firstPage: PipelineExecutionsResponse = executionHistoryFirstPage,
) {
  const getExecutions = jest.fn(
    async (_entity: unknown, _arn: string, page?: { cursor?: string }) =>
      page?.cursor ? executionHistorySecondPage : firstPage,
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

    // The select is named by its value and its label (Backstage UI's order).
    const filter = screen.getByRole('button', { name: /\bStatus$/ });
    expect(filter).toHaveAccessibleName('All statuses Status');
    await userEvent.click(filter);
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByText('Failed'),
    );
    await waitFor(() => expect(showButtons()).toEqual(['exec-0005']));

    await userEvent.click(
      screen.getByRole('button', { name: 'Failed Status' }),
    );
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByText('Cancelled'),
    );
    expect(
      await screen.findByText('No cancelled executions on this page.'),
    ).toBeInTheDocument();
  });

  it('offers the statuses as words, not as AWS enum values', async () => {
    await renderTable();
    await screen.findByRole('button', { name: 'Show execution exec-0006' });
    await userEvent.click(screen.getByRole('button', { name: /\bStatus$/ }));
    const options = within(await screen.findByRole('listbox'))
      .getAllByRole('option')
      .map(o => o.textContent);
    expect(options).toEqual([
      'All statuses',
      'In progress',
      'Succeeded',
      'Failed',
      'Stopped',
      'Stopping',
      'Superseded',
      'Cancelled',
    ]);
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

  it('shows execution ids as AWS gives them, never re-cased, a UUID by its first group', async () => {
    await renderTable(jest.fn(), executionHistoryWithAwsIds);
    const id = '3f5c1e2a-9b7d-4c1e-8a2f-6d0b9e4c7a15';
    const button = await screen.findByRole('button', {
      name: `Show execution ${id}`,
    });
    // A button does not wrap: the whole UUID overflowed its row.
    expect(button).toHaveTextContent(/^3f5c1e2a$/);
    const text = within(button).getByText('3f5c1e2a');
    expect(text).toHaveAttribute('title', id);
    expect(text).toHaveStyle({ textTransform: 'none' });
    expect(screen.queryByText('3F5C1E2A')).not.toBeInTheDocument();
  });

  it('keeps the status filter and the paging inside the executions card', async () => {
    await renderTable();
    await screen.findByRole('button', { name: 'Show execution exec-0006' });

    const card = screen.getByRole('article', {
      name: 'Executions of checkout-web',
    });
    expect(
      within(card).getByRole('heading', { name: 'Executions of checkout-web' }),
    ).toBeInTheDocument();
    const body = card.querySelector('.bui-CardBody') as HTMLElement;
    expect(body).not.toBeNull();
    const table = screen.getByRole('grid', {
      name: 'Executions of checkout-web',
    });
    const filter = screen.getByRole('button', { name: /All statuses/ });
    const paging = screen.getByRole('navigation', {
      name: 'Pages of Executions of checkout-web',
    });
    for (const element of [table, filter, paging]) {
      expect(body).toContainElement(element);
    }
    expect(
      within(paging).getByRole('button', { name: 'Older' }),
    ).toBeInTheDocument();
    expect(
      within(paging).getByRole('button', { name: 'Newer' }),
    ).toBeInTheDocument();
    expect(
      within(card).getByRole('button', { name: 'Refresh' }),
    ).toBeInTheDocument();
  });
});
