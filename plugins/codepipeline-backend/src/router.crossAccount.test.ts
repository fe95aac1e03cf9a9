import {
  CodePipelineClient,
  GetPipelineCommand,
  type GetPipelineCommandOutput,
} from '@aws-sdk/client-codepipeline';
import {
  DescribeServicesCommand,
  ECSClient,
  ListTasksCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import { pipelineDefinition } from './__testUtils__/pipelines';
import { component, startPluginBackend } from './__testUtils__/testBackend';
import { steadyServiceInEnvironment } from './services/__fixtures__/ecsServices';

const ecs = mockClient(ECSClient);
const codepipeline = mockClient(CodePipelineClient);

/** The delivery account runs the pipeline; the workloads account runs prod. */
const DELIVERY = '111111111111';
const WORKLOADS = '222222222222';
const pipelineArn = `arn:aws:codepipeline:us-east-1:${DELIVERY}:orders-api`;
const prodDeployRole = `arn:aws:iam::${WORKLOADS}:role/slipway-orders-api-deploy`;

/**
 * One pipeline in the delivery account: Deploy-dev to its own account and
 * region, Deploy-prod as a role in the workloads account, in eu-west-1.
 */
function pipelinePromotingAcrossAccounts(): Partial<GetPipelineCommandOutput> {
  const { pipeline } = pipelineDefinition('orders-api');
  const [source, build, approve, prod] = pipeline!.stages!;
  const deploy = prod.actions![0];
  return {
    pipeline: {
      ...pipeline!,
      stages: [
        source,
        build,
        {
          name: 'Deploy-dev',
          actions: [
            {
              ...deploy,
              configuration: { ClusterName: 'dev', ServiceName: 'orders-api' },
            },
          ],
        },
        approve,
        {
          ...prod,
          actions: [
            { ...deploy, roleArn: prodDeployRole, region: 'eu-west-1' },
          ],
        },
      ],
    },
  };
}

function serviceIn(
  accountId: string,
  region: string,
  cluster: string,
  environment: string,
): Service {
  const service = steadyServiceInEnvironment(environment, 'orders-api');
  return {
    ...service,
    serviceArn: `arn:aws:ecs:${region}:${accountId}:service/${cluster}/orders-api`,
    clusterArn: `arn:aws:ecs:${region}:${accountId}:cluster/${cluster}`,
  };
}

const awsAccounts = {
  accounts: [
    {
      accountId: DELIVERY,
      accessKeyId: 'AKIADELIVERYEXAMPLE',
      secretAccessKey: 'delivery-secret',
    },
    {
      accountId: WORKLOADS,
      accessKeyId: 'AKIAWORKLOADSEXAMPLE',
      secretAccessKey: 'workloads-secret',
    },
  ],
};

async function startWith(options: {
  allowedAccountIds: string[];
  sso?: Record<string, unknown>;
}) {
  return startPluginBackend({
    entities: [
      component('orders-api', {
        'aws.amazon.com/aws-codepipeline-arn': pipelineArn,
      }),
    ],
    config: {
      aws: {
        mainAccount: {
          accessKeyId: 'AKIAEXAMPLEEXAMPLE',
          secretAccessKey: 'example-secret-access-key',
        },
        ...awsAccounts,
        ...(options.sso && { sso: options.sso }),
      },
      codepipeline: {
        aws: { maxAttempts: 1 },
        allowedAccountIds: options.allowedAccountIds,
      },
    },
  });
}

/** The access key and region of the client that sent the nth call of a mock. */
async function sentWith(call: { thisValue: any }) {
  const client = call.thisValue as ECSClient | CodePipelineClient;
  const credentials = await (client.config.credentials as () => Promise<any>)();
  return {
    accessKeyId: credentials.accessKeyId,
    region: await client.config.region(),
  };
}

describe('an entity whose pipeline promotes from one AWS account to another', () => {
  beforeEach(() => {
    ecs.reset();
    codepipeline.reset();
    codepipeline
      .on(GetPipelineCommand)
      .resolves(pipelinePromotingAcrossAccounts());
    ecs
      .on(DescribeServicesCommand, { cluster: 'dev' })
      .resolves({
        services: [serviceIn(DELIVERY, 'us-east-1', 'dev', 'dev')],
        failures: [],
      })
      .on(DescribeServicesCommand, { cluster: 'prod' })
      .resolves({
        services: [serviceIn(WORKLOADS, 'eu-west-1', 'prod', 'prod')],
        failures: [],
      })
      .on(ListTasksCommand)
      .resolves({ taskArns: [] });
  });

  it("reads the prod service in the Deploy action's role account and region, with that account's credentials", async () => {
    const server = await startWith({
      allowedAccountIds: [DELIVERY, WORKLOADS],
    });

    const response = await request(server).get(
      '/api/codepipeline/v1/entities/component/default/orders-api/ecs',
    );

    expect(response.status).toBe(200);
    expect(
      response.body.services.map((s: any) => [
        s.arn,
        s.status?.accountId,
        s.status?.region,
      ]),
    ).toEqual([
      [
        `arn:aws:ecs:us-east-1:${DELIVERY}:service/dev/orders-api`,
        DELIVERY,
        'us-east-1',
      ],
      [
        `arn:aws:ecs:eu-west-1:${WORKLOADS}:service/prod/orders-api`,
        WORKLOADS,
        'eu-west-1',
      ],
    ]);
    const describeCalls = ecs.commandCalls(DescribeServicesCommand);
    const byCluster = Object.fromEntries(
      await Promise.all(
        describeCalls.map(async call => [
          call.args[0].input.cluster,
          await sentWith(call),
        ]),
      ),
    );
    expect(byCluster).toEqual({
      dev: { accessKeyId: 'AKIADELIVERYEXAMPLE', region: 'us-east-1' },
      prod: { accessKeyId: 'AKIAWORKLOADSEXAMPLE', region: 'eu-west-1' },
    });
    const [getPipeline] = codepipeline.commandCalls(GetPipelineCommand);
    expect(await sentWith(getPipeline)).toEqual({
      accessKeyId: 'AKIADELIVERYEXAMPLE',
      region: 'us-east-1',
    });
  });

  it('links each service through the SSO portal into its own account when aws.sso is set', async () => {
    const server = await startWith({
      allowedAccountIds: [DELIVERY, WORKLOADS],
      sso: {
        startUrl: 'https://acme.awsapps.com/start/',
        roleName: 'DeveloperReadOnly',
        accounts: [{ accountId: WORKLOADS, roleName: 'ProdReadOnly' }],
      },
    });

    const response = await request(server).get(
      '/api/codepipeline/v1/entities/component/default/orders-api/ecs',
    );

    expect(response.status).toBe(200);
    const [dev, prod] = response.body.services.map(
      (s: any) => new URL(s.status.consoleUrl),
    );
    expect(prod.origin + prod.pathname).toBe('https://acme.awsapps.com/start/');
    const shortcut = (url: URL) =>
      Object.fromEntries(
        new URLSearchParams(url.hash.replace('#/console?', '')),
      );
    expect(shortcut(prod)).toEqual({
      account_id: WORKLOADS,
      role_name: 'ProdReadOnly',
      destination:
        'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/orders-api/health?region=eu-west-1',
    });
    expect(shortcut(dev)).toMatchObject({
      account_id: DELIVERY,
      role_name: 'DeveloperReadOnly',
    });
  });

  it('does not read a Deploy target in an account codepipeline.allowedAccountIds leaves out, and says why', async () => {
    const server = await startWith({ allowedAccountIds: [DELIVERY] });

    const response = await request(server).get(
      '/api/codepipeline/v1/entities/component/default/orders-api/ecs',
    );

    expect(response.status).toBe(200);
    expect(ecs).not.toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: 'prod',
    });
    const [dev, refused] = response.body.services;
    expect(dev.status.accountId).toBe(DELIVERY);
    expect(refused.error).toEqual({
      kind: 'account-not-configured',
      message: expect.stringContaining(
        `AWS account ${WORKLOADS}, which codepipeline.allowedAccountIds does not allow`,
      ),
    });
  });
});
