import { defaultForm, type FormInput, type Routing } from 'local-world/testing';

/** The Flask form, its defaults and the values the template derives: shared with the local world's tests. */
export {
  ACCOUNT,
  REGION,
  actionOutputs,
  defaultForm,
  skeletonValues,
  type FormInput,
  type Routing,
} from 'local-world/testing';

export interface Variant {
  title: string;
  form: FormInput;
  routing: Routing;
}

const form = (overrides: Partial<FormInput>): FormInput => ({
  ...defaultForm,
  repoUrl: `github.com?owner=acme&repo=${overrides.name ?? defaultForm.name}`,
  ...overrides,
});

/** One rendered tree per strategy, plus edge cases of the form. */
export const variants: Variant[] = [
  { title: 'rolling', form: form({ strategy: 'rolling' }), routing: 'host' },
  {
    title: 'rolling behind a path prefix',
    form: form({ name: 'stock-api', strategy: 'rolling' }),
    routing: 'path',
  },
  {
    title: 'blue-green all at once',
    form: form({ name: 'checkout-web', strategy: 'blue-green' }),
    routing: 'host',
  },
  {
    title: 'canary behind a path prefix',
    form: form({ name: 'refunds-api', strategy: 'canary', port: 9000 }),
    routing: 'path',
  },
  {
    title: 'linear',
    form: form({
      name: 'ledger-api',
      strategy: 'linear',
      environments: ['dev', 'staging', 'prod'],
      approvalBefore: 'staging',
    }),
    routing: 'host',
  },
  {
    title: 'longest name, no description or system, big task',
    form: form({
      name: 'a-very-long-service-name-32-char',
      description: undefined,
      system: undefined,
      cpu: '4096',
      memory: '30720',
      desiredCount: 20,
    }),
    routing: 'path',
  },
  {
    title: 'single environment, no approval',
    form: form({
      name: 'solo',
      environments: ['prod'],
      approvalBefore: 'none',
      strategy: 'canary',
    }),
    routing: 'host',
  },
  {
    title: 'approval before the first environment, quotes in the description',
    form: form({
      name: 'gated-api',
      description: 'Say "hello" in YAML: it\'s: tricky # not a comment',
      environments: ['dev', 'staging'],
      approvalBefore: 'dev',
    }),
    routing: 'host',
  },
];
