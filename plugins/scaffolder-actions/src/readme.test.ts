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
  it('asks for no manual step after the template', () => {
    expect(readme).not.toMatch(
      /going live|go live|scale (it|each|the service) (by hand|manually)/i,
    );
  });

  it.each(actions.map(action => [action.id, action] as const))(
    'documents %s with every input and output as the schema describes it',
    (id, action) => {
      expect(readme).toContain(`### \`${id}\``);
      // …and a row in the table of available actions.
      expect(readme.split('\n')).toContainEqual(
        expect.stringMatching(new RegExp(`^\\| \`${id}\` +\\|`)),
      );
      // Only this action's own section counts: its tables, not another's.
      const section = readme.split(`### \`${id}\``)[1].split(/^#{2,3} /m)[0];
      for (const [name, description] of [
        ...documentedFields(action.schema?.input),
        ...documentedFields(action.schema?.output),
      ]) {
        const rows = section
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
