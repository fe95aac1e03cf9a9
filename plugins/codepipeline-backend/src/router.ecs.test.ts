/* eslint-disable no-script-url -- hostile `javascript:` tag values are the input these tests feed in */
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import {
  CodePipelineClient,
  GetPipelineCommand,
} from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import {
  ordersPipelineArn,
  pipelineDefinition,
} from './__testUtils__/pipelines';
import {
  component,
  startPluginBackend,
  sts,
} from './__testUtils__/testBackend';
import {
  serviceRollingBackAfterCircuitBreaker,
  steadyServiceInEnvironment,
  steadyServiceTaggedWithUrl,
} from './services/__fixtures__/ecsServices';
import { taskStoppedByEssentialContainerExit } from './services/__fixtures__/ecsTasks';

const ecs = mockClient(ECSClient);
const codepipeline = mockClient(CodePipelineClient);

const stoppedTask = taskStoppedByEssentialContainerExit(
  '5c1e0f7a9b8d4c3e2f1a0b9c8d7e6f5a',
  '2026-11-20T10:12:00Z',
  'orders-api',
);

describe('GET /v1/entities/:kind/:namespace/:name/ecs', () => {
  beforeEach(() => {
    ecs.reset();
    codepipeline.reset();
    sts.reset();
  });

  it("finds the service through the pipeline's Deploy action and reports the rollback", async () => {
    codepipeline
      .on(GetPipelineCommand)
      .resolves(pipelineDefinition('orders-api'));
    ecs
      .on(DescribeServicesCommand)
      .resolves({
        services: [
          {
            ...serviceRollingBackAfterCircuitBreaker('orders-api'),
            serviceArn:
              'arn:aws:ecs:us-east-1:123456789012:service/prod/orders-api',
            clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
          },
        ],
        failures: [],
      })
      .on(ListTasksCommand, { desiredStatus: 'STOPPED' })
      .resolves({ taskArns: [stoppedTask.taskArn!] })
      .on(ListTasksCommand, { desiredStatus: 'RUNNING' })
      .resolves({ taskArns: [] })
      .on(DescribeTasksCommand)
      .resolves({ tasks: [stoppedTask], failures: [] });

    const server = await startPluginBackend({
      entities: [
        component('orders-api', {
          'aws.amazon.com/aws-codepipeline-arn': ordersPipelineArn,
        }),
      ],
    });
    const response = await request(server).get(
      '/api/codepipeline/v1/entities/component/default/orders-api/ecs',
    );

    expect(response.status).toBe(200);
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: 'prod',
      services: ['orders-api'],
    });
    const [service] = response.body.services;
    expect(service.status).toMatchObject({
      serviceName: 'orders-api',
      clusterName: 'prod',
      deploymentController: 'ECS',
      circuitBreaker: { enable: true, rollback: true },
    });
    expect(
      service.status.deployments.some((d: any) => d.rolloutState === 'FAILED'),
    ).toBe(true);
    expect(service.status.tasks[0]).toMatchObject({
      stoppedReason: expect.stringContaining(
        'Essential container in task exited',
      ),
      containers: [expect.objectContaining({ exitCode: 1 })],
    });
  });

  it("returns the URL from the service's slipway:url tag, and never a javascript: one", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({
        services: [
          steadyServiceTaggedWithUrl(
            'https://orders.dev.example.com',
            'orders-api',
          ),
          steadyServiceTaggedWithUrl('javascript:alert(1)', 'orders-admin'),
        ],
        failures: [],
      })
      .on(ListTasksCommand)
      .resolves({ taskArns: [] });
    const arn = (name: string) =>
      `arn:aws:ecs:eu-west-1:123456789012:service/payments/${name}`;
    const server = await startPluginBackend({
      entities: [
        component('orders-api', {
          'aws.amazon.com/amazon-ecs-service-arn': `${arn('orders-api')},${arn(
            'orders-admin',
          )}`,
        }),
      ],
    });

    const response = await request(server).get(
      '/api/codepipeline/v1/entities/component/default/orders-api/ecs',
    );

    expect(response.status).toBe(200);
    const [api, admin] = response.body.services;
    expect(api.status.url).toBe('https://orders.dev.example.com');
    expect(admin.status).toBeDefined();
    expect(admin.status).not.toHaveProperty('url');
  });

  it("names each service's environment, so dev and prod are told apart", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({
        services: [
          steadyServiceInEnvironment('dev', 'orders-dev'),
          steadyServiceInEnvironment('prod', 'orders-prod'),
        ],
        failures: [],
      })
      .on(ListTasksCommand)
      .resolves({ taskArns: [] });
    const arn = (name: string) =>
      `arn:aws:ecs:eu-west-1:123456789012:service/payments/${name}`;
    const server = await startPluginBackend({
      entities: [
        component('orders', {
          'aws.amazon.com/amazon-ecs-service-arn': `${arn('orders-dev')},${arn(
            'orders-prod',
          )}`,
        }),
      ],
    });

    const response = await request(server).get(
      '/api/codepipeline/v1/entities/component/default/orders/ecs',
    );

    expect(response.status).toBe(200);
    expect(
      response.body.services.map((s: any) => [
        s.status.serviceName,
        s.status.environment,
      ]),
    ).toEqual([
      ['orders-dev', 'dev'],
      ['orders-prod', 'prod'],
    ]);
  });
});
