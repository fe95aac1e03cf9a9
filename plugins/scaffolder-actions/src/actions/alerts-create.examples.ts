import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'alerts',
        action: 'slipway:alerts:create',
        name: 'Alert the developers when the pipeline fails',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'Alert topic for the component, the owner group’s catalog e-mail subscribed (in a template, e.g. the spec.profile.email of the owner entity fetched with catalog:fetch), failed runs of the pipeline published to it.',
    example: step({
      component: 'orders',
      owner: 'group:default/payments',
      environment: 'dev',
      pipelineName: 'orders',
      emails: ['payments-team@example.com'],
    }),
  },
  {
    description:
      'Only the addresses configured under slipway.environments.prod.alerts.emails; the pipeline is named after the component.',
    example: step({
      component: 'orders-api',
      namespace: 'payments',
      owner: 'group:payments/orders-team',
      environment: 'prod',
    }),
  },
];
