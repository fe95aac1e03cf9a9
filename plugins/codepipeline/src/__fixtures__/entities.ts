import type { Entity } from '@backstage/catalog-model';

/** A web app with two pipelines (main + hotfix) and its ECS service. */
export const checkoutWebEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-web',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/aws-codepipeline-arn':
        'arn:aws:codepipeline:us-east-1:123456789012:checkout-web,arn:aws:codepipeline:us-east-1:123456789012:checkout-web-hotfix',
      'aws.amazon.com/amazon-ecs-service-arn':
        'arn:aws:ecs:us-east-1:123456789012:service/payments/checkout-web',
    },
  },
  spec: {
    type: 'website',
    owner: 'group:payments-team',
    lifecycle: 'production',
  },
};

/** A worker annotated with an ECS service only. */
export const ledgerWorkerEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger-worker',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-ecs-service-arn':
        'arn:aws:ecs:us-east-1:123456789012:service/payments/ledger-worker',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:payments-team',
    lifecycle: 'production',
  },
};

/** A component that has none of Slipway's annotations. */
export const docsSiteWithoutAnnotations: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'docs-site', namespace: 'default' },
  spec: {
    type: 'website',
    owner: 'group:platform-team',
    lifecycle: 'production',
  },
};
