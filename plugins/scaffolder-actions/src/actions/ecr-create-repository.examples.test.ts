import { ConfigReader } from '@backstage/config';
import yaml from 'yaml';
import { z } from 'zod/v3';
import { AwsClientFactory } from '../aws/clients';
import {
  createEcrCreateRepositoryAction,
  ecrCreateRepositoryInputSchema,
} from './ecr-create-repository';

const action = createEcrCreateRepositoryAction({
  config: new ConfigReader({}),
  clients: new AwsClientFactory({
    getCredentialProvider: () => Promise.reject(new Error('not used')),
  }),
});

describe('slipway:ecr:create-repository examples', () => {
  const examples = action.examples ?? [];

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map(example => [example.description, example] as const))(
    'is valid input: %s',
    (_description, example) => {
      const { steps } = yaml.parse(example.example) as {
        steps: { action: string; input: unknown }[];
      };
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        expect(step.action).toBe(action.id);
        const result = ecrCreateRepositoryInputSchema(z).safeParse(step.input);
        expect(result.error?.issues ?? []).toEqual([]);
      }
    },
  );

  it('describes every input and output field', () => {
    for (const schema of [action.schema?.input, action.schema?.output]) {
      const properties = Object.entries(schema?.properties ?? {});
      expect(properties.length).toBeGreaterThan(0);
      for (const [name, property] of properties) {
        expect([
          name,
          (property as { description?: string }).description,
        ]).toEqual([name, expect.stringMatching(/\w/)]);
      }
    }
  });
});
