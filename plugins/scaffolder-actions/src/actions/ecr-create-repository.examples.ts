import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Image repository for a new component, named after it, with the defaults (immutable tags, scan on push, keep 30 images). In a template, pass the form values, e.g. component: ${{ parameters.component }}; the action checks them itself.',
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'slipway:ecr:create-repository',
          name: 'Create the image repository',
          input: {
            component: 'orders-api',
            owner: 'group:default/payments',
            environment: 'dev',
          },
        },
      ],
    }),
  },
  {
    description:
      'Component in the catalog namespace payments (tagged slipway:component=payments/orders-api), with an explicit repository name under a team prefix, keeping the last 100 images.',
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'slipway:ecr:create-repository',
          name: 'Create the image repository',
          input: {
            component: 'orders-api',
            namespace: 'payments',
            owner: 'group:payments/orders-team',
            environment: 'dev',
            repositoryName: 'payments/orders-api',
            keepImages: 100,
          },
        },
      ],
    }),
  },
  {
    description:
      'Mutable tags (for a `latest` tag workflow) and no scan on push, for a sandbox environment.',
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'slipway:ecr:create-repository',
          name: 'Create the image repository',
          input: {
            component: 'prototype',
            owner: 'user:default/jdoe',
            environment: 'sandbox',
            imageTagMutability: 'MUTABLE',
            scanOnPush: false,
          },
        },
      ],
    }),
  },
];
