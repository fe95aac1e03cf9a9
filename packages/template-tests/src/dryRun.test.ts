import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import slipwayScaffolderModule from '@slipway/plugin-scaffolder-backend-module-aws';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from './__testUtils__/paths';
import {
  loadTemplate,
  skeletonDirectoryContents,
} from './__testUtils__/templateFiles';
import {
  defaultForm,
  FormInput,
  Routing,
  skeletonValues,
} from './__testUtils__/variants';

/**
 * The whole template through the scaffolder's dry-run API, as the template
 * editor runs it: the real scaffolder backend with Slipway's actions module,
 * fake (but valid) slipway.environments and a catalog holding the owner
 * group. Slipway's actions plan without calling AWS; publish:github does not
 * support dry runs, so the scaffolder skips it and invents example outputs
 * from its output schema.
 */

jest.setTimeout(60_000);

const listener = (name: string, port: number) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/${name}/0a1b/${port}`;

/** One slipway.environments entry: host routing (domain) or path routing (pathPrefix). */
const environment = (name: string, routing: Routing) => ({
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
    productionListenerArn: listener(name, 80),
    testListenerArn: listener(name, 8080),
    ...(routing === 'host'
      ? { domain: `${name}.example.com` }
      : { pathPrefix: '/services' }),
  },
  alerts: { emails: [`${name}-oncall@example.com`] },
});

/** The owner group of the default form, with its e-mail in the catalog. */
const paymentsTeam = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: {
    type: 'team',
    children: [],
    profile: { email: 'payments-team@example.com' },
  },
};

type EnvironmentConfig = ReturnType<typeof environment>;

async function backend(
  environments: Record<
    string,
    EnvironmentConfig | Omit<EnvironmentConfig, 'loadBalancer'>
  >,
) {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      slipwayScaffolderModule,
      catalogServiceMock.factory({ entities: [paymentsTeam] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          integrations: { github: [{ host: 'github.com' }] },
          slipway: { environments },
        },
      }),
    ],
  });
  return server;
}

/** The path of one of the frontend plugin's entity tabs, as plugins/codepipeline/src/alpha.ts declares it. */
async function tabPath(extension: string) {
  const source = await fs.readFile(
    join(REPO_ROOT, 'plugins/codepipeline/src/alpha.ts'),
    'utf8',
  );
  const declaration = source.split(`export const ${extension} =`)[1];
  const match = declaration?.match(/path: '([^']+)'/);
  if (!match) throw new Error(`No tab path for ${extension} in alpha.ts`);
  return match[1];
}

type Server = Awaited<ReturnType<typeof backend>>;
let server: Server;

beforeAll(async () => {
  server = await backend({
    dev: environment('dev', 'host'),
    staging: environment('staging', 'path'),
    prod: environment('prod', 'host'),
  });
});

interface DryRunResult {
  log: { body: { message: string; stepId?: string; status?: string } }[];
  steps: { id: string; action: string }[];
  output: { links: { title: string; url?: string; entityRef?: string }[] };
  directoryContents: { path: string; base64Content: string }[];
}

async function dryRun(form: FormInput, on: Server = server) {
  const template = await loadTemplate();
  const response = await request(on)
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
  return response.body as DryRunResult;
}

const stepStatus = (result: DryRunResult) => {
  const status: Record<string, string> = {};
  for (const { body } of result.log) {
    if (body.stepId && body.status) status[body.stepId] = body.status;
  }
  return status;
};

const stepMessages = (result: DryRunResult, stepId: string) =>
  result.log.filter(l => l.body.stepId === stepId).map(l => l.body.message);

const file = (result: DryRunResult, path: string) => {
  const entry = result.directoryContents.find(f => f.path === path);
  return entry && Buffer.from(entry.base64Content, 'base64').toString('utf8');
};

describe('the template in the scaffolder dry run', () => {
  it('plans a rolling service: owner e-mail, AWS resources, alerts, render, publish (skipped), pipeline, register, no cleanup', async () => {
    const result = await dryRun({ ...defaultForm, strategy: 'rolling' });

    expect(result.steps.map(s => `${s.id}:${s.action}`)).toEqual([
      'ownerGroup:catalog:fetch',
      'ecr:slipway:ecr:create-repository',
      'roles:slipway:iam:create-delivery-roles',
      'build:slipway:codebuild:create-project',
      'alerts:slipway:alerts:create',
      'targets:slipway:codedeploy:create-blue-green',
      'service:slipway:ecs:create-service',
      'deploymentGroup:slipway:codedeploy:create-blue-green',
      'fetch:fetch:template',
      'publish:publish:github',
      'publishLocal:publish:local-world',
      'pipeline:slipway:codepipeline:create-pipeline',
      'register:catalog:register',
      'cleanup:slipway:teardown',
    ]);
    const status = stepStatus(result);
    expect(status).toMatchObject({
      ownerGroup: 'completed',
      ecr: 'completed',
      roles: 'completed',
      build: 'completed',
      alerts: 'completed',
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
    // Blue/green steps run per environment (each) and are skipped per
    // environment; so is the cleanup, since nothing failed.
    for (const stepId of ['targets', 'deploymentGroup', 'cleanup']) {
      expect(
        stepMessages(result, stepId).filter(m =>
          m.includes('Skipping step each'),
        ),
      ).toHaveLength(2);
    }
    expect(
      stepMessages(result, 'cleanup').filter(m =>
        m.includes('Running step each'),
      ),
    ).toEqual([]);

    // The owner group's catalog e-mail and the platform's addresses are
    // subscribed to the alert topic, which the service's alarms notify.
    const alerts = stepMessages(result, 'alerts').join('\n');
    expect(alerts).toContain('orders-api-alerts');
    expect(alerts).toContain('payments-team@example.com');
    expect(alerts).toContain('dev-oncall@example.com');
    const service = stepMessages(result, 'service').join('\n');
    expect(service).toContain(
      '"alarmTopicArn": "arn:aws:sns:us-east-1:123456789012:orders-api-alerts"',
    );
    expect(service).not.toContain('"targetGroupArn"');
    expect(service).toMatch(/orders-api-prod/);
    expect(service).toMatch(/orders-api\.dev\.example\.com/);
    expect(stepMessages(result, 'pipeline').join('\n')).toContain(
      '"desiredCount": 2',
    );

    // The rendered entity carries the ARNs and URLs the planned actions output.
    const entity = parseYaml(file(result, 'catalog-info.yaml')!);
    expect(entity.metadata.annotations).toMatchObject({
      'aws.amazon.com/aws-codepipeline-arn':
        'arn:aws:codepipeline:us-east-1:123456789012:orders-api',
      'aws.amazon.com/amazon-ecs-service-arn':
        'arn:aws:ecs:us-east-1:123456789012:service/dev-cluster/orders-api,arn:aws:ecs:us-east-1:123456789012:service/prod-cluster/orders-api',
    });
    expect(entity.metadata.links.map((l: any) => l.title)).toEqual([
      'Repository',
      expect.stringMatching(/^dev: .*orders-api\.dev\.example\.com$/),
      expect.stringMatching(/^prod: .*orders-api\.prod\.example\.com$/),
    ]);
    expect(entity.spec).toMatchObject({
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
    });
    for (const absent of [
      'appspec.yaml',
      'taskdef.json',
      'ecs-service.json',
      'deploy/environments.json',
    ]) {
      expect({ absent, text: file(result, absent) }).toEqual({
        absent,
        text: undefined,
      });
    }

    const links = result.output.links;
    expect(links.map(l => l.title)).toEqual([
      'Repository',
      'Open in catalog',
      'Pipeline in the AWS console',
      'Deployments tab',
      'Service in dev',
      'Service in prod',
    ]);
    expect(links[0].url).toBe('<example>');
    // catalog:register declares no output schema: no example entityRef.
    expect(links[1].entityRef).toBeUndefined();
    expect(links[2].url).toContain(
      'console.aws.amazon.com/codesuite/codepipeline/pipelines/orders-api',
    );
    // The entity page's Deployments tab of the entity the template registers
    // (no namespace in catalog-info.yaml: the default one), at the path the
    // frontend plugin gives that tab.
    expect(links[3].url).toBe(
      '/catalog/default/component/orders-api/deployments',
    );
    expect(entity.metadata.namespace ?? 'default').toBe('default');
    expect(links[3].url).toBe(
      `/catalog/default/component/${entity.metadata.name}${await tabPath(
        'entityEcsDeploymentsContent',
      )}`,
    );
    expect(links[4].url).toMatch(/orders-api\.dev\.example\.com$/);
    expect(links[5].url).toMatch(/orders-api\.prod\.example\.com$/);
  });

  it('plans a canary service with routing, alarms and a deployment group per environment, and one task definition each', async () => {
    const result = await dryRun({
      ...defaultForm,
      name: 'checkout-web',
      strategy: 'canary',
      environments: ['dev', 'staging', 'prod'],
      approvalBefore: 'staging',
      // Not in the catalog: no owner e-mail, and no failure for it.
      owner: 'group:default/no-such-team',
    });

    const status = stepStatus(result);
    expect(status).toMatchObject({
      ownerGroup: 'completed',
      alerts: 'completed',
      targets: 'completed',
      service: 'completed',
      deploymentGroup: 'completed',
      publish: 'skipped',
    });
    const alerts = stepMessages(result, 'alerts').join('\n');
    expect(alerts).toContain('"emails": []');
    expect(alerts).toContain('dev-oncall@example.com');
    const messages = result.log.map(l => l.body.message).join('\n');
    expect(messages).toMatch(/CODE_DEPLOY/);
    expect(messages).toMatch(
      /canary10Percent5Minutes|CodeDeployDefault\.ECSCanary10Percent5Minutes/,
    );
    expect(messages).toMatch(/Approve-staging/);
    expect(stepMessages(result, 'targets').join('\n')).toContain(
      '"alarmTopicArn": "arn:aws:sns:us-east-1:123456789012:checkout-web-alerts"',
    );
    expect(file(result, 'appspec.yaml')).toContain('<TASK_DEFINITION>');
    const buildspec = parseYaml(file(result, 'buildspec.yml')!);
    expect(buildspec.artifacts.files).toEqual([
      'imageDetail.json',
      'taskdef-dev.json',
      'taskdef-staging.json',
      'taskdef-prod.json',
      'appspec.yaml',
    ]);

    // What differs per environment, from the planned outputs: staging routes
    // by path, so its app is served under /services/checkout-web.
    const environments = JSON.parse(file(result, 'deploy/environments.json')!);
    const executionRole =
      'arn:aws:iam::123456789012:role/slipway/checkout-web-ecs-task-execution';
    expect(environments.environments).toEqual([
      {
        name: 'dev',
        family: 'checkout-web-dev',
        logGroup: '/slipway/checkout-web/dev/ecs',
        region: 'us-east-1',
        executionRoleArn: executionRole,
        basePath: '',
      },
      {
        name: 'staging',
        family: 'checkout-web-staging',
        logGroup: '/slipway/checkout-web/staging/ecs',
        region: 'us-east-1',
        executionRoleArn: executionRole,
        basePath: '/services/checkout-web',
      },
      {
        name: 'prod',
        family: 'checkout-web-prod',
        logGroup: '/slipway/checkout-web/prod/ecs',
        region: 'us-east-1',
        executionRoleArn: executionRole,
        basePath: '',
      },
    ]);
    expect(result.output.links.map(l => l.title).slice(4)).toEqual([
      'Service in dev',
      'Service in staging',
      'Service in prod',
    ]);
  });

  it('names the missing load balancer key of an environment', async () => {
    const { loadBalancer: _none, ...withoutLoadBalancer } = environment(
      'prod',
      'host',
    );
    const incomplete = await backend({
      dev: environment('dev', 'host'),
      prod: withoutLoadBalancer,
    });
    const template = await loadTemplate();
    const response = await request(incomplete)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template,
        values: defaultForm,
        secrets: {},
        directoryContents: await skeletonDirectoryContents(),
      });
    expect(JSON.stringify(response.body)).toContain(
      'slipway.environments.prod.loadBalancer is not set',
    );
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

  it('end with the cleanup of a failed run, scoped to the run', async () => {
    const template = await loadTemplate();
    const cleanup = template.spec.steps[template.spec.steps.length - 1];
    expect(cleanup).toMatchObject({
      id: 'cleanup',
      if: '${{ failure() }}',
      each: '${{ parameters.environments }}',
      action: 'slipway:teardown',
      input: {
        component: '${{ parameters.name }}',
        namespace: 'default',
        owner: '${{ parameters.owner }}',
        environment: '${{ each.value }}',
        createdByTask: '${{ context.task.id }}',
      },
    });
  });
});
