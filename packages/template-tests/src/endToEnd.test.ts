import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import codePipelinePlugin from '@slipway/plugin-codepipeline-backend';
import slipwayScaffolderModule from '@slipway/plugin-scaffolder-backend-module-aws';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { TEMPLATE_FILE } from './__testUtils__/paths';
import {
  localPublishModule,
  LOCAL_PUBLISH_ACTION_ID,
} from './__testUtils__/localPublish';
import {
  Moto,
  MOTO_ENV,
  platformPy,
  startMoto,
} from './__testUtils__/processes';
import { loadTemplate } from './__testUtils__/templateFiles';
import { defaultForm, FormInput } from './__testUtils__/variants';

/**
 * The template for real, against moto_server: the scaffolder runs every step
 * with Slipway's actions (GitHub publish replaced by a local directory, in
 * this test only), the rendered catalog-info.yaml is the entity the
 * CodePipeline backend serves, and its ECS status route finds the service the
 * template created. moto does not emulate CodePipeline executions or
 * CodeStar connections: the pipeline's definition is checked with boto3, its
 * runs are not.
 */

jest.setTimeout(180_000);

const STATIC_CREDENTIALS = {
  mainAccount: { accessKeyId: 'testing', secretAccessKey: 'testing' },
};

let moto: Moto;
let work: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, MOTO_ENV, { AWS_ENDPOINT_URL: moto.endpoint });
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-e2e-'));
});

afterAll(async () => {
  process.env = savedEnv;
  await moto?.stop();
  if (work) await fs.rm(work, { recursive: true, force: true });
});

interface Platform {
  vpcId: string;
  subnets: string[];
  securityGroups: string[];
  artifactBucket: string;
  environments: Record<
    string,
    { cluster: string; productionListenerArn: string; testListenerArn: string }
  >;
}

function slipwayEnvironments(platform: Platform) {
  return Object.fromEntries(
    Object.entries(platform.environments).map(([name, env]) => [
      name,
      {
        accountId: '123456789012',
        region: 'us-east-1',
        cluster: env.cluster,
        subnets: platform.subnets,
        securityGroups: platform.securityGroups,
        connectionArn:
          'arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-e2e',
        artifactBucket: platform.artifactBucket,
        vpcId: platform.vpcId,
        loadBalancer: {
          productionListenerArn: env.productionListenerArn,
          testListenerArn: env.testListenerArn,
        },
      },
    ]),
  );
}

/** The template with its GitHub publish pointed at a local directory, and no catalog registration (the catalog is a mock). */
async function templateEntityForTest() {
  const template = await loadTemplate();
  template.metadata.annotations = {
    'backstage.io/managed-by-location': `file:${TEMPLATE_FILE}`,
  };
  template.spec.steps = template.spec.steps
    .filter((step: any) => step.action !== 'catalog:register')
    .map((step: any) =>
      step.action === 'publish:github'
        ? {
            ...step,
            action: LOCAL_PUBLISH_ACTION_ID,
            input: { repoUrl: step.input.repoUrl },
          }
        : step,
    );
  template.spec.output.links = template.spec.output.links.filter(
    (link: any) => !link.entityRef,
  );
  return template as Entity;
}

async function runTemplate(form: FormInput, platform: Platform) {
  const published = path.join(work, form.name);
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      slipwayScaffolderModule,
      localPublishModule(published),
      catalogServiceMock.factory({ entities: [await templateEntityForTest()] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          integrations: { github: [{ host: 'github.com' }] },
          aws: STATIC_CREDENTIALS,
          slipway: { environments: slipwayEnvironments(platform) },
        },
      }),
    ],
  });
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef: 'template:default/flask-ecs-service', values: form });
  expect(created.status).toBe(201);
  const taskId = created.body.id;
  let status = 'open';
  for (
    let i = 0;
    i < 600 && !['completed', 'failed', 'cancelled'].includes(status);
    i++
  ) {
    await new Promise(resolve => setTimeout(resolve, 200));
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${taskId}`)
      .set('Authorization', mockCredentials.user.header());
    status = task.body.status;
  }
  const events = await request(server)
    .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
    .set('Authorization', mockCredentials.user.header());
  const log = (events.body as any[])
    .filter(e => e.type === 'log')
    .map(e => `${e.body.stepId ?? ''} ${e.body.message}`);
  const completion = (events.body as any[]).find(e => e.type === 'completion');
  expect({ status, log: status === 'completed' ? [] : log.slice(-15) }).toEqual(
    {
      status: 'completed',
      log: [],
    },
  );
  return { published, output: completion.body.output, log };
}

async function ecsStatus(entity: Entity) {
  const { server } = await startTestBackend({
    features: [
      codePipelinePlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.rootConfig.factory({
        data: {
          aws: STATIC_CREDENTIALS,
          codepipeline: { aws: { maxAttempts: 1 } },
        },
      }),
    ],
  });
  return request(server)
    .get(
      `/api/codepipeline/v1/entities/component/default/${entity.metadata.name}/ecs`,
    )
    .set('Authorization', mockCredentials.user.header());
}

describe.each([
  { strategy: 'rolling' as const, name: 'orders-e2e', controller: 'ECS' },
  {
    strategy: 'canary' as const,
    name: 'checkout-e2e',
    controller: 'CODE_DEPLOY',
  },
])(
  'the template run against moto_server ($strategy)',
  ({ strategy, name, controller }) => {
    it('provisions the delivery path, and the backend reports the created service', async () => {
      const platform = await platformPy<Platform>(
        moto,
        'setup',
        `dev=${name}-dev`,
        `prod=${name}-prod`,
      );
      const form: FormInput = {
        ...defaultForm,
        name,
        strategy,
        repoUrl: `github.com?owner=acme&repo=${name}`,
      };

      const { published, output } = await runTemplate(form, platform);

      // The repository (here: a directory) holds the rendered service.
      const entity = parseYaml(
        await fs.readFile(path.join(published, 'catalog-info.yaml'), 'utf8'),
      ) as Entity;
      const annotations = entity.metadata.annotations!;
      const serviceArns =
        annotations['aws.amazon.com/amazon-ecs-service-arn'].split(',');
      expect(serviceArns).toEqual([
        `arn:aws:ecs:us-east-1:123456789012:service/${name}-dev/${name}`,
        `arn:aws:ecs:us-east-1:123456789012:service/${name}-prod/${name}`,
      ]);
      expect(entity.spec).toMatchObject({
        owner: form.owner,
        system: form.system,
      });

      // The pipeline ARN written into catalog-info.yaml before the pipeline
      // existed is the one the pipeline step then reported.
      const pipelineLink = output.links.find(
        (l: any) => l.title === 'Pipeline in the AWS console',
      );
      expect(pipelineLink.url).toContain(`/pipelines/${name}/view`);
      expect(annotations['aws.amazon.com/aws-codepipeline-arn']).toBe(
        `arn:aws:codepipeline:us-east-1:123456789012:${name}`,
      );

      // The pipeline definition, read with boto3 (moto has no executions to show).
      const pipeline = await platformPy(moto, 'pipeline', name);
      expect(pipeline.stages.map((s: any) => s.name)).toEqual([
        'Source',
        'Build',
        'Deploy-dev',
        'Approve-prod',
        'Deploy-prod',
      ]);
      const deploy = pipeline.stages[2].actions[0];
      expect(deploy.provider).toBe(
        strategy === 'rolling' ? 'ECS' : 'CodeDeployToECS',
      );
      const buildspec = parseYaml(
        await fs.readFile(path.join(published, 'buildspec.yml'), 'utf8'),
      );
      const config = deploy.configuration;
      expect(buildspec.artifacts.files).toEqual(
        strategy === 'rolling'
          ? [config.FileName]
          : [
              'imageDetail.json',
              config.TaskDefinitionTemplatePath,
              config.AppSpecTemplatePath,
            ],
      );

      // The CodePipeline backend's ECS route, reading the rendered entity.
      const response = await ecsStatus(entity);
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      for (const arn of serviceArns) expect(text).toContain(arn);
      expect(text).toContain(controller);
    });
  },
);
