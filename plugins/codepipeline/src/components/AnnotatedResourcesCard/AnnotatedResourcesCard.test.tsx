import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { codePipelineApiRef } from '../../api';
import { AnnotatedResourcesCard } from './AnnotatedResourcesCard';

const checkoutWeb: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-web',
    annotations: {
      'aws.amazon.com/aws-codepipeline-arn':
        'arn:aws:codepipeline:us-east-1:123456789012:checkout-web, arn:aws:codepipeline:us-east-1:123456789012:checkout-web-hotfix',
      'aws.amazon.com/amazon-ecs-service-tags':
        'slipway:component=checkout-web',
    },
  },
  spec: { type: 'website', owner: 'group:payments-team' },
};

describe('AnnotatedResourcesCard', () => {
  it('lists every resource named by the annotations, one per ARN', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            codePipelineApiRef,
            {
              getHealth: async () => ({
                status: 'ok' as const,
                aws: {
                  configured: false,
                  reachable: false,
                  message: 'AWS is not configured',
                  checkedAt: '2026-11-22T10:00:00.000Z',
                },
              }),
            },
          ],
        ]}
      >
        <EntityProvider entity={checkoutWeb}>
          <AnnotatedResourcesCard />
        </EntityProvider>
      </TestApiProvider>,
    );

    const list = screen.getByRole('list', { name: 'Annotated AWS resources' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'arn:aws:codepipeline:us-east-1:123456789012:checkout-webPipeline',
      'arn:aws:codepipeline:us-east-1:123456789012:checkout-web-hotfixPipeline',
      'slipway:component=checkout-webECS services tagged',
    ]);
    expect(
      await screen.findAllByText('AWS is not configured'),
    ).not.toHaveLength(0);
  });
});
