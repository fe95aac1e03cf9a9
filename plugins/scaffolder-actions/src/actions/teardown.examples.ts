import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Deletes everything Slipway created for a component in dev, staging and prod; the form repeats the name to confirm.',
    example: yaml.stringify({
      steps: [
        {
          id: 'teardown',
          action: 'slipway:teardown',
          name: 'Delete the component’s AWS resources',
          input: {
            component: '${{ parameters.component }}',
            environments: ['dev', 'staging', 'prod'],
            confirm: '${{ parameters.confirm }}',
          },
        },
      ],
    }),
  },
];
