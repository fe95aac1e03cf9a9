import Grid from '@material-ui/core/Grid';
import type { ResourceError } from '@slipway/plugin-codepipeline-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import {
  CHECKOUT_PIPELINE_ARN,
  doraAwsNotConfigured,
  ecsResponse,
  healthConnected,
  healthNotConfigured,
  pipelinesAccountNotConfigured,
  timelineResponse,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityCodePipelineCard } from '../EntityCodePipelineCard';
import { EntityDeliveryTimeline } from '../EntityDeliveryTimeline';
import { EntityDoraMetricsCard } from '../EntityDoraMetricsCard';
import { EntityEcsDeploymentsCard } from '../EntityEcsDeploymentsCard';
import { ResourceErrorPanel } from '../ResourceErrorPanel';

const noCredentials = (what: string): ResourceError => ({
  kind: 'account-not-configured',
  message: `No AWS credentials are configured for ${what}: add its account under aws.accounts.`,
});

/** What `npm start` without AWS answers for checkout-web, card by card. */
const backendWithoutAws = {
  getHealth: jest.fn(async () => healthNotConfigured),
  getPipelines: async () => pipelinesAccountNotConfigured,
  getEcsServices: async () =>
    ecsResponse([
      {
        arn: 'arn:aws:ecs:us-east-1:123456789012:service/shop/checkout-web-dev',
        name: 'checkout-web-dev',
        error: noCredentials('service checkout-web-dev'),
      },
      {
        arn: 'arn:aws:ecs:us-east-1:123456789012:service/shop/checkout-web-prod',
        name: 'checkout-web-prod',
        error: noCredentials('service checkout-web-prod'),
      },
    ]),
  getDoraMetrics: async () => doraAwsNotConfigured,
  getTimeline: async () =>
    timelineResponse(
      [],
      [
        {
          arn: CHECKOUT_PIPELINE_ARN,
          name: 'checkout-web',
          error: noCredentials('pipeline checkout-web'),
        },
      ],
    ),
};

function OverviewPage() {
  return (
    <Grid container>
      <Grid item xs={6}>
        <EntityCodePipelineCard />
      </Grid>
      <Grid item xs={6}>
        <EntityEcsDeploymentsCard />
      </Grid>
      <Grid item xs={6}>
        <EntityDoraMetricsCard />
      </Grid>
      <Grid item xs={6}>
        <EntityDeliveryTimeline />
      </Grid>
    </Grid>
  );
}

const waitingLines = () =>
  screen.queryAllByText(
    /waiting for AWS setup — see “AWS is not configured” on this page\.$/i,
  );

describe('AwsSetupNotice', () => {
  it('shows one setup panel for the whole page, and one quiet line in every other place', async () => {
    await renderForEntity(<OverviewPage />, { api: backendWithoutAws });

    const panel = await screen.findByRole('status', {
      name: 'AWS is not configured',
    });
    expect(
      screen.getAllByRole('status', { name: 'AWS is not configured' }),
    ).toHaveLength(1);
    expect(panel).toHaveTextContent(
      'The Slipway backend found no AWS credentials, so nothing on this page can be read from AWS yet.',
    );
    expect(panel).toHaveTextContent('app-config.local.yaml');
    // The pipeline card comes first on the page, so it holds the panel.
    expect(panel.closest('[class*="MuiGrid-item"]')).toHaveTextContent(
      'Pipelines',
    );

    await waitFor(() =>
      expect(waitingLines().map(line => line.textContent)).toEqual([
        'checkout-web-dev: waiting for AWS setup — see “AWS is not configured” on this page.',
        'checkout-web-prod: waiting for AWS setup — see “AWS is not configured” on this page.',
        'checkout-web: waiting for AWS setup — see “AWS is not configured” on this page.',
        'checkout-web: waiting for AWS setup — see “AWS is not configured” on this page.',
      ]),
    );
    // No error box, no repeated advice, and the health was asked once for all cards.
    expect(screen.queryByText(/AWS account not configured/)).toBeNull();
    expect(screen.queryByText(/add its account under aws.accounts/)).toBeNull();
    expect(screen.queryByText(/No production deployments/)).toBeNull();
    expect(backendWithoutAws.getHealth).toHaveBeenCalledTimes(1);
  });

  it('hands the panel on when the place holding it goes away', async () => {
    function Toggle() {
      const [first, setFirst] = useState(true);
      return (
        <>
          <button onClick={() => setFirst(false)}>Hide the first</button>
          {first && (
            <ResourceErrorPanel
              name="first"
              error={noCredentials('pipeline first')}
            />
          )}
          <ResourceErrorPanel
            name="second"
            error={noCredentials('pipeline second')}
          />
        </>
      );
    }
    await renderForEntity(<Toggle />, {
      api: { getHealth: async () => healthNotConfigured },
    });
    await screen.findByRole('status', { name: 'AWS is not configured' });
    expect(waitingLines().map(line => line.textContent)).toEqual([
      'second: waiting for AWS setup — see “AWS is not configured” on this page.',
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Hide the first' }));
    await waitFor(() => expect(waitingLines()).toHaveLength(0));
    expect(
      screen.getByRole('status', { name: 'AWS is not configured' }),
    ).toBeInTheDocument();
  });

  it("keeps a resource's own error when AWS is configured but not for its account", async () => {
    await renderForEntity(
      <ResourceErrorPanel
        name="checkout-web"
        error={noCredentials('pipeline checkout-web')}
      />,
      { api: { getHealth: async () => healthConnected } },
    );
    expect(
      await screen.findByText('checkout-web: AWS account not configured'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
