import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Removes everything Slipway created for a component in dev and prod (only resources tagged with its component, owner and slipway:managed-by); the form repeats the name to confirm.',
    example: yaml.stringify({
      steps: [
        {
          id: 'teardown',
          action: 'slipway:teardown',
          name: 'Remove the component’s AWS resources',
          input: {
            component: 'orders',
            namespace: 'default',
            owner: 'group:default/payments',
            environment: 'dev',
            environments: ['prod'],
            confirm: 'orders',
          },
        },
      ],
    }),
  },
  {
    description:
      'Last step of a template: when an earlier step failed, removes what this run created (and nothing it found already there); the run page lists what was removed.',
    example: yaml.stringify({
      steps: [
        {
          id: 'clean-up',
          if: '${{ failure() }}',
          action: 'slipway:teardown',
          name: 'Remove what this run created',
          input: {
            component: '${{ parameters.component }}',
            owner: '${{ parameters.owner }}',
            environment: '${{ parameters.environments[0] }}',
            environments: '${{ parameters.environments }}',
            createdByTask: '${{ context.task.id }}',
          },
        },
      ],
    }),
  },
];
