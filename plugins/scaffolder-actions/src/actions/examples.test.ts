import yaml from 'yaml';
import { z } from 'zod/v3';
import { deps } from '../__testUtils__/harness';
import { alertsCreateInputSchema } from './alerts-create';
import { catalogUnregisterInputSchema } from './catalog-unregister';
import { codebuildCreateProjectInputSchema } from './codebuild-create-project';
import { codedeployCreateBlueGreenInputSchema } from './codedeploy-create-blue-green';
import { codepipelineCreatePipelineInputSchema } from './codepipeline-create-pipeline';
import { ecrCreateRepositoryInputSchema } from './ecr-create-repository';
import { ecsCreateServiceInputSchema } from './ecs-create-service';
import { iamCreateDeliveryRolesInputSchema } from './iam-create-delivery-roles';
import { createSlipwayActions } from './index';
import { teardownInputSchema } from './teardown';

const inputSchemas: Record<string, (zod: typeof z) => z.ZodTypeAny> = {
  'slipway:ecr:create-repository': ecrCreateRepositoryInputSchema,
  'slipway:iam:create-delivery-roles': iamCreateDeliveryRolesInputSchema,
  'slipway:codebuild:create-project': codebuildCreateProjectInputSchema,
  'slipway:ecs:create-service': ecsCreateServiceInputSchema,
  'slipway:codedeploy:create-blue-green': codedeployCreateBlueGreenInputSchema,
  'slipway:codepipeline:create-pipeline': codepipelineCreatePipelineInputSchema,
  'slipway:alerts:create': alertsCreateInputSchema,
  'slipway:teardown': teardownInputSchema,
  'slipway:catalog:unregister': catalogUnregisterInputSchema,
};

const actions = createSlipwayActions(deps);

/** `${{ … }}` is rendered by the scaffolder before the action validates it. */
const isTemplateExpression = (value: unknown) =>
  typeof value === 'string' && /^\s*\$\{\{.*\}\}\s*$/s.test(value);

function valueAt(input: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (value, key) => (value as Record<string | number, unknown>)?.[key],
    input,
  );
}

describe.each(actions.map(action => [action.id, action] as const))(
  '%s examples',
  (id, action) => {
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
        expect(steps.map(step => step.action)).toContain(id);
        for (const step of steps) {
          const schema = inputSchemas[step.action];
          expect([step.action, schema]).toEqual([
            step.action,
            expect.any(Function),
          ]);
          const result = schema(z).safeParse(step.input);
          const issues = (result.error?.issues ?? []).filter(
            issue => !isTemplateExpression(valueAt(step.input, issue.path)),
          );
          expect(issues).toEqual([]);
        }
      },
    );

    it('describes every input and output field', () => {
      for (const schema of [action.schema?.input, action.schema?.output]) {
        const properties = Object.entries(
          (schema as { properties?: object })?.properties ?? {},
        );
        expect(properties.length).toBeGreaterThan(0);
        for (const [name, property] of properties) {
          expect([
            name,
            (property as { description?: string }).description,
          ]).toEqual([name, expect.stringMatching(/\w/)]);
        }
      }
    });
  },
);
