import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { InputError, NotFoundError } from '@backstage/errors';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  awsError,
  deps,
  mutatingCalls,
  runContext,
} from '../__testUtils__/harness';
import { createEcsCreateServiceAction } from './ecs-create-service';

const ecs = mockClient(ECSClient);
const logs = mockClient(CloudWatchLogsClient);
const action = createEcsCreateServiceAction(deps);

const repositoryUri = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders';
const executionRoleArn =
  'arn:aws:iam::123456789012:role/slipway/orders-ecs-task-execution';
const ordersInput = {
  component: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
  repositoryUri,
  executionRoleArn,
};
const taskDefinitionArn =
  'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-dev:1';
const serviceArn =
  'arn:aws:ecs:eu-west-1:123456789012:service/dev-cluster/orders';
const blueTargetGroup =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders-dev-b/1';

const ordersServiceWaitingForItsFirstImage = {
  serviceName: 'orders',
  serviceArn,
  status: 'ACTIVE',
  desiredCount: 0,
  taskDefinition: taskDefinitionArn,
  launchType: 'FARGATE' as const,
  deploymentController: { type: 'ECS' as const },
  tags: [{ key: 'slipway:component', value: 'orders' }],
};

function activeClusterWithoutService() {
  ecs
    .on(DescribeClustersCommand)
    .resolves({ clusters: [{ clusterName: 'dev-cluster', status: 'ACTIVE' }] });
  ecs
    .on(DescribeServicesCommand)
    .resolves({ services: [], failures: [{ reason: 'MISSING' }] });
  ecs
    .on(DescribeTaskDefinitionCommand)
    .rejects(
      awsError('ClientException', 'Unable to describe task definition.'),
    );
  ecs
    .on(RegisterTaskDefinitionCommand)
    .resolves({ taskDefinition: { taskDefinitionArn } });
  ecs.on(CreateServiceCommand).resolves({ service: { serviceArn } });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  logs.on(CreateLogGroupCommand).resolves({});
  logs.on(PutRetentionPolicyCommand).resolves({});
}

const registered = () =>
  ecs.commandCalls(RegisterTaskDefinitionCommand)[0].args[0].input;

beforeEach(() => {
  ecs.reset();
  logs.reset();
});

describe('slipway:ecs:create-service', () => {
  it('registers a Fargate task definition and creates a rolling service with 0 tasks until an image exists', async () => {
    activeClusterWithoutService();
    const { ctx, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(registered()).toMatchObject({
      family: 'orders-dev',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      executionRoleArn,
      containerDefinitions: [
        expect.objectContaining({
          name: 'orders',
          image: `${repositoryUri}:latest`,
          portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': '/slipway/orders/dev/ecs',
              'awslogs-region': 'eu-west-1',
              'awslogs-stream-prefix': 'ecs',
            },
          },
          healthCheck: expect.objectContaining({
            command: [
              'CMD-SHELL',
              expect.stringContaining('http://localhost:8080/health'),
            ],
          }),
        }),
      ],
    });
    expect(ecs).toHaveReceivedCommandWith(CreateServiceCommand, {
      cluster: 'dev-cluster',
      serviceName: 'orders',
      taskDefinition: taskDefinitionArn,
      desiredCount: 0,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1', 'subnet-0b2'],
          securityGroups: ['sg-0c3'],
          assignPublicIp: 'DISABLED',
        },
      },
      deploymentController: { type: 'ECS' },
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
      },
    });
    expect(outputs()).toMatchObject({
      serviceName: 'orders',
      serviceArn,
      clusterName: 'dev-cluster',
      taskDefinitionArn,
      initialDesiredCount: 0,
      created: true,
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/dev-cluster/services/orders?region=eu-west-1',
    });
  });

  it('starts desiredCount tasks at once when an existing image is given', async () => {
    activeClusterWithoutService();
    const { ctx, outputs } = runContext({
      ...ordersInput,
      image: `${repositoryUri}:1.0.0`,
      desiredCount: 2,
    });

    await action.handler(ctx);

    expect(ecs).toHaveReceivedCommandWith(CreateServiceCommand, {
      desiredCount: 2,
    });
    expect(registered().containerDefinitions![0].image).toBe(
      `${repositoryUri}:1.0.0`,
    );
    expect(outputs().initialDesiredCount).toBe(2);
  });

  it('creates a CODE_DEPLOY service behind the blue target group from the workspace taskdef.json', async () => {
    activeClusterWithoutService();
    const workspace = createMockDirectory({
      content: {
        'taskdef.json': JSON.stringify({
          taskDefinitionArn: 'ignored',
          family: 'ignored',
          cpu: '512',
          memory: '1024',
          containerDefinitions: [
            {
              name: 'orders',
              image: '<IMAGE1_NAME>',
              portMappings: [{ containerPort: 8080 }],
            },
          ],
        }),
      },
    });
    const { ctx } = runContext(
      {
        ...ordersInput,
        taskDefinitionFile: 'taskdef.json',
        deploymentController: 'codedeploy',
        targetGroupArn: blueTargetGroup,
      },
      { workspacePath: workspace.path },
    );

    await action.handler(ctx);

    expect(registered()).toMatchObject({
      family: 'orders-dev',
      cpu: '512',
      networkMode: 'awsvpc',
      executionRoleArn,
    });
    expect(registered()).not.toHaveProperty('taskDefinitionArn');
    expect(registered().containerDefinitions![0]).toMatchObject({
      image: `${repositoryUri}:latest`,
      logConfiguration: expect.objectContaining({ logDriver: 'awslogs' }),
    });
    const service = ecs.commandCalls(CreateServiceCommand)[0].args[0].input;
    expect(service).toMatchObject({
      deploymentController: { type: 'CODE_DEPLOY' },
      loadBalancers: [
        {
          targetGroupArn: blueTargetGroup,
          containerName: 'orders',
          containerPort: 8080,
        },
      ],
    });
    expect(service.deploymentConfiguration).toBeUndefined();
  });

  it('reuses its own service without registering or creating anything', async () => {
    activeClusterWithoutService();
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [ordersServiceWaitingForItsFirstImage] });
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(ecs, logs)).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(outputs()).toMatchObject({
      serviceArn,
      taskDefinitionArn,
      created: false,
    });
  });

  it('scales its own zero-task service once re-run with an image', async () => {
    activeClusterWithoutService();
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [ordersServiceWaitingForItsFirstImage] });
    ecs.on(RegisterTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: `${taskDefinitionArn.slice(0, -1)}2`,
      },
    });
    ecs.on(UpdateServiceCommand).resolves({});
    const { ctx } = runContext({
      ...ordersInput,
      image: `${repositoryUri}:1.0.0`,
    });

    await action.handler(ctx);

    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, {
      service: 'orders',
      desiredCount: 1,
      taskDefinition:
        'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-dev:2',
    });
  });

  it('reports a service that differs and changes nothing', async () => {
    activeClusterWithoutService();
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          ...ordersServiceWaitingForItsFirstImage,
          launchType: 'EC2',
          tags: [],
        },
      ],
    });
    const { ctx, logger } = runContext({
      ...ordersInput,
      image: `${repositoryUri}:1.0.0`,
    });

    await action.handler(ctx);

    expect(mutatingCalls(ecs, logs)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "The ECS service 'orders' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its launch type is EC2 (requested FARGATE); it is not tagged slipway:component=orders",
      ),
    );
  });

  it('fails with the config key when the cluster does not exist', async () => {
    ecs
      .on(DescribeClustersCommand)
      .resolves({ clusters: [], failures: [{ reason: 'MISSING' }] });
    const { ctx } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(NotFoundError);
    await expect(run).rejects.toThrow(
      "The ECS cluster 'dev-cluster' named by slipway.environments.dev.cluster does not exist in account 123456789012 (eu-west-1)",
    );
    expect(mutatingCalls(ecs, logs)).toEqual([]);
  });

  it('needs a target group for the CodeDeploy controller', async () => {
    const { ctx } = runContext({
      ...ordersInput,
      deploymentController: 'codedeploy',
    });

    await expect(action.handler(ctx)).rejects.toThrow(InputError);
    expect(ecs.calls()).toHaveLength(0);
  });

  it('plans on a dry run without calling AWS', async () => {
    const { ctx, outputs } = runContext(ordersInput, { isDryRun: true });

    await action.handler(ctx);

    expect(ecs.calls()).toHaveLength(0);
    expect(logs.calls()).toHaveLength(0);
    expect(outputs().plan).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "Create the Fargate service 'orders' with the ECS deployment controller (circuit breaker with rollback), 0 task(s)",
        ),
      ]),
    );
  });

  it('deregisters the task definition and deletes the log group it created when the service cannot be created', async () => {
    activeClusterWithoutService();
    ecs
      .on(CreateServiceCommand)
      .rejects(
        awsError(
          'InvalidParameterException',
          'The target group does not have an associated load balancer.',
        ),
      );
    ecs.on(DeregisterTaskDefinitionCommand).resolves({});
    logs.on(DeleteLogGroupCommand).resolves({});
    const { ctx } = runContext({
      ...ordersInput,
      targetGroupArn: blueTargetGroup,
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      "Could not create the ECS service 'orders' in account 123456789012 (eu-west-1): AWS rejected the request (InvalidParameterException: The target group does not have an associated load balancer.)",
    );
    expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, {
      taskDefinition: taskDefinitionArn,
    });
    expect(logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, {
      logGroupName: '/slipway/orders/dev/ecs',
    });
  });
});
