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
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  EventBridgeClient,
  ListRulesCommand,
} from '@aws-sdk/client-eventbridge';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createSlipwayActions } from '../../actions';
import { AwsClientFactory } from '../../aws/clients';
import {
  createPlatform,
  slipwayEnvironment,
  type Routing,
  type Platform,
} from 'local-world';
import { FaultInjector } from './faults';
import { checkRequestsAgainstServiceModel } from './serviceModel';

// Every suite that uses World has each test's AWS requests checked against
// botocore's service models (afterEach) and prints its figure (afterAll).
checkRequestsAgainstServiceModel();

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const OWNER = 'group:default/payments-team';
/** moto does not emulate CodeStar connections: the environment names one by ARN only. */
export const CONNECTION_ARN = `arn:aws:codestar-connections:${REGION}:${ACCOUNT}:connection/0a1b2c3d-slipway-it`;
export const ENVIRONMENTS = ['dev', 'prod'] as const;
export const NAMESPACE = 'default';
/**
 * How each environment routes to its services: dev by host header
 * (`<name>.dev.example.com`), prod by path (`/services/<name>`), so that both
 * routing modes run in every suite.
 */
export const ROUTING: Record<string, Routing> = {
  dev: { domain: 'dev.example.com' },
  prod: { pathPrefix: '/services' },
};
/** `slipway.environments.<env>.alerts.emails` */
export const ALERT_EMAILS: Record<string, string[]> = {
  dev: ['platform-alerts@example.com'],
  prod: [],
};
export const TEAM_EMAIL = 'payments-team@example.com';

/** The value of the slipway:component tag for a component of the default namespace. */
export const componentRef = (component: string) => `${NAMESPACE}/${component}`;

/** What the local world's createPlatform made: the platform team's part of each environment. */
export type { Platform };

export type Outputs = Record<string, any>;

export interface ActionRun {
  outputs: Outputs;
  logger: ReturnType<typeof mockServices.logger.mock>;
}

export type Strategy = 'rolling' | 'blue-green' | 'canary' | 'linear';
export const STRATEGIES: Strategy[] = [
  'rolling',
  'blue-green',
  'canary',
  'linear',
];

/** The template's mapping of its strategy parameter to CodeDeploy's. */
export const CODEDEPLOY_STRATEGY: Record<
  Exclude<Strategy, 'rolling'>,
  string
> = {
  'blue-green': 'allAtOnce',
  canary: 'canary10Percent5Minutes',
  linear: 'linear10PercentEvery1Minutes',
};

export interface TemplateOptions {
  /** Default ['dev', 'prod'] */
  environments?: string[];
  /** Environments behind a manual approval; default ['prod']. */
  approvalBefore?: string[];
  /** Tasks each environment runs once deployed; default 2. */
  desiredCount?: number;
  port?: number;
}

/** Where an environment's resources live. */
export interface Placement {
  accountId: string;
  region: string;
}

export interface WorldOptions {
  /** Environment → account and region; default: each in ACCOUNT and REGION. */
  placement?: Partial<Record<string, Placement>>;
  /** The `aws.*` config (integration-aws-node); default none: the default chain, the launcher's placeholder keys. */
  aws?: Record<string, any>;
}

/** An account's credentials, as the AWS variables a child process (boto3) reads. */
export type CredentialsEnv = Record<string, string>;

function plainClients(
  region = REGION,
  credentials?: { accessKeyId: string; secretAccessKey: string },
) {
  const options = {
    region,
    maxAttempts: 1,
    ...(credentials && { credentials }),
  };
  return {
    ecr: new ECRClient(options),
    iam: new IAMClient(options),
    logs: new CloudWatchLogsClient(options),
    codebuild: new CodeBuildClient(options),
    ecs: new ECSClient(options),
    elb: new ElasticLoadBalancingV2Client(options),
    codedeploy: new CodeDeployClient(options),
    codepipeline: new CodePipelineClient(options),
    sns: new SNSClient(options),
    events: new EventBridgeClient(options),
    cloudwatch: new CloudWatchClient(options),
    region,
  };
}

const placed = (p: Placement) => `${p.accountId}|${p.region}`;

/**
 * One local world: the platform's shared infrastructure (the local world's
 * createPlatform), `slipway.environments` config pointing at it, the real
 * AwsClientFactory and actions, and the fault injector on the factory's
 * clients.
 */
export class World {
  readonly faults = new FaultInjector();
  readonly readers: ReturnType<typeof plainClients>;
  private readonly actions: Map<
    string,
    ReturnType<typeof createSlipwayActions>[number]
  >;

  private constructor(
    readonly platform: Platform,
    readonly config: ConfigReader,
    readonly clients: AwsClientFactory,
    /** Where each environment lives. */
    readonly placement: Record<string, Placement>,
    private readonly credentialsManager: DefaultAwsCredentialsManager,
  ) {
    this.readers = plainClients();
    this.actions = new Map(
      createSlipwayActions({ config, clients }).map(a => [a.id, a]),
    );
  }

  /**
   * The platform (the local world's createPlatform) of every account and
   * region the environments are placed in, each made with that account's
   * credentials from `aws.*` (another account's come from `sts:AssumeRole`,
   * and moto keeps what they create in that account);
   * `slipway.environments` pointing at it; the real AwsClientFactory and
   * actions, with the fault injector on the factory's clients. Every
   * environment's artifact bucket is the home account's (ACCOUNT) in its
   * region, as the pipeline's artifact stores are.
   */
  static async create(options: WorldOptions = {}): Promise<World> {
    const placement = Object.fromEntries(
      ENVIRONMENTS.map(name => [
        name,
        options.placement?.[name] ?? { accountId: ACCOUNT, region: REGION },
      ]),
    );
    const credentialsManager = DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader(options.aws ? { aws: options.aws } : {}),
    );
    const groups = new Map<string, string[]>();
    for (const [name, where] of Object.entries(placement)) {
      groups.set(placed(where), [...(groups.get(placed(where)) ?? []), name]);
    }
    const platforms = new Map<string, Platform>();
    const setUp = async (
      where: Placement,
      environments: string[],
      artifactBucket?: string,
    ) => {
      const platform = await createPlatform({
        environments: Object.fromEntries(
          environments.map(name => [name, `${name}-cluster`]),
        ),
        env: {
          ...process.env,
          ...(await credentialsEnv(credentialsManager, where.accountId)),
          AWS_REGION: where.region,
          AWS_DEFAULT_REGION: where.region,
        },
        artifactBucket,
      });
      platforms.set(placed(where), platform);
      return platform;
    };
    for (const [key, environments] of groups) {
      const [accountId, region] = key.split('|');
      const home = accountId === ACCOUNT && region === REGION;
      await setUp(
        { accountId, region },
        environments,
        home ? undefined : `slipway-artifacts-${accountId}-${region}`,
      );
    }
    // The home account's artifact bucket in each region.
    const artifactBucket = async (region: string) =>
      (
        platforms.get(placed({ accountId: ACCOUNT, region })) ??
        (await setUp(
          { accountId: ACCOUNT, region },
          [],
          `slipway-artifacts-${region}`,
        ))
      ).artifactBucket;
    const environment = async (name: string) => {
      const where = placement[name];
      return {
        ...slipwayEnvironment(platforms.get(placed(where))!, name, {
          routing: ROUTING[name],
          region: where.region,
          accountId: where.accountId,
          connectionArn: CONNECTION_ARN,
          alertEmails: ALERT_EMAILS[name],
        }),
        artifactBucket: await artifactBucket(where.region),
      };
    };
    const environments: Record<string, JsonObject> = {};
    for (const name of ENVIRONMENTS) {
      environments[name] = await environment(name);
    }
    const config = new ConfigReader({
      ...(options.aws && { aws: options.aws }),
      slipway: { environments },
    });
    // What the actions' environments see of the platform: the first
    // environment's, with every environment's cluster and load balancer.
    const first = platforms.get(placed(placement[ENVIRONMENTS[0]]))!;
    const platform: Platform = {
      ...first,
      environments: Object.fromEntries(
        ENVIRONMENTS.map(name => [
          name,
          platforms.get(placed(placement[name]))!.environments[name],
        ]),
      ),
    };
    // Credentials come through @backstage/integration-aws-node as in the
    // backend (without `aws.*`, the default chain: the fake keys in the
    // environment).
    const clients = AwsClientFactory.fromConfig(config, { maxAttempts: 1 });
    const world = new World(
      platform,
      config,
      clients,
      placement,
      credentialsManager,
    );
    world.instrumentClients();
    return world;
  }

  /** An account's credentials (from `aws.*`, as the actions get them) as AWS variables, for boto3. */
  async credentialsEnv(accountId: string = ACCOUNT): Promise<CredentialsEnv> {
    return credentialsEnv(this.credentialsManager, accountId);
  }

  /** The AWS variables that point boto3 (verify.py) at an account and region. */
  async awsEnv(where: Placement): Promise<CredentialsEnv> {
    return {
      ...(await this.credentialsEnv(where.accountId)),
      AWS_REGION: where.region,
      AWS_DEFAULT_REGION: where.region,
    };
  }

  /**
   * The factory caches one client per service and target: every client it
   * hands out (whatever its service, SNS, EventBridge and CloudWatch
   * included) gets the fault injector, which records each request for the
   * service-model check.
   */
  private instrumentClients() {
    const instrumented = new WeakSet<object>();
    const factory = this.clients;
    const get = factory.get.bind(factory);
    factory.get = (async (Client: any, where: any) => {
      const client = await get(Client, where);
      if (!instrumented.has(client as object)) {
        instrumented.add(client as object);
        this.faults.install(client as any);
      }
      return client;
    }) as typeof factory.get;
  }

  /** Runs one action as the scaffolder would, with a mock context. */
  async run(
    id: string,
    input: Record<string, unknown>,
    options: { taskId?: string } = {},
  ): Promise<ActionRun> {
    const { error, ...run } = await this.attempt(id, input, options);
    if (error) throw error;
    return run;
  }

  /** Like {@link run}, but returns the action's failure instead of throwing it. */
  async attempt(
    id: string,
    input: Record<string, unknown>,
    options: { taskId?: string } = {},
  ): Promise<ActionRun & { error?: Error }> {
    const action = this.actions.get(id);
    if (!action) throw new Error(`no action ${id}`);
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: input as any,
      logger,
      ...(options.taskId && { task: { id: options.taskId } }),
    });
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
   * outputs feeding the next one's inputs (as templates/flask-ecs-service
   * wires them). Deploys to dev and prod, with a manual approval before prod.
   */
  async runTemplate(
    component: string,
    strategy: Strategy,
    options: TemplateOptions = {},
  ): Promise<Record<string, ActionRun>> {
    const environments = options.environments ?? [...ENVIRONMENTS];
    const first = environments[0];
    const desiredCount = options.desiredCount ?? 2;
    const port = options.port ?? 8080;
    const blueGreen = strategy !== 'rolling';
    const codeDeployStrategy = blueGreen
      ? CODEDEPLOY_STRATEGY[strategy]
      : undefined;
    const common = { component, namespace: NAMESPACE, owner: OWNER };
    const steps: Record<string, ActionRun> = {};
    steps.ecr = await this.run('slipway:ecr:create-repository', {
      ...common,
      environment: first,
      repositoryName: component,
    });
    steps.roles = await this.run('slipway:iam:create-delivery-roles', {
      ...common,
      environment: first,
      deployEnvironments: environments,
      blueGreen,
    });
    const roles = steps.roles.outputs;
    steps.build = await this.run('slipway:codebuild:create-project', {
      ...common,
      environment: first,
      serviceRoleArn: roles.codeBuildRoleArn,
      repositoryUri: steps.ecr.outputs.repositoryUri,
      deployStrategy: blueGreen ? 'blue-green' : 'rolling',
    });
    steps.alerts = await this.run('slipway:alerts:create', {
      ...common,
      environment: first,
      pipelineName: component,
      emails: [TEAM_EMAIL],
    });
    const alarmTopicArn = steps.alerts.outputs.topicArn;
    for (const environment of environments) {
      const here = { ...common, environment };
      if (blueGreen) {
        steps[`targets-${environment}`] = await this.run(
          'slipway:codedeploy:create-blue-green',
          {
            ...here,
            strategy: codeDeployStrategy,
            containerPort: port,
            healthCheckPath: '/health',
            alarmTopicArn,
          },
        );
      }
      steps[`service-${environment}`] = await this.run(
        'slipway:ecs:create-service',
        {
          ...here,
          repositoryUri: steps.ecr.outputs.repositoryUri,
          executionRoleArn: roles.taskExecutionRoleArn,
          containerPort: port,
          desiredCount,
          healthCheckPath: '/health',
          deploymentController: blueGreen ? 'codedeploy' : 'ecs',
          ...(blueGreen && {
            targetGroupArn:
              steps[`targets-${environment}`].outputs.blueTargetGroupArn,
          }),
          alarmTopicArn,
          alertEmails: [TEAM_EMAIL],
        },
      );
      if (blueGreen) {
        steps[`deploymentGroup-${environment}`] = await this.run(
          'slipway:codedeploy:create-blue-green',
          {
            ...here,
            strategy: codeDeployStrategy,
            containerPort: port,
            healthCheckPath: '/health',
            serviceName: steps[`service-${environment}`].outputs.serviceName,
            serviceRoleArn: roles.codeDeployRoleArn,
            alarmTopicArn,
          },
        );
      }
    }
    steps.pipeline = await this.run('slipway:codepipeline:create-pipeline', {
      ...common,
      environment: first,
      roleArn: roles.codePipelineRoleArn,
      repositoryId: `acme/${component}`,
      branch: 'main',
      pipelineName: component,
      buildProjectName: steps.build.outputs.projectName,
      deployEnvironments: environments,
      approvalBefore: (options.approvalBefore ?? ['prod']).filter(e =>
        environments.includes(e),
      ),
      deploymentStrategy: blueGreen ? 'blue-green' : 'rolling',
      desiredCount,
    });
    return steps;
  }

  /** `slipway:teardown` of a component in the given environments (default dev and prod). */
  teardown(
    component: string,
    environments: string[] = [...ENVIRONMENTS],
    extra: Record<string, unknown> = {},
  ): Promise<ActionRun & { error?: Error }> {
    return this.attempt('slipway:teardown', {
      component,
      namespace: NAMESPACE,
      owner: OWNER,
      environment: environments[0],
      environments,
      ...extra,
    });
  }

  /**
   * Every resource of the kinds the actions create, as sorted identifiers,
   * read through the local world: the same list before
   * and after a failed run means the run left nothing behind.
   */
  async inventory(
    where: Placement = { accountId: ACCOUNT, region: REGION },
  ): Promise<string[]> {
    const home = where.accountId === ACCOUNT && where.region === REGION;
    const r = home
      ? this.readers
      : plainClients(where.region, await this.credentials(where.accountId));
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
    const here = ENVIRONMENTS.filter(
      name => placed(this.placement[name]) === placed(where),
    );
    for (const environment of here) {
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
    const { Topics = [] } = await r.sns.send(new ListTopicsCommand({}));
    items.push(...Topics.map(t => `sns-topic ${t.TopicArn!.split(':').pop()}`));
    const { Rules: eventRules = [] } = await r.events.send(
      new ListRulesCommand({}),
    );
    items.push(...eventRules.map(x => `event-rule ${x.Name}`));
    const { MetricAlarms = [] } = await r.cloudwatch.send(
      new DescribeAlarmsCommand({}),
    );
    items.push(...MetricAlarms.map(a => `alarm ${a.AlarmName}`));
    return items.sort();
  }

  private async credentials(accountId: string) {
    const { sdkCredentialProvider } =
      await this.credentialsManager.getCredentialProvider({ accountId });
    return sdkCredentialProvider();
  }
}

async function credentialsEnv(
  manager: DefaultAwsCredentialsManager,
  accountId: string,
): Promise<CredentialsEnv> {
  const { sdkCredentialProvider } = await manager.getCredentialProvider({
    accountId,
  });
  const credentials = await sdkCredentialProvider();
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken && {
      AWS_SESSION_TOKEN: credentials.sessionToken,
    }),
  };
}
