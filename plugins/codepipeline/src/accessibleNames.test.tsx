import { fireEvent, screen } from '@testing-library/react';
import { EntityCodePipelineCard } from './components/EntityCodePipelineCard';
import { EntityCodePipelineContent } from './components/EntityCodePipelineContent';
import { EntityDeliveryTimeline } from './components/EntityDeliveryTimeline';
import { EntityDoraMetricsCard } from './components/EntityDoraMetricsCard';
import { EntityEcsDeploymentsCard } from './components/EntityEcsDeploymentsCard';
import { EntityEcsDeploymentsContent } from './components/EntityEcsDeploymentsContent';
import { namedWithoutRole } from './__testUtils__/namedWithoutRole';
import { renderForEntity } from './__testUtils__/renderForEntity';

// The audit: an aria-label on a plain span or div (the task counts, an
// execution's duration, the pipeline tab's content) names nothing; the
// words go into ScreenReaderText, or the element gets a role.
describe('accessible names', () => {
  it.each([
    [
      'the pipelines card',
      <EntityCodePipelineCard />,
      () => screen.findByRole('list', { name: 'Stages of checkout-web' }),
    ],
    [
      'the ECS card',
      <EntityEcsDeploymentsCard />,
      () => screen.findAllByRole('list', { name: 'Deployments' }),
    ],
    [
      'the ECS deployments tab',
      <EntityEcsDeploymentsContent />,
      () => screen.findAllByRole('list', { name: 'Deployments' }),
    ],
    [
      'the delivery timeline',
      <EntityDeliveryTimeline />,
      () => screen.findByRole('region', { name: 'Where is my commit now?' }),
    ],
    [
      'the DORA card',
      <EntityDoraMetricsCard />,
      () => screen.findByRole('list', { name: 'DORA metrics' }),
    ],
  ])('names no plain element in %s', async (_view, element, loaded) => {
    await renderForEntity(element);
    await loaded();
    expect(namedWithoutRole()).toEqual([]);
  });

  it('names no plain element in the CI/CD tab and its execution drawer', async () => {
    await renderForEntity(<EntityCodePipelineContent />);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Show execution exec-0005' }),
    );
    await screen.findByRole('table', { name: /CodeBuild phases/ });
    expect(namedWithoutRole()).toEqual([]);
  });
});
