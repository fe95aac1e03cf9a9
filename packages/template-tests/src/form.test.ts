import path from 'node:path';
import { loadTemplate } from './__testUtils__/templateFiles';
import { REPO_ROOT } from './__testUtils__/paths';
import { FormInput, defaultForm, variants } from './__testUtils__/variants';

/**
 * What a developer sees on the template's form and on its review step, worked
 * out by the code the app runs: the scaffolder's own `ReviewState` component
 * and `extractSchemaFromStep`, and the RJSF version it renders the form with.
 * They are loaded from the repository's node_modules (the app's copies), not
 * declared here: this package only checks the template against them.
 */

// The review step renders its rows with a table; only the rows matter here.
jest.mock('@backstage/core-components', () => ({
  StructuredMetadataTable: () => null,
}));

const fromApp = (file: string) =>
  require(path.join(REPO_ROOT, 'node_modules', file));
const SCAFFOLDER_REACT = '@backstage/plugin-scaffolder-react/dist/next';
const { ReviewState } = fromApp(
  `${SCAFFOLDER_REACT}/components/ReviewState/ReviewState.esm.js`,
);
const { extractSchemaFromStep } = fromApp(
  `${SCAFFOLDER_REACT}/lib/schema.esm.js`,
);
const { retrieveSchema, optionsList } = fromApp('@rjsf/utils');
const { customizeValidator } = fromApp('@rjsf/validator-ajv8');

const validator = customizeValidator();

type Step = Record<string, any>;
let steps: Step[];

beforeAll(async () => {
  steps = (await loadTemplate()).spec.parameters;
  // RJSF 5 warns on every enumNames it reads (deprecated, still supported);
  // the review step reads only enumNames for single values, so they stay.
  const warn = console.warn;
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('"enumNames" property in the schema')) {
      warn(...args);
    }
  });
});

/** The rows of the review step for a filled-in form, as `Stepper` passes them to `ReviewState`. */
function reviewRows(form: FormInput): Record<string, unknown> {
  const formState = Object.fromEntries(
    Object.entries(form).filter(([, value]) => value !== undefined),
  );
  // useTemplateSchema: `mergedSchema` is the step as written (ReviewState reads only that).
  const schemas = steps.map(step => ({
    title: step.title,
    mergedSchema: step,
    ...extractSchemaFromStep(step),
  }));
  const element = ReviewState({ formState, schemas });
  return element.props.metadata;
}

/** The choices the form offers for a field, with the rest of the form filled in as given. */
function choices(step: Step, field: string, form: Partial<FormInput>) {
  const { schema } = extractSchemaFromStep(step);
  const resolved = retrieveSchema(validator, schema, schema, form);
  const property = resolved.properties[field];
  const list = optionsList(
    property.type === 'array' ? property.items : property,
  );
  return list.map((o: { label: string; value: string }) => [o.value, o.label]);
}

/** A field's labels as the template writes them: enum with enumNames, or oneOf with const and title. */
function labels(definition: Step): Map<string, string> {
  if (definition.enum) {
    return new Map(
      definition.enum.map((value: string, i: number) => [
        value,
        definition.enumNames[i],
      ]),
    );
  }
  return new Map(
    definition.oneOf.map((o: Step) => [o.const, o.title] as [string, string]),
  );
}

const stepOf = (field: string) =>
  steps.find(step => field in (step.properties ?? {}))!;
const labelsOf = (field: string) => {
  const definition = stepOf(field).properties[field];
  return labels(definition.type === 'array' ? definition.items : definition);
};

describe('the review step', () => {
  it('shows labels, not stored values, under titles that name no other unit', () => {
    expect(reviewRows(defaultForm)).toEqual({
      Name: 'orders-api',
      Description: 'Order intake API',
      Owner: 'group:default/payments-team',
      System: 'system:default/payments',
      'Repository location': 'github.com?owner=acme&repo=orders-api',
      Environments: ['Development', 'Production'],
      'Deployment strategy':
        'Rolling update (ECS, circuit breaker with automatic rollback)',
      'Manual approval before': 'Production',
      CPU: '0.25 vCPU',
      Memory: '0.5 GB',
      'Container port': 8080,
      'Tasks per environment': 2,
    });
  });

  it.each(variants)(
    'shows the label of each chosen value for $title',
    ({ form }) => {
      const rows = reviewRows(form);
      expect({
        Environments: rows.Environments,
        'Deployment strategy': rows['Deployment strategy'],
        'Manual approval before': rows['Manual approval before'],
        CPU: rows.CPU,
        Memory: rows.Memory,
      }).toEqual({
        Environments: form.environments.map(env =>
          labelsOf('environments').get(env),
        ),
        'Deployment strategy': labelsOf('strategy').get(form.strategy),
        'Manual approval before': labelsOf('approvalBefore').get(
          form.approvalBefore,
        ),
        CPU: labelsOf('cpu').get(form.cpu),
        Memory: labelsOf('memory').get(form.memory),
      });
    },
  );
});

describe('the form', () => {
  const cpus = ['256', '512', '1024', '2048', '4096'];

  it.each(cpus)(
    'offers every memory size in order, each with its own label, with cpu %s',
    cpu => {
      const offered = choices(stepOf('memory'), 'memory', {
        ...defaultForm,
        cpu,
      });
      expect(offered).toEqual([...labelsOf('memory').entries()]);
      expect(offered[0]).toEqual(['512', '0.5 GB']);
    },
  );

  it('offers the environments in promotion order, with their labels', () => {
    expect(
      choices(stepOf('environments'), 'environments', defaultForm),
    ).toEqual([
      ['dev', 'Development'],
      ['staging', 'Staging'],
      ['prod', 'Production'],
    ]);
  });

  it.each([
    ['256', '512', true],
    ['256', '4096', false],
    ['512', '512', false],
    ['512', '4096', true],
    ['4096', '30720', true],
    ['4096', '4096', false],
  ])(
    'with cpu %s accepts memory %s: %s (Fargate pairs)',
    (cpu, memory, valid) => {
      const step = stepOf('memory');
      const { schema } = extractSchemaFromStep(step);
      expect(
        validator.isValid(schema, { ...defaultForm, cpu, memory }, schema),
      ).toBe(valid);
    },
  );
});
