/* eslint-disable no-script-url -- hostile `javascript:` tag values are the input these tests feed in */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  notPermittedToRead,
  ecsCircuitBreakerRollback,
  ecsResponse,
  ecsServiceAcrossAccounts,
  ecsServiceInDevAndProd,
  ecsServiceWithUrl,
  ordersWebBehindLoadBalancer,
  serviceResultOf,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityEcsDeploymentsCard } from './EntityEcsDeploymentsCard';

describe('EntityEcsDeploymentsCard', () => {
  it('shows rollout, counts and deployments, and refreshes on demand bypassing the cache', async () => {
    const getEcsServices = jest.fn(async () => ecsCircuitBreakerRollback);
    await renderForEntity(<EntityEcsDeploymentsCard />, {
      api: { getEcsServices },
    });
    expect(
      await screen.findByText('3/3 running · 1 pending'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', {
        name: 'ACTIVE deployment checkout-web:43',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /^Open / }),
    ).not.toBeInTheDocument();
    const card = screen.getByRole('article', { name: 'ECS deployments' });
    expect(
      within(card).getByRole('heading', { level: 2, name: 'ECS deployments' }),
    ).toBeInTheDocument();
    fireEvent.click(within(card).getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(getEcsServices).toHaveBeenLastCalledWith(expect.anything(), {
        refresh: true,
      }),
    );
  });

  it("names each service's environment, so dev and prod are told apart", async () => {
    await renderForEntity(<EntityEcsDeploymentsCard />, {
      api: { getEcsServices: async () => ecsServiceInDevAndProd },
    });
    const dev = await screen.findByRole('region', {
      name: 'ECS service orders-api-dev in dev',
    });
    const prod = screen.getByRole('region', {
      name: 'ECS service orders-api-prod in prod',
    });
    expect(within(dev).getByText('dev')).toBeInTheDocument();
    expect(within(dev).queryByText('prod')).not.toBeInTheDocument();
    expect(within(prod).getByText('prod')).toBeInTheDocument();
  });

  it('shows the account and region of each service, and links into that account', async () => {
    await renderForEntity(<EntityEcsDeploymentsCard />, {
      api: { getEcsServices: async () => ecsServiceAcrossAccounts },
    });
    const dev = await screen.findByRole('region', {
      name: 'ECS service orders-api-dev in dev',
    });
    const prod = screen.getByRole('region', {
      name: 'ECS service orders-api-prod in prod',
    });
    expect(
      within(dev).getByText('AWS account 123456789012 · us-east-1'),
    ).toBeInTheDocument();
    expect(
      within(prod).getByText('AWS account 222222222222 · eu-west-1'),
    ).toBeInTheDocument();
    expect(
      within(prod).getByRole('link', { name: /^orders-api-prod/ }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^https:\/\/acme\.awsapps\.com\/start\/#\/console\?account_id=222222222222&/,
      ),
    );
  });

  it('shows no environment the tag did not name cleanly', async () => {
    const odd = ecsResponse([
      serviceResultOf({ ...ordersWebBehindLoadBalancer, environment: '<b>x' }),
    ]);
    await renderForEntity(<EntityEcsDeploymentsCard />, {
      api: { getEcsServices: async () => odd },
    });
    expect(
      await screen.findByRole('region', { name: 'ECS service orders-web' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('<b>x')).not.toBeInTheDocument();
  });

  it('links to the URL the service answers on, in a new tab', async () => {
    await renderForEntity(<EntityEcsDeploymentsCard />, {
      api: { getEcsServices: async () => ecsServiceWithUrl },
    });
    const link = await screen.findByRole('link', {
      name: /^Open https:\/\/orders\.dev\.example\.com\s?\(opens in a new tab\)$/,
    });
    expect(link).toHaveAttribute('href', 'https://orders.dev.example.com');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('shows no link for a URL that is not http(s), even if one reaches the browser', async () => {
    const scripted = ecsResponse([
      serviceResultOf({
        ...ordersWebBehindLoadBalancer,
        url: 'javascript:alert(1)',
      }),
    ]);
    await renderForEntity(<EntityEcsDeploymentsCard />, {
      api: { getEcsServices: async () => scripted },
    });
    expect(
      await screen.findByText('2/2 running · 0 pending'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /^Open / }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/javascript:/)).not.toBeInTheDocument();
  });

  it('says the user is not permitted', async () => {
    await renderForEntity(<EntityEcsDeploymentsCard />, {
      api: { getEcsServices: notPermittedToRead },
    });
    expect(
      await screen.findByText('You are not permitted to see this'),
    ).toBeInTheDocument();
  });
});
