import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import slipwayScaffolderModule from '@slipway/plugin-scaffolder-backend-module-aws';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import {
  loadTemplate,
  skeletonDirectoryContents,
} from './__testUtils__/templateFiles';
import {
  defaultForm,
  FormInput,
  skeletonValues,
} from './__testUtils__/variants';

/**
 * The whole template through the scaffolder's dry-run API, as the template
 * editor runs it: the real scaffolder backend with Slipway's actions module,
 * fake (but valid) slipway.environments. Slipway's actions plan without
 * calling AWS; publish:github does not support dry runs, so the scaffolder
 * skips it and invents example outputs from its output schema.
 */

jest.setTimeout(60_000);

const environment = (name: string) => ({
  accountId: '123456789012',
  region: 'us-east-1',
  cluster: `${name}-cluster`,
  subnets: ['subnet-0a1b2c3d'],
  securityGroups: ['sg-0123456789abcdef0'],
  connectionArn:
    'arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-example',
  artifactBucket: 'slipway-artifacts',
  vpcId: 'vpc-0a1b2c3d',
  loadBalancer: {
    productionListenerArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/${name}/0a1b/80`,
  },
});

let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

beforeAll(async () => {
  ({ server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      slipwayScaffolderModule,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          integrations: { github: [{ host: 'github.com' }] },
          slipway: {
            environments: {
              dev: environment('dev'),
              staging: environment('staging'),
              prod: environment('prod'),
            },
          },
        },
      }),
    ],
  }));
});

async function dryRun(form: FormInput) {
  const template = await loadTemplate();
  const response = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template,
      values: form,
      secrets: {},
      directoryContents: await skeletonDirectoryContents(),
    });
  expect({
    status: response.status,
    error: response.status === 200 ? undefined : response.body,
  }).toEqual({ status: 200 });
  return response.body as {
    log: { body: { message: string; stepId?: string; status?: string } }[];
    steps: { id: string; action: string }[];
    output: { links: { title: string; url?: string; entityRef?: string }[] };
    directoryContents: { path: string; base64Content: string }[];
  };
}

const stepStatus = (result: Awaited<ReturnType<typeof dryRun>>) => {
  const status: Record<string, string> = {};
  for (const { body } of result.log) {
    if (body.stepId && body.status) status[body.stepId] = body.status;
  }
  return status;
};

const file = (result: Awaited<ReturnType<typeof dryRun>>, path: string) => {
  const entry = result.directoryContents.find(f => f.path === path);
  return entry && Buffer.from(entry.base64Content, 'base64').toString('utf8');
};

describe('the template in the scaffolder dry run', () => {
  it('plans a rolling service: AWS resources, render, publish (skipped), pipeline, register', async () => {
    const result = await dryRun({ ...defaultForm, strategy: 'rolling' });

    expect(result.steps.map(s => `${s.id}:${s.action}`)).toEqual([
      'ecr:slipway:ecr:create-repository',
      'roles:slipway:iam:create-delivery-roles',
      'build:slipway:codebuild:create-project',
      'targets:slipway:codedeploy:create-blue-green',
      'service:slipway:ecs:create-service',
      'deploymentGroup:slipway:codedeploy:create-blue-green',
      'fetch:fetch:template',
      'publish:publish:github',
      'pipeline:slipway:codepipeline:create-pipeline',
      'register:catalog:register',
    ]);
    const status = stepStatus(result);
    expect(status).toMatchObject({
      ecr: 'completed',
      roles: 'completed',
      build: 'completed',
      service: 'completed',
      fetch: 'completed',
      // Neither GitHub's publish nor the catalog registration supports dry
      // runs: the scaffolder skips them and makes up example outputs from
      // their output schemas ('<example>').
      publish: 'skipped',
      pipeline: 'completed',
      register: 'skipped',
    });
    const messages = result.log.map(l => l.body.message).join('\n');
    expect(messages).toContain(
      'Skipping because publish:github does not support dry-run',
    );
    expect(messages).toContain(
      'Skipping because catalog:register does not support dry-run',
    );
    // Blue/green steps run per environment (each) and are skipped per environment.
    for (const stepId of ['targets', 'deploymentGroup']) {
      expect(
        result.log
          .filter(l => l.body.stepId === stepId)
          .map(l => l.body.message)
          .filter(m => m.includes('Skipping step each')),
      ).toHaveLength(2);
    }
    expect(messages).toMatch(
      /Create the Fargate service 'orders-api' with the ECS deployment controller/,
    );
    expect(messages).toMatch(/Register the task definition 'orders-api-prod'/);

    // The rendered entity carries the ARNs the planned actions output.
    const entity = parseYaml(file(result, 'catalog-info.yaml')!);
    expect(entity.metadata.annotations).toMatchObject({
      'aws.amazon.com/aws-codepipeline-arn':
        'arn:aws:codepipeline:us-east-1:123456789012:orders-api',
      'aws.amazon.com/amazon-ecs-service-arn':
        'arn:aws:ecs:us-east-1:123456789012:service/dev-cluster/orders-api,arn:aws:ecs:us-east-1:123456789012:service/prod-cluster/orders-api',
    });
    expect(entity.spec).toMatchObject({
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
    });
    expect(file(result, 'appspec.yaml')).toBeUndefined();

    const links = result.output.links;
    expect(links.map(l => l.title)).toEqual([
      'Repository',
      'Open in catalog',
      'Pipeline in the AWS console',
      'Deployments (Slipway tab)',
    ]);
    expect(links[0].url).toBe('<example>');
    // catalog:register declares no output schema: no example entityRef.
    expect(links[1].entityRef).toBeUndefined();
    expect(links[2].url).toContain(
      'console.aws.amazon.com/codesuite/codepipeline/pipelines/orders-api',
    );
    expect(links[3].url).toBe('/catalog/default/component/orders-api/ci-cd');
  });

  it('plans a canary service with target groups and a deployment group per environment', async () => {
    const result = await dryRun({
      ...defaultForm,
      name: 'checkout-web',
      strategy: 'canary',
      environments: ['dev', 'staging', 'prod'],
      approvalBefore: 'staging',
    });

    const status = stepStatus(result);
    expect(status).toMatchObject({
      targets: 'completed',
      service: 'completed',
      deploymentGroup: 'completed',
      publish: 'skipped',
    });
    const messages = result.log.map(l => l.body.message).join('\n');
    expect(messages).toMatch(/CODE_DEPLOY deployment controller/);
    expect(messages).toMatch(
      /canary10Percent5Minutes|CodeDeployDefault\.ECSCanary10Percent5Minutes/,
    );
    expect(messages).toMatch(/Approve-staging/);
    expect(file(result, 'appspec.yaml')).toContain('<TASK_DEFINITION>');
    const buildspec = parseYaml(file(result, 'buildspec.yml')!);
    expect(buildspec.artifacts.files).toEqual([
      'imageDetail.json',
      'taskdef.json',
      'appspec.yaml',
    ]);
  });
});

describe('the values the template gives the skeleton', () => {
  it('are the ones the render tests use', async () => {
    const template = await loadTemplate();
    const fetch = template.spec.steps.find((s: any) => s.id === 'fetch');
    expect(Object.keys(fetch.input.values).sort()).toEqual(
      Object.keys(skeletonValues(defaultForm)).sort(),
    );
  });
});
