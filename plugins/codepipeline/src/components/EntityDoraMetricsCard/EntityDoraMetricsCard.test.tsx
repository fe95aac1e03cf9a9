import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  notPermittedToRead,
  docsSiteWithoutAnnotations,
  doraAwsNotConfigured,
  doraForWindow,
  doraNoDeploymentsInTheReadablePipeline,
  eliteTeam30Days,
  healthConnected,
  healthNotConfigured,
  noHistoryYet,
  slowQuarter90Days,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityDoraMetricsCard } from './EntityDoraMetricsCard';

const checkoutWeb = {
  kind: 'Component',
  namespace: 'default',
  name: 'checkout-web',
};

const metric = (name: string) =>
  within(screen.getByRole('list', { name: 'DORA metrics' })).getByRole(
    'listitem',
    { name },
  );

describe('EntityDoraMetricsCard', () => {
  it('shows the four metrics of an elite team with value, unit, band and sample size', async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: { getDoraMetrics: async () => eliteTeam30Days },
    });
    expect(
      await screen.findByRole('list', { name: 'DORA metrics' }),
    ).toBeInTheDocument();
    expect(metric('Deployment frequency')).toHaveTextContent(
      'Deployment frequency2.4per dayElitefrom 72 production deployments',
    );
    expect(metric('Lead time for changes')).toHaveTextContent(
      'Lead time for changes45minutesElitefrom 72 changes',
    );
    expect(metric('Change failure rate')).toHaveTextContent(
      'Change failure rate4.2%Elitefrom 72 deployments',
    );
    expect(metric('Time to restore')).toHaveTextContent(
      'Time to restore30minutesElitefrom 3 failures restored',
    );
    expect(
      screen.getByText(
        /measured from the pipeline execution's start, which the push triggers/,
      ),
    ).toHaveTextContent(
      'Counts as production: checkout-web → Deploy-prod (deploys to prod, marked production in slipway.environments).',
    );
  });

  it('summarises the trend chart for screen readers', async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: { getDoraMetrics: async () => eliteTeam30Days },
    });
    expect(
      await screen.findByRole('img', {
        name: 'Deployments per week over the last 30 days: 14, 15, 17, 18, 8 (72 in total); failures: 1, 0, 1, 1, 0 (3 in total).',
      }),
    ).toBeInTheDocument();
  });

  it('asks the backend again for the window the user picks', async () => {
    const getDoraMetrics = jest.fn(
      async (_entity: unknown, windowDays: 7 | 30 | 90) =>
        doraForWindow(windowDays),
    );
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: { getDoraMetrics },
    });
    await screen.findByRole('list', { name: 'DORA metrics' });
    expect(getDoraMetrics).toHaveBeenLastCalledWith(checkoutWeb, 30, {
      refresh: false,
    });
    expect(screen.getByRole('radio', { name: 'Last 30 days' })).toBeChecked();

    fireEvent.click(screen.getByRole('radio', { name: 'Last 90 days' }));
    await waitFor(() =>
      expect(getDoraMetrics).toHaveBeenLastCalledWith(checkoutWeb, 90, {
        refresh: false,
      }),
    );
    expect(await screen.findByText('Low')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Last 90 days' })).toBeChecked();

    fireEvent.click(screen.getByRole('radio', { name: 'Last 7 days' }));
    expect(
      await screen.findByRole('img', {
        name: /^Deployments per day over the last 7 days/,
      }),
    ).toBeInTheDocument();
  });

  it('notes truncated history and a pipeline that could not be read, with medium, high and low bands', async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: { getDoraMetrics: async () => slowQuarter90Days },
    });
    expect(
      await screen.findByText(
        /Only the most recent part of this window's history was read/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('checkout-web-hotfix: AWS is throttling requests'),
    ).toBeInTheDocument();
    expect(metric('Deployment frequency')).toHaveTextContent('1per weekMedium');
    expect(metric('Lead time for changes')).toHaveTextContent('2.2daysMedium');
    expect(metric('Change failure rate')).toHaveTextContent('39%Low');
    expect(metric('Time to restore')).toHaveTextContent('30hoursHigh');
  });

  it('explains that a new service has no production deployments yet', async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: { getDoraMetrics: async () => noHistoryYet },
    });
    expect(
      await screen.findByText(
        /No production deployments in the last 30 days yet/,
      ),
    ).toBeInTheDocument();
    expect(metric('Lead time for changes')).toHaveTextContent(
      '—no datafrom 0 changes',
    );
    expect(
      screen.getByRole('img', { name: 'No deployments in the last 30 days.' }),
    ).toBeInTheDocument();
  });

  it('shows the AWS setup state, not "no production deployments", when AWS is not configured', async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: {
        getDoraMetrics: async () => doraAwsNotConfigured,
        getHealth: async () => healthNotConfigured,
      },
    });
    expect(
      await screen.findByRole('status', { name: 'AWS is not configured' }),
    ).toHaveTextContent('app-config.local.yaml');
    expect(screen.queryByText(/No production deployments/)).toBeNull();
    expect(screen.queryByRole('list', { name: 'DORA metrics' })).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it("names the pipeline's missing account when the rest of AWS is configured, and claims nothing", async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: {
        getDoraMetrics: async () => doraAwsNotConfigured,
        getHealth: async () => healthConnected,
      },
    });
    expect(
      await screen.findByText('checkout-web: AWS account not configured'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No production deployments/)).toBeNull();
    expect(screen.queryByRole('list', { name: 'DORA metrics' })).toBeNull();
  });

  it('shows the error, not "no production deployments", when the metrics could not be loaded', async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: {
        getDoraMetrics: async () => {
          throw new TypeError('Failed to fetch');
        },
      },
    });
    expect(
      await screen.findByText(/Slipway backend unavailable/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No production deployments/)).toBeNull();
    expect(screen.queryByRole('list', { name: 'DORA metrics' })).toBeNull();
  });

  it('limits "no production deployments" to the pipelines that could be read', async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: {
        getDoraMetrics: async () => doraNoDeploymentsInTheReadablePipeline,
      },
    });
    expect(
      await screen.findByText(
        'checkout-web-hotfix: AWS is throttling requests',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^No production deployments in the last 30 days in the pipelines that could be read yet\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'No deployments in the last 30 days in the pipelines that could be read.',
      }),
    ).toBeInTheDocument();
  });

  it('explains a missing permission', async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: { getDoraMetrics: notPermittedToRead },
    });
    expect(
      await screen.findByText('You are not permitted to see this'),
    ).toBeInTheDocument();
  });

  it('shows a skeleton while loading', async () => {
    await renderForEntity(<EntityDoraMetricsCard />, {
      api: { getDoraMetrics: () => new Promise(() => {}) },
    });
    expect(
      screen.getByRole('progressbar', { name: 'Loading DORA metrics' }),
    ).toBeInTheDocument();
  });

  it('names the annotations when the entity has none', async () => {
    const getDoraMetrics = jest.fn();
    await renderForEntity(<EntityDoraMetricsCard />, {
      entity: docsSiteWithoutAnnotations,
      api: { getDoraMetrics },
    });
    expect(
      screen.getAllByText(/aws.amazon.com\/aws-codepipeline-arn/).length,
    ).toBeGreaterThan(0);
    expect(getDoraMetrics).not.toHaveBeenCalled();
  });

  it('offers the windows as a named group of checked and unchecked toggles', async () => {
    await renderForEntity(<EntityDoraMetricsCard />);
    // One window at a time: Backstage UI's single-selection toggle group is a
    // radio group (arrow keys move between the windows).
    const group = await screen.findByRole('radiogroup', {
      name: 'Time window',
    });
    const toggles = within(group).getAllByRole('radio');
    expect(toggles.map(t => t.getAttribute('aria-checked'))).toEqual([
      'false',
      'true',
      'false',
    ]);
  });

  it('is a card named by its heading', async () => {
    await renderForEntity(<EntityDoraMetricsCard />);
    const card = await screen.findByRole('article', { name: 'DORA metrics' });
    expect(
      within(card).getByRole('heading', { level: 2, name: 'DORA metrics' }),
    ).toBeInTheDocument();
  });
});
