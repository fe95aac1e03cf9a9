import { coreApis } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { FleetOverviewResponse } from '@slipway/plugin-codepipeline-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import type { CodePipelineApi, FleetOverviewQuery } from '../../api';
import { codePipelineApiRef } from '../../api';
import {
  backendError,
  notPermittedToRead,
  checkoutWebAwaitingApproval,
  fakeCodePipelineApi,
  fleetColdLoad,
  fleetFirstPage,
  fleetOverview,
  fleetSecondPage,
  fleetWithoutAnnotatedEntities,
  ordersApiFailingBuild,
  paymentsApiAwaitingApprovalReadOnly,
} from '../../__fixtures__';
import { DeliveryOverviewPage } from './DeliveryOverviewPage';

async function renderOverview(
  getOverview: CodePipelineApi['getOverview'],
  api: Partial<CodePipelineApi> = {},
  link = '/',
) {
  const spy = jest.fn(getOverview);
  const fake = fakeCodePipelineApi({ ...api, getOverview: spy });
  const toastApi = { post: jest.fn(() => ({ close: jest.fn() })) };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [codePipelineApiRef, fake],
        [coreApis.toast, toastApi],
      ]}
    >
      <DeliveryOverviewPage />
      <LinkShown />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: [link],
    },
  );
  return { getOverview: spy, api: fake, toastApi };
}

/** The page's query string, as the browser's address bar would show it. */
function LinkShown() {
  return <output data-testid="link">{useLocation().search}</output>;
}
const linkShown = () => screen.getByTestId('link').textContent;

/** Answers the first page, or the second for its cursor. */
const twoPages = async (query?: FleetOverviewQuery) =>
  query?.cursor === 'cursor-page-2' ? fleetSecondPage : fleetFirstPage;

const table = () => screen.getByRole('grid', { name: 'Services' });
const rowOf = (name: string) =>
  within(table())
    .getAllByRole('row')
    .find(r => within(r).queryByRole('rowheader', { name: new RegExp(name) }))!;
const lastQuery = (spy: jest.Mock) =>
  spy.mock.calls[spy.mock.calls.length - 1][0];

async function choose(label: string, option: string) {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(label) }),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('DeliveryOverviewPage', () => {
  it('shows each service with its status, latest run, failing stage, rollout and production version', async () => {
    await renderOverview(twoPages);
    expect(
      screen.getByRole('heading', { name: 'Delivery overview' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Checkout web')).toBeInTheDocument();

    const checkout = rowOf('Checkout web');
    expect(
      within(checkout).getByRole('link', { name: 'Checkout web' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-web');
    expect(checkout).toHaveTextContent('payments-team · checkout');
    expect(checkout).toHaveTextContent('Awaiting approval');
    expect(checkout).toHaveTextContent(
      'checkout-webIn progressa1b2c3d checkout-web: pay with saved cards',
    );
    expect(checkout).toHaveTextContent('1.4.2in prod0f1e2d3 checkout-web');

    const orders = rowOf('Orders API');
    expect(orders).toHaveTextContent('Failing');
    expect(orders).toHaveTextContent('Failed in Build');
    // The entity's status and its failed run: icon and word each.
    expect(within(orders).getAllByTestId('status-error')).toHaveLength(2);

    const ledger = rowOf('ledger-worker');
    expect(ledger).toHaveTextContent('ledger-worker (staging)Rolling out');
    expect(ledger).toHaveTextContent('ledger-worker:12in prod');
  });

  it('says every status in words, never as the raw value', async () => {
    await renderOverview(twoPages);
    await screen.findByText('Checkout web');
    expect(screen.queryByText(/awaiting-approval|rolling-out/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: /Status/ }));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'All statuses',
      'Failing',
      'Awaiting approval',
      'Rolling out',
      'In progress',
      'Healthy',
      'Unknown',
    ]);
  });

  it('starts from the filters in its link, and ignores a status it does not know', async () => {
    const { getOverview } = await renderOverview(
      twoPages,
      {},
      '/?owner=group%3Adefault%2Fpayments-team&status=failing&q=orders',
    );
    await screen.findByText('Checkout web');
    expect(getOverview).toHaveBeenLastCalledWith({
      owner: 'group:default/payments-team',
      status: 'failing',
      q: 'orders',
      limit: 25,
    });
    expect(screen.getByRole('searchbox', { name: /Search/ })).toHaveValue(
      'orders',
    );

    const bogus = await renderOverview(twoPages, {}, '/?status=on-fire');
    await waitFor(() => expect(bogus.getOverview).toHaveBeenCalled());
    expect(lastQuery(bogus.getOverview).status).toBeUndefined();
  });

  it('keeps the chosen filters in its link, so the view can be shared', async () => {
    await renderOverview(twoPages);
    await screen.findByText('Checkout web');
    expect(linkShown()).toBe('');

    await choose('Status', 'Failing');
    await waitFor(() => expect(linkShown()).toBe('?status=failing'));
    await choose('Owner', 'payments-team');
    await waitFor(() =>
      expect(linkShown()).toBe(
        '?status=failing&owner=group%3Adefault%2Fpayments-team',
      ),
    );
    await choose('Status', 'All statuses');
    await waitFor(() =>
      expect(linkShown()).toBe('?owner=group%3Adefault%2Fpayments-team'),
    );
  });

  it('asks the backend again with each filter, from the first page', async () => {
    const { getOverview } = await renderOverview(twoPages);
    await screen.findByText('Checkout web');
    expect(getOverview).toHaveBeenLastCalledWith({ limit: 25 });

    await userEvent.click(
      screen.getByRole('button', { name: 'Next table page' }),
    );
    await waitFor(() =>
      expect(lastQuery(getOverview)).toEqual({
        limit: 25,
        cursor: 'cursor-page-2',
      }),
    );

    await choose('Owner', 'payments-team');
    await waitFor(() =>
      expect(lastQuery(getOverview)).toEqual({
        owner: 'group:default/payments-team',
        limit: 25,
      }),
    );
    await choose('System', 'checkout');
    await choose('Status', 'Awaiting approval');
    await waitFor(() =>
      expect(lastQuery(getOverview)).toEqual({
        owner: 'group:default/payments-team',
        system: 'system:default/checkout',
        status: 'awaiting-approval',
        limit: 25,
      }),
    );

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search services' }),
      'checkout',
    );
    await waitFor(() =>
      expect(lastQuery(getOverview)).toMatchObject({ q: 'checkout' }),
    );
    // Typing is asked once it pauses, not once per key.
    expect(
      getOverview.mock.calls.filter(([q]) => q?.q !== undefined),
    ).toHaveLength(1);

    await choose('Owner', 'All owners');
    await waitFor(() =>
      expect(lastQuery(getOverview)).toEqual({
        system: 'system:default/checkout',
        status: 'awaiting-approval',
        q: 'checkout',
        limit: 25,
      }),
    );
  });

  it('pages forward with the cursor and back with the one before it', async () => {
    const { getOverview } = await renderOverview(twoPages);
    await screen.findByText('Checkout web');
    expect(screen.getByText('1–3 of 6 services')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Previous table page' }),
    ).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Next table page' }),
    );
    expect(
      await screen.findByRole('link', { name: 'search-indexer' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Checkout web')).toBeNull();
    expect(screen.getByText('4–6 of 6 services')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Next table page' }),
    ).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous table page' }),
    );
    expect(await screen.findByText('Checkout web')).toBeInTheDocument();
    expect(getOverview.mock.calls.map(([q]) => q?.cursor)).toEqual([
      undefined,
      'cursor-page-2',
      undefined,
    ]);
  });

  it('goes back to the first page when the one shown has emptied out', async () => {
    let secondPageReads = 0;
    const { getOverview } = await renderOverview(async query => {
      if (query?.cursor !== 'cursor-page-2') return fleetFirstPage;
      secondPageReads++;
      // Read once as usual (and polled again at once); then its services
      // have moved on and the page is empty.
      return secondPageReads === 1
        ? { ...fleetSecondPage, pollIntervalSeconds: 0.05 }
        : fleetOverview([], { totalItems: 3 });
    });
    await screen.findByText('Checkout web');
    await userEvent.click(
      screen.getByRole('button', { name: 'Next table page' }),
    );
    await waitFor(() => expect(secondPageReads).toBe(2));
    expect(await screen.findByText('Checkout web')).toBeInTheDocument();
    expect(lastQuery(getOverview)).toEqual({ limit: 25 });
    expect(screen.getByText('1–3 of 6 services')).toBeInTheDocument();
  });

  it('starts from the first page with a new page size', async () => {
    const { getOverview } = await renderOverview(twoPages);
    await screen.findByText('Checkout web');
    await userEvent.click(
      screen.getByRole('button', { name: 'Next table page' }),
    );
    await screen.findByRole('link', { name: 'search-indexer' });
    await choose('Select table page size', '100 per page');
    await waitFor(() => expect(lastQuery(getOverview)).toEqual({ limit: 100 }));
  });

  it('shows how far the first read of the fleet got, until it is done', async () => {
    // Polled again as soon as the answer asks (2 s in the fixture; 50 ms here).
    let answer: FleetOverviewResponse = {
      ...fleetColdLoad,
      pollIntervalSeconds: 0.05,
    };
    const { getOverview } = await renderOverview(async () => answer);
    expect(
      await screen.findByText('Reading 2 of 6 services…'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Services read' }),
    ).toHaveAttribute('aria-valuenow', '33');
    expect(rowOf('ledger-worker')).toHaveTextContent('Reading…');

    answer = fleetFirstPage;
    await waitFor(() =>
      expect(screen.queryByText(/Reading \d+ of/)).toBeNull(),
    );
    expect(getOverview.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('opens the approval dialog where the viewer may approve, and links to the CI/CD tab elsewhere', async () => {
    const reviewApproval = jest.fn(async () => ({
      approvedAt: '2026-11-22T10:01:00.000Z',
    }));
    const { getOverview } = await renderOverview(
      async () =>
        fleetOverview([
          checkoutWebAwaitingApproval,
          paymentsApiAwaitingApprovalReadOnly,
        ]),
      { reviewApproval },
    );
    await screen.findByText('Checkout web');

    const readOnly = rowOf('payments-api');
    expect(within(readOnly).queryByRole('button')).toBeNull();
    expect(
      within(readOnly).getByRole('link', {
        name: 'Open CI/CD tab of payments-api',
      }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api/ci-cd');
    expect(readOnly).toHaveTextContent('Go in Approve-prod');

    const callsBefore = getOverview.mock.calls.length;
    await userEvent.click(
      within(rowOf('Checkout web')).getByRole('button', {
        name: 'Review approval ReleaseApproval of checkout-web',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Review ReleaseApproval in checkout-web',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() => expect(reviewApproval).toHaveBeenCalledTimes(1));
    expect(reviewApproval).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'checkout-web' },
      checkoutWebAwaitingApproval.pipelines[0].arn,
      'Approve',
      'ReleaseApproval',
      { decision: 'Approved', comment: undefined },
    );
    // The overview is asked again, so the approved row moves on.
    await waitFor(() =>
      expect(getOverview.mock.calls.length).toBeGreaterThan(callsBefore),
    );
  });

  it('says so when no entity has Slipway annotations', async () => {
    await renderOverview(async () => fleetWithoutAnnotatedEntities);
    expect(
      await screen.findByText('No services with Slipway annotations yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/aws\.amazon\.com\/aws-codepipeline-arn/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('grid')).toBeNull();
  });

  it('offers to clear filters that match nothing', async () => {
    const { getOverview } = await renderOverview(async query =>
      query?.status === 'healthy'
        ? fleetOverview([], { progress: { ready: 6, total: 6 } })
        : fleetFirstPage,
    );
    await screen.findByText('Checkout web');
    await choose('Status', 'Healthy');
    expect(
      await screen.findByText('No services match these filters.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(await screen.findByText('Checkout web')).toBeInTheDocument();
    expect(lastQuery(getOverview)).toEqual({ limit: 25 });
  });

  it('explains a backend that cannot be reached, and tries again on request', async () => {
    let fail = true;
    const { getOverview } = await renderOverview(async () => {
      if (fail) throw new TypeError('Failed to fetch');
      return fleetFirstPage;
    });
    expect(
      await screen.findByText(/Slipway backend unavailable/),
    ).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Checkout web')).toBeInTheDocument();
    expect(getOverview).toHaveBeenCalledTimes(2);
  });

  it('says when the viewer may not read the overview', async () => {
    await renderOverview(notPermittedToRead);
    expect(
      await screen.findByText('You are not permitted to see this'),
    ).toBeInTheDocument();
  });

  it('keeps the last answer when a refresh fails, and says so', async () => {
    let fail = false;
    await renderOverview(async () => {
      if (fail) throw backendError(503, 'ServiceUnavailable', 'Overloaded.');
      return fleetOverview([ordersApiFailingBuild]);
    }, {});
    await screen.findByText('Orders API');
    fail = true;
    // An approval's refresh or the next poll: here, a filter change.
    await choose('Status', 'Failing');
    expect(
      await screen.findByText('Could not refresh the overview'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Overloaded\./)).toBeInTheDocument();
    expect(screen.getByText('Orders API')).toBeInTheDocument();
  });

  it('shows DORA metrics per owner over 30 days', async () => {
    await renderOverview(twoPages);
    const dora = await screen.findByRole('grid', {
      name: 'DORA metrics by owner, last 30 days',
    });
    const payments = within(dora)
      .getAllByRole('row')
      .find(r => within(r).queryByText('payments-team'))!;
    expect(payments).toHaveTextContent('4 services');
    expect(payments).toHaveTextContent(
      '2.4 per dayElite · from 72 production deployments',
    );
    expect(payments).toHaveTextContent('45 minutesElite · from 72 changes');
    const platform = within(dora)
      .getAllByRole('row')
      .find(r => within(r).queryByText('platform-team'))!;
    expect(platform).toHaveTextContent('1 service, 1 not counted yet');
    expect(platform).toHaveTextContent('No datafrom 0 failures restored');
  });
});
