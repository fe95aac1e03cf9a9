import { screen, within } from '@testing-library/react';
import {
  notPermittedToRead,
  changeLiveInProduction,
  changeRolledBackByCircuitBreaker,
  changeWaitingForApproval,
  docsSiteWithoutAnnotations,
  timelineHotfixThrottled,
  timelineResponse,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityDeliveryTimeline } from './EntityDeliveryTimeline';

const changeLabels = () =>
  within(screen.getByRole('list', { name: 'Changes, newest first' }))
    .getAllByRole('listitem', { name: /^Change / })
    .map(item => item.getAttribute('aria-label'));

describe('EntityDeliveryTimeline', () => {
  it('answers "where is my commit now?" at the top, newest change first', async () => {
    const getTimeline = jest.fn(async () =>
      timelineResponse([
        changeLiveInProduction,
        changeWaitingForApproval,
        changeRolledBackByCircuitBreaker,
      ]),
    );
    await renderForEntity(<EntityDeliveryTimeline />, { api: { getTimeline } });

    const whereNow = await screen.findByRole('region', {
      name: 'Where is my commit now?',
    });
    expect(
      within(whereNow).getByRole('heading', {
        name: 'Latest commit 9f1c2ab Add order confirmation e-mail: waiting for approval before Deploy-prod',
      }),
    ).toBeInTheDocument();
    expect(whereNow).toHaveTextContent(
      'Production runs 4e5f6a7 Show delivery estimate at checkout (checkout-web), deployed',
    );
    expect(changeLabels()).toEqual([
      'Change 9f1c2ab',
      'Change 1b2c3d4',
      'Change 4e5f6a7',
    ]);
    expect(getTimeline).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout-web' },
      { limit: 10, refresh: false },
    );
  });

  it('walks a change from its commit through each stage to its rollout', async () => {
    await renderForEntity(<EntityDeliveryTimeline />, {
      api: {
        getTimeline: async () => timelineResponse([changeLiveInProduction]),
      },
    });
    const change = await screen.findByRole('listitem', {
      name: 'Change 4e5f6a7',
    });
    expect(
      within(change).getByRole('link', {
        name: /^4e5f6a7 Show delivery estimate at checkout/,
      }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/checkout-web/commit/4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5',
    );
    expect(within(change).getByText('Live in production')).toBeInTheDocument();
    const journey = within(change).getByRole('list', {
      name: 'Journey of 4e5f6a7',
    });
    expect(
      within(journey)
        .getAllByRole('listitem')
        .map(step => step.textContent),
    ).toEqual([
      expect.stringMatching(/^Source: Succeeded.*20s$/),
      expect.stringMatching(/^Build: Succeeded.*8m 05s$/),
      expect.stringMatching(
        /^Approve: Succeeded.*21m 00sWaited 21m 00s for approval — Approved by ana@acme.example: Looks good, ship it$/,
      ),
      expect.stringMatching(/^Deploy-prod: Succeeded \(production\).*11m 30s$/),
      expect.stringMatching(
        /^ECS checkout-web: rollout completed.*ecs-svc\/2222 · task definition checkout-web:42/,
      ),
    ]);
    expect(
      within(change).getByText('Now: live in production'),
    ).toBeInTheDocument();
    // The only change is the live one: no separate "production runs" line.
    expect(
      screen.getByRole('region', { name: 'Where is my commit now?' }),
    ).not.toHaveTextContent('Production runs');
  });

  it('flags a rollout the circuit breaker rolled back, and the approval still pending', async () => {
    await renderForEntity(<EntityDeliveryTimeline />, {
      api: {
        getTimeline: async () =>
          timelineResponse([
            changeWaitingForApproval,
            changeRolledBackByCircuitBreaker,
          ]),
      },
    });
    const rolledBack = await screen.findByRole('listitem', {
      name: 'Change 1b2c3d4',
    });
    expect(within(rolledBack).getByText('Rolled back')).toBeInTheDocument();
    expect(
      within(rolledBack).getByText(
        'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/2222.',
      ),
    ).toBeInTheDocument();
    expect(within(rolledBack).queryByText('Live in production')).toBeNull();

    const waiting = screen.getByRole('listitem', { name: 'Change 9f1c2ab' });
    expect(
      within(waiting).getByText('Waiting for approval for 7m 55s'),
    ).toBeInTheDocument();
    expect(
      within(waiting).getByText('Deploy-prod: Not reached (production)'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Where is my commit now?' }),
    ).toHaveTextContent('None of these changes is live in production yet.');
  });

  it("shows a throttled pipeline's error beside the other pipeline's changes", async () => {
    await renderForEntity(<EntityDeliveryTimeline />, {
      api: { getTimeline: async () => timelineHotfixThrottled },
    });
    expect(
      await screen.findByText(
        'checkout-web-hotfix: AWS is throttling requests',
      ),
    ).toBeInTheDocument();
    expect(changeLabels()).toEqual(['Change 4e5f6a7']);
  });

  it('says so when no pipeline has run yet', async () => {
    await renderForEntity(<EntityDeliveryTimeline />, {
      api: { getTimeline: async () => timelineResponse([]) },
    });
    expect(await screen.findByText('No changes yet')).toBeInTheDocument();
  });

  it('explains a missing permission', async () => {
    await renderForEntity(<EntityDeliveryTimeline />, {
      api: { getTimeline: notPermittedToRead },
    });
    expect(
      await screen.findByText('You are not permitted to see this'),
    ).toBeInTheDocument();
  });

  it('shows a skeleton while loading', async () => {
    await renderForEntity(<EntityDeliveryTimeline />, {
      api: { getTimeline: () => new Promise(() => {}) },
    });
    expect(
      screen.getByRole('progressbar', {
        name: 'Loading the delivery timeline',
      }),
    ).toBeInTheDocument();
  });

  it('names the annotations when the entity has none', async () => {
    const getTimeline = jest.fn();
    await renderForEntity(<EntityDeliveryTimeline />, {
      entity: docsSiteWithoutAnnotations,
      api: { getTimeline },
    });
    expect(
      screen.getAllByText(/aws.amazon.com\/aws-codepipeline-arn/).length,
    ).toBeGreaterThan(0);
    expect(getTimeline).not.toHaveBeenCalled();
  });
});
