import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Last step of a removal template: once the AWS resources are gone, removes the component from the catalog (unregisters the catalog-info.yaml it was registered from); the form repeats the name to confirm.',
    example: yaml.stringify({
      steps: [
        {
          id: 'unregister',
          action: 'slipway:catalog:unregister',
          name: 'Remove the component from the catalog',
          input: {
            entityRef: 'component:default/orders',
            confirm: 'orders',
          },
        },
      ],
    }),
  },
  {
    description:
      'Removes the component picked on the form (an EntityPicker value); a dry run in the template editor only logs what it would unregister.',
    example: yaml.stringify({
      steps: [
        {
          id: 'unregister',
          action: 'slipway:catalog:unregister',
          name: 'Remove the component from the catalog',
          input: {
            entityRef: '${{ parameters.component }}',
            confirm: '${{ parameters.confirm }}',
          },
        },
      ],
    }),
  },
];
