import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { createSlipwayActions } from './actions';
import { AwsClientFactory } from './aws/clients';

const readme = fs.readFileSync(
  path.resolve(__dirname, '..', 'README.md'),
  'utf8',
);
const actions = createSlipwayActions({
  config: new ConfigReader({}),
  clients: new AwsClientFactory({
    getCredentialProvider: () => Promise.reject(new Error('not used')),
  }),
});

function documentedFields(schema: unknown): [string, string][] {
  const properties =
    (schema as { properties?: Record<string, { description?: string }> })
      ?.properties ?? {};
  return Object.entries(properties).map(([name, { description }]) => [
    name,
    description ?? '',
  ]);
}

describe('README', () => {
  it.each(actions.map(action => [action.id, action] as const))(
    'documents %s with every input and output as the schema describes it',
    (id, action) => {
      expect(readme).toContain(`### \`${id}\``);
      for (const [name, description] of [
        ...documentedFields(action.schema?.input),
        ...documentedFields(action.schema?.output),
      ]) {
        const rows = readme
          .split('\n')
          .filter(line => line.startsWith(`| \`${name}\``));
        expect([name, rows]).toEqual([
          name,
          expect.arrayContaining([expect.stringContaining(description)]),
        ]);
      }
    },
  );
});
