import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CodeBuildClient,
  ListProjectsCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodeDeployClient,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  ListPipelinesCommand,
} from '@aws-sdk/client-codepipeline';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeServicesCommand,
  ECSClient,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createSlipwayActions } from '../../actions';
import { AwsClientFactory } from '../../aws/clients';
import { FaultInjector } from './faults';
import { verifyPy } from './motoServer';
import {
  motoCodeBuildLocation,
  motoEpochTimestamps,
  motoTaggingIndex,
  TagReaders,
} from './motoShims';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const OWNER = 'group:default/payments-team';
/** moto does not emulate CodeStar connections: the environment names one by ARN only. */
export const CONNECTION_ARN = `arn:aws:codestar-connections:${REGION}:${ACCOUNT}:connection/0a1b2c3d-slipway-it`;
export const ENVIRONMENTS = ['dev', 'prod'] as const;

/** What verify.py setup created: the platform team's part of each environment. */
export interface Platform {
  vpcId: string;
  subnets: string[];
  securityGroups: string[];
  artifactBucket: string;
  environments: Record<
    string,
    {
      cluster: string;
      loadBalancerArn: string;
      productionListenerArn: string;
      testListenerArn: string;
    }
  >;
}

export type Outputs = Record<string, any>;

export interface ActionRun {
  outputs: Outputs;
  logger: ReturnType<typeof mockServices.logger.mock>;
}

export type Strategy = 'rolling' | 'canary';

const target = { accountId: ACCOUNT, region: REGION };

function plainClients() {
  const options = { region: REGION, maxAttempts: 1 };
  const codepipeline = new CodePipelineClient(options);
  motoEpochTimestamps(codepipeline);
  const codedeploy = new CodeDeployClient(options);
  motoEpochTimestamps(codedeploy);
  return {
    ecr: new ECRClient(options),
    iam: new IAMClient(options),
    logs: new CloudWatchLogsClient(options),
    codebuild: new CodeBuildClient(options),
    ecs: new ECSClient(options),
    elb: new ElasticLoadBalancingV2Client(options),
    codedeploy,
    codepipeline,
    region: REGION,
  };
}

/**
 * One moto world: the platform's shared infrastructure (created by
 * verify.py), `slipway.environments` config pointing at it, the real
 * AwsClientFactory and actions, and the test's middlewares on the factory's
 * clients (moto adaptations and the fault injector).
 */
export class World {
  readonly faults = new FaultInjector();
  readonly readers: TagReaders & ReturnType<typeof plainClients>;
  private readonly actions: Map<
    string,
    ReturnType<typeof createSlipwayActions>[number]
  >;

  private constructor(
    readonly platform: Platform,
    readonly config: ConfigReader,
    readonly clients: AwsClientFactory,
  ) {
    this.readers = plainClients();
    this.actions = new Map(
      createSlipwayActions({ config, clients }).map(a => [a.id, a]),
    );
  }

  static async create(): Promise<World> {
    const platform = await verifyPy<Platform>('setup');
    const environment = (name: string) => ({
      accountId: ACCOUNT,
      region: REGION,
      cluster: platform.environments[name].cluster,
      subnets: platform.subnets,
      securityGroups: platform.securityGroups,
      connectionArn: CONNECTION_ARN,
      artifactBucket: platform.artifactBucket,
      vpcId: platform.vpcId,
      loadBalancer: {
        productionListenerArn:
          platform.environments[name].productionListenerArn,
        testListenerArn: platform.environments[name].testListenerArn,
      },
    });
    const config = new ConfigReader({
      slipway: {
        environments: Object.fromEntries(
          ENVIRONMENTS.map(name => [name, environment(name)]),
        ),
      },
    });
    // Credentials come through @backstage/integration-aws-node as in the
    // backend (default chain: the fake keys in the environment).
    const clients = AwsClientFactory.fromConfig(config, { maxAttempts: 1 });
    const world = new World(platform, config, clients);
    await world.instrumentClients();
    return world;
  }

  /** The factory caches one client per service: instrument the ones the actions will get. */
  private async instrumentClients() {
    for (const Client of [
      ECRClient,
      IAMClient,
      CloudWatchLogsClient,
      CodeBuildClient,
      ECSClient,
      ElasticLoadBalancingV2Client,
      CodeDeployClient,
      CodePipelineClient,
    ]) {
      this.faults.install(await this.clients.get<any>(Client, target));
    }
    motoCodeBuildLocation(await this.clients.get(CodeBuildClient, target));
    motoEpochTimestamps(await this.clients.get(CodePipelineClient, target));
    motoEpochTimestamps(await this.clients.get(CodeDeployClient, target));
    motoTaggingIndex(
      await this.clients.get(ResourceGroupsTaggingAPIClient, target),
      this.readers,
    );
  }

  /** Runs one action as the scaffolder would, with a mock context. */
  async run(id: string, input: Record<string, unknown>): Promise<ActionRun> {
    const { error, ...run } = await this.attempt(id, input);
    if (error) throw error;
    return run;
  }

  /** Like {@link run}, but returns the action's failure instead of throwing it. */
  async attempt(
    id: string,
    input: Record<string, unknown>,
  ): Promise<ActionRun & { error?: Error }> {
    const action = this.actions.get(id);
    if (!action) throw new Error(`no action ${id}`);
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({ input: input as any, logger });
    let error: Error | undefined;
    try {
      await action.handler(ctx as any);
    } catch (e) {
      error = e as Error;
    }
    return {
      outputs: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
      logger,
      error,
    };
  }

  /**
   * The template's slipway:* steps for one component, in order, each step's
   * outputs feeding the next one's inputs. Deploys to dev and prod, with a
   * manual approval before prod.
   */
  async runTemplate(
    component: string,
    strategy: Strategy,
  ): Promise<Record<string, ActionRun>> {
    const blueGreen = strategy === 'canary';
    const common = { component, owner: OWNER };
    const steps: Record<string, ActionRun> = {};
    steps.ecr = await this.run('slipway:ecr:create-repository', {
      ...common,
      environment: 'dev',
    });
    steps.roles = await this.run('slipway:iam:create-delivery-roles', {
      ...common,
      environment: 'dev',
      deployEnvironments: [...ENVIRONMENTS],
      blueGreen,
    });
    const roles = steps.roles.outputs;
    steps.build = await this.run('slipway:codebuild:create-project', {
      ...common,
      environment: 'dev',
      serviceRoleArn: roles.codeBuildRoleArn,
      repositoryUri: steps.ecr.outputs.repositoryUri,
      deployStrategy: blueGreen ? 'blue-green' : 'rolling',
    });
    for (const environment of ENVIRONMENTS) {
      const here = { ...common, environment };
      if (blueGreen) {
        steps[`targets-${environment}`] = await this.run(
          'slipway:codedeploy:create-blue-green',
          { ...here, strategy: 'canary10Percent5Minutes' },
        );
      }
      steps[`service-${environment}`] = await this.run(
        'slipway:ecs:create-service',
        {
          ...here,
          repositoryUri: steps.ecr.outputs.repositoryUri,
          executionRoleArn: roles.taskExecutionRoleArn,
          ...(blueGreen && {
            deploymentController: 'codedeploy',
            targetGroupArn:
              steps[`targets-${environment}`].outputs.blueTargetGroupArn,
          }),
        },
      );
      if (blueGreen) {
        steps[`deploymentGroup-${environment}`] = await this.run(
          'slipway:codedeploy:create-blue-green',
          {
            ...here,
            strategy: 'canary10Percent5Minutes',
            serviceName: steps[`service-${environment}`].outputs.serviceName,
            serviceRoleArn: roles.codeDeployRoleArn,
          },
        );
      }
    }
    steps.pipeline = await this.run('slipway:codepipeline:create-pipeline', {
      ...common,
      environment: 'dev',
      roleArn: roles.codePipelineRoleArn,
      repositoryId: `acme/${component}`,
      deployEnvironments: [...ENVIRONMENTS],
      approvalBefore: ['prod'],
      deploymentStrategy: blueGreen ? 'blue-green' : 'rolling',
    });
    return steps;
  }

  /**
   * Every resource of the kinds the actions create, as sorted identifiers,
   * read from moto with calls the JavaScript SDK parses: the same list before
   * and after a failed run means the run left nothing behind.
   */
  async inventory(): Promise<string[]> {
    const r = this.readers;
    const items: string[] = [];
    const { repositories = [] } = await r.ecr.send(
      new DescribeRepositoriesCommand({}),
    );
    items.push(...repositories.map(x => `ecr ${x.repositoryName}`));
    const { Roles = [] } = await r.iam.send(
      new ListRolesCommand({ PathPrefix: '/slipway/' }),
    );
    for (const role of Roles) {
      const { PolicyNames = [] } = await r.iam.send(
        new ListRolePoliciesCommand({ RoleName: role.RoleName }),
      );
      items.push(`iam-role ${role.RoleName} [${PolicyNames.join(',')}]`);
    }
    const { logGroups = [] } = await r.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/slipway/' }),
    );
    items.push(...logGroups.map(g => `log-group ${g.logGroupName}`));
    const { projects = [] } = await r.codebuild.send(
      new ListProjectsCommand({}),
    );
    items.push(...projects.map(p => `codebuild ${p}`));
    for (const environment of ENVIRONMENTS) {
      const cluster = this.platform.environments[environment].cluster;
      const { serviceArns = [] } = await r.ecs.send(
        new ListServicesCommand({ cluster }),
      );
      if (serviceArns.length) {
        const { services = [] } = await r.ecs.send(
          new DescribeServicesCommand({ cluster, services: serviceArns }),
        );
        items.push(
          ...services
            .filter(s => s.status !== 'INACTIVE')
            .map(s => `ecs-service ${cluster}/${s.serviceName}`),
        );
      }
    }
    for (const status of ['ACTIVE', 'INACTIVE'] as const) {
      const { taskDefinitionArns = [] } = await r.ecs.send(
        new ListTaskDefinitionsCommand({ status }),
      );
      items.push(
        ...taskDefinitionArns.map(
          a => `task-definition ${a.split('/').pop()} ${status}`,
        ),
      );
    }
    const { TargetGroups = [] } = await r.elb.send(
      new DescribeTargetGroupsCommand({}),
    );
    items.push(...TargetGroups.map(t => `target-group ${t.TargetGroupName}`));
    const { LoadBalancers = [] } = await r.elb.send(
      new DescribeLoadBalancersCommand({}),
    );
    for (const lb of LoadBalancers) {
      const { Listeners = [] } = await r.elb.send(
        new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
      );
      for (const listener of Listeners) {
        const { Rules = [] } = await r.elb.send(
          new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }),
        );
        items.push(
          ...Rules.filter(x => !x.IsDefault).map(
            x => `listener-rule ${x.RuleArn}`,
          ),
        );
      }
    }
    const { applications = [] } = await r.codedeploy.send(
      new ListApplicationsCommand({}),
    );
    for (const application of applications) {
      items.push(`codedeploy-app ${application}`);
      const { deploymentGroups = [] } = await r.codedeploy.send(
        new ListDeploymentGroupsCommand({ applicationName: application }),
      );
      items.push(
        ...deploymentGroups.map(g => `codedeploy-group ${application}/${g}`),
      );
    }
    const { pipelines = [] } = await r.codepipeline.send(
      new ListPipelinesCommand({}),
    );
    items.push(...pipelines.map(p => `pipeline ${p.name}`));
    return items.sort();
  }
}
