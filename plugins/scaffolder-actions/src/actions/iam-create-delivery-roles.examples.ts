import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'roles',
        action: 'slipway:iam:create-delivery-roles',
        name: 'Create the delivery roles',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'Roles for a component that deploys to one environment with ECS rolling updates. In a template, pass the form values (component: ${{ parameters.component }}); the action checks them itself.',
    example: step({
      component: 'orders',
      owner: 'group:default/payments',
      environment: 'dev',
      repositoryName: 'orders',
    }),
  },
  {
    description:
      'Roles for a pipeline that deploys to staging and then prod with CodeDeploy blue/green (adds the CodeDeploy role).',
    example: step({
      component: 'orders-api',
      owner: 'group:default/payments',
      environment: 'staging',
      deployEnvironments: ['staging', 'prod'],
      pipelineName: 'orders-api',
      blueGreen: true,
    }),
  },
];
