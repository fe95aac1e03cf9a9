import { screen, within } from '@testing-library/react';
import {
  docsSiteWithoutAnnotations,
  ecsBlueGreenShiftingTraffic,
  ecsCircuitBreakerRollback,
  ecsPartialAccessDenied,
  ecsResponse,
  ecsServiceInDevAndProd,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityEcsDeploymentsContent } from './EntityEcsDeploymentsContent';

describe('EntityEcsDeploymentsContent', () => {
  it('shows a circuit-breaker rollback: both deployments, failed tasks, stop reasons and events', async () => {
    await renderForEntity(<EntityEcsDeploymentsContent />, {
      api: { getEcsServices: async () => ecsCircuitBreakerRollback },
    });
    const deployments = await screen.findByRole('list', {
      name: 'Deployments',
    });
    expect(
      within(deployments).getByRole('listitem', {
        name: 'PRIMARY deployment checkout-web:42',
      }),
    ).toBeInTheDocument();
    const failed = within(deployments).getByRole('listitem', {
      name: 'ACTIVE deployment checkout-web:43',
    });
    expect(within(failed).getByText('3 failed tasks')).toBeInTheDocument();
    expect(
      within(failed).getByText(/tasks failed to start/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', {
        name: 'checkout-web:42: 2 of 3 tasks running',
      }),
    ).toHaveAttribute('aria-valuenow', '67');
    expect(
      screen.getByText(
        /TaskFailedToStart — Essential container in task exited/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('web: exit code 3 (gunicorn: worker failed to boot)'),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('list', { name: 'Recent service events' }),
      ).getAllByRole('listitem'),
    ).toHaveLength(2);
  });

  it('shows a blue/green deployment shifting traffic', async () => {
    await renderForEntity(<EntityEcsDeploymentsContent />, {
      api: { getEcsServices: async () => ecsBlueGreenShiftingTraffic },
    });
    const panel = await screen.findByRole('region', {
      name: 'Blue/green deployment',
    });
    expect(
      within(panel).getByText('CodeDeployDefault.ECSCanary10Percent5Minutes'),
    ).toBeInTheDocument();
    expect(within(panel).getByText('10% of traffic')).toBeInTheDocument();
    expect(within(panel).getByText('90% of traffic')).toBeInTheDocument();
    expect(within(panel).getByText('AllowTraffic')).toBeInTheDocument();
  });

  it("shows one service's access-denied error beside the other's data", async () => {
    await renderForEntity(<EntityEcsDeploymentsContent />, {
      api: { getEcsServices: async () => ecsPartialAccessDenied },
    });
    expect(
      await screen.findByRole('region', { name: 'ECS service ledger-worker' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('ledger-audit: AWS denied access'),
    ).toBeInTheDocument();
    expect(screen.getByText(/ecs:DescribeServices/)).toBeInTheDocument();
  });

  it("names each service's environment in the Deployments tab", async () => {
    await renderForEntity(<EntityEcsDeploymentsContent />, {
      api: { getEcsServices: async () => ecsServiceInDevAndProd },
    });
    const prod = await screen.findByRole('region', {
      name: 'ECS service orders-api-prod in prod',
    });
    expect(within(prod).getByText('prod')).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'ECS service orders-api-dev in dev' }),
    ).toBeInTheDocument();
  });

  it('says when no service was found', async () => {
    await renderForEntity(<EntityEcsDeploymentsContent />, {
      api: { getEcsServices: async () => ecsResponse([]) },
    });
    expect(
      await screen.findByText('No ECS services found'),
    ).toBeInTheDocument();
  });

  it('names the annotations when the entity has none', async () => {
    await renderForEntity(<EntityEcsDeploymentsContent />, {
      entity: docsSiteWithoutAnnotations,
    });
    expect(
      screen.getAllByText(/aws.amazon.com\/amazon-ecs-service-arn/).length,
    ).toBeGreaterThan(0);
  });
});
