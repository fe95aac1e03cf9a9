import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { MotoServer, startMotoServer } from './__testUtils__/motoServer';
import {
  conditionOf,
  counts,
  expectedRoute,
  namesOwnedBy,
  snapshot,
  Snapshot,
  tagsOf,
  total,
  untagged,
} from './__testUtils__/snapshot';
import {
  ACCOUNT,
  ActionRun,
  ALERT_EMAILS,
  CONNECTION_ARN,
  ENVIRONMENTS,
  Platform,
  REGION,
  Strategy,
  STRATEGIES,
  TEAM_EMAIL,
  World,
} from './__testUtils__/world';

/**
 * The slipway:* actions in template order against a real moto_server: what
 * they create is read back independently with boto3 (integration/verify.py),
 * a second run of the whole template duplicates nothing, and teardown leaves
 * nothing tagged for the component.
 */

jest.setTimeout(90_000);

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
});

function warnings(steps: Record<string, ActionRun>): string[] {
  return Object.values(steps).flatMap(step =>
    step.logger.warn.mock.calls.map(call => String(call[0])),
  );
}

function verifyCommon(
  s: Snapshot,
  steps: Record<string, ActionRun>,
  component: string,
  strategy: Strategy,
  platform: Platform,
) {
  const blueGreen = strategy !== 'rolling';
  const topicArn = steps.alerts.outputs.topicArn;

  // Nothing the actions created lacks the component tag.
  expect(untagged(s)).toEqual([]);

  // ECR: immutable tags, scan on push, keep-30 lifecycle rule, tagged (no environment tag).
  expect(s.ecrRepositories).toEqual([
    expect.objectContaining({
      name: component,
      arn: steps.ecr.outputs.repositoryArn,
      uri: steps.ecr.outputs.repositoryUri,
      imageTagMutability: 'IMMUTABLE',
      scanOnPush: true,
      tags: tagsOf(component),
    }),
  ]);
  expect(s.ecrRepositories[0].lifecyclePolicy.rules).toEqual([
    expect.objectContaining({
      selection: expect.objectContaining({
        tagStatus: 'any',
        countType: 'imageCountMoreThan',
        countNumber: 30,
      }),
      action: { type: 'expire' },
    }),
  ]);

  // IAM: one role per delivery service under /slipway/, trust for that service, one inline policy.
  const roleKinds = {
    codebuild: 'codebuild.amazonaws.com',
    codepipeline: 'codepipeline.amazonaws.com',
    'ecs-task-execution': 'ecs-tasks.amazonaws.com',
    ...(blueGreen && { codedeploy: 'codedeploy.amazonaws.com' }),
  };
  expect(s.iamRoles.map(r => r.name).sort()).toEqual(
    Object.keys(roleKinds)
      .map(k => `${component}-${k}`)
      .sort(),
  );
  for (const [suffix, service] of Object.entries(roleKinds)) {
    const role = s.iamRoles.find(r => r.name === `${component}-${suffix}`);
    expect(role).toMatchObject({
      path: '/slipway/',
      tags: tagsOf(component, 'dev'),
      attachedPolicies: [],
    });
    expect(role.trustPolicy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
      }),
    ]);
    expect(Object.keys(role.inlinePolicies)).toEqual([
      'slipway-least-privilege',
    ]);
  }
  const policy = (suffix: string) =>
    JSON.stringify(
      s.iamRoles.find(r => r.name === `${component}-${suffix}`).inlinePolicies[
        'slipway-least-privilege'
      ],
    );
  // Least privilege: the policies name this component's resources.
  expect(policy('codebuild')).toContain(steps.ecr.outputs.repositoryArn);
  expect(policy('codebuild')).toContain(`/slipway/${component}/`);
  expect(policy('codepipeline')).toContain(`project/${component}-build`);
  expect(policy('codepipeline')).toContain(CONNECTION_ARN);
  expect(policy('codepipeline')).toContain(`service/prod-cluster/${component}`);
  // The Start-tasks step may scale exactly these services.
  expect(policy('codepipeline')).toContain('ecs:UpdateService');
  expect(policy('ecs-task-execution')).toContain(
    steps.ecr.outputs.repositoryArn,
  );
  expect(steps.roles.outputs.codePipelineRoleArn).toBe(
    s.iamRoles.find(r => r.name === `${component}-codepipeline`).arn,
  );

  // CodeBuild: privileged Docker build from and to CodePipeline, with the variables the buildspec needs.
  expect(s.codeBuildProjects).toEqual([
    expect.objectContaining({
      name: `${component}-build`,
      arn: steps.build.outputs.projectArn,
      sourceType: 'CODEPIPELINE',
      artifactsType: 'CODEPIPELINE',
      buildspec: 'buildspec.yml',
      image: 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL',
      privilegedMode: true,
      serviceRole: steps.roles.outputs.codeBuildRoleArn,
      logGroupName: `/slipway/${component}/codebuild`,
      environmentVariables: expect.objectContaining({
        AWS_ACCOUNT_ID: ACCOUNT,
        AWS_REGION: REGION,
        AWS_DEFAULT_REGION: REGION,
        REPOSITORY_URI: steps.ecr.outputs.repositoryUri,
        CONTAINER_NAME: component,
        DEPLOY_STRATEGY: blueGreen ? 'blue-green' : 'rolling',
        // Base images from ECR Public, not Docker Hub.
        BASE_IMAGE: 'public.ecr.aws/docker/library/python:3.12-slim',
      }),
      tags: tagsOf(component, 'dev'),
    }),
  ]);

  // Log groups: the build's and each environment's containers', 30 days.
  expect(s.logGroups.map(g => g.name).sort()).toEqual(
    [
      `/slipway/${component}/codebuild`,
      `/slipway/${component}/dev/ecs`,
      `/slipway/${component}/prod/ecs`,
    ].sort(),
  );
  for (const group of s.logGroups) {
    expect(group.retentionInDays).toBe(30);
    expect(group.tags).toMatchObject(tagsOf(component));
  }

  // Alerts: one topic for the component, the team's and the platform's
  // addresses subscribed, and a rule sending the pipeline's failures to it.
  expect(s.alertTopics).toEqual([
    expect.objectContaining({
      name: `${component}-alerts`,
      arn: topicArn,
      tags: expect.objectContaining(tagsOf(component)),
    }),
  ]);
  expect(s.alertTopics[0].subscriptions).toEqual(
    [TEAM_EMAIL, ...ALERT_EMAILS.dev].map(e => ['email', e]).sort(),
  );
  const publishers = JSON.stringify(s.alertTopics[0].policy);
  expect(publishers).toContain('events.amazonaws.com');
  expect(publishers).toContain('cloudwatch.amazonaws.com');
  expect(s.eventRules).toEqual([
    expect.objectContaining({
      name: `${component}-pipeline-failed`,
      arn: steps.alerts.outputs.ruleArn,
      eventPattern: expect.objectContaining({
        source: ['aws.codepipeline'],
        'detail-type': ['CodePipeline Pipeline Execution State Change'],
        detail: expect.objectContaining({
          state: ['FAILED'],
          pipeline: [component],
        }),
      }),
      targets: [
        expect.objectContaining({
          arn: topicArn,
          inputTransformer: expect.anything(),
        }),
      ],
      tags: expect.objectContaining(tagsOf(component)),
    }),
  ]);

  // ECS: one Fargate service per environment, awsvpc in the platform's
  // subnets, 0 tasks until the pipeline deploys an image, behind its target group.
  for (const environment of ENVIRONMENTS) {
    const out = steps[`service-${environment}`].outputs;
    const route = expectedRoute(component, environment, platform);
    const service = s.ecsServices.find(
      x => x.cluster === `${environment}-cluster`,
    );
    expect(service).toMatchObject({
      name: component,
      arn: out.serviceArn,
      status: 'ACTIVE',
      launchType: 'FARGATE',
      desiredCount: 0,
      taskDefinition: out.taskDefinitionArn,
      deploymentController: blueGreen ? 'CODE_DEPLOY' : 'ECS',
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: platform.subnets,
          securityGroups: platform.securityGroups,
          assignPublicIp: 'DISABLED',
        },
      },
      loadBalancers: [
        {
          targetGroupArn: out.targetGroupArn,
          containerName: component,
          containerPort: 8080,
        },
      ],
      tags: {
        ...tagsOf(component, environment),
        'slipway:url': route.url,
      },
    });
    expect(out).toMatchObject({ url: route.url, basePath: route.basePath });
    const taskDefinitions = s.taskDefinitions.filter(
      t => t.family === `${component}-${environment}`,
    );
    expect(taskDefinitions).toEqual([
      expect.objectContaining({
        arn: out.taskDefinitionArn,
        status: 'ACTIVE',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        executionRoleArn: steps.roles.outputs.taskExecutionRoleArn,
        tags: tagsOf(component, environment),
      }),
    ]);
    const [container] = taskDefinitions[0].containers;
    expect(taskDefinitions[0].containers).toHaveLength(1);
    expect(container).toMatchObject({
      name: component,
      portMappings: [expect.objectContaining({ containerPort: 8080 })],
      logDriver: 'awslogs',
      logGroup: `/slipway/${component}/${environment}/ecs`,
    });
    expect(container.image).toContain(steps.ecr.outputs.repositoryUri);
    // The container probes its health under its base path (gunicorn strips SCRIPT_NAME).
    expect(JSON.stringify(container.healthCheck.command)).toContain(
      `localhost:8080${route.healthCheckPath}`,
    );
    if (route.basePath) {
      expect(container.environment).toMatchObject({
        SCRIPT_NAME: route.basePath,
      });
    } else {
      expect(container.environment.SCRIPT_NAME ?? '').toBe('');
    }
  }

  // Pipeline: V2, connection source with push trigger, build, per environment
  // (approval before prod) the deploy and then Start-tasks.
  expect(s.pipelines).toHaveLength(1);
  const pipeline = s.pipelines[0];
  expect(pipeline).toMatchObject({
    name: component,
    arn: steps.pipeline.outputs.pipelineArn,
    pipelineType: 'V2',
    executionMode: 'QUEUED',
    roleArn: steps.roles.outputs.codePipelineRoleArn,
    artifactStore: { type: 'S3', location: 'slipway-artifacts' },
    tags: tagsOf(component, 'dev'),
  });
  expect(pipeline.triggers).toEqual([
    {
      providerType: 'CodeStarSourceConnection',
      gitConfiguration: {
        sourceActionName: 'Source',
        push: [{ branches: { includes: ['main'] } }],
      },
    },
  ]);
  expect(pipeline.stages.map((x: any) => x.name)).toEqual([
    'Source',
    'Build',
    'Deploy-dev',
    'Approve-prod',
    'Deploy-prod',
  ]);
  expect(steps.pipeline.outputs.stages).toEqual(
    pipeline.stages.map((x: any) => x.name),
  );
  const stage = (name: string) =>
    pipeline.stages.find((x: any) => x.name === name).actions;
  expect(stage('Source')[0]).toMatchObject({
    category: 'Source',
    provider: 'CodeStarSourceConnection',
    configuration: {
      ConnectionArn: CONNECTION_ARN,
      FullRepositoryId: `acme/${component}`,
      BranchName: 'main',
    },
  });
  expect(stage('Build')[0]).toMatchObject({
    category: 'Build',
    provider: 'CodeBuild',
    configuration: { ProjectName: `${component}-build` },
  });
  expect(stage('Approve-prod')[0]).toMatchObject({
    category: 'Approval',
    provider: 'Manual',
  });
  for (const environment of ENVIRONMENTS) {
    const [deploy, startTasks, ...more] = stage(`Deploy-${environment}`);
    expect(more).toEqual([]);
    expect(deploy).toMatchObject(
      blueGreen
        ? {
            category: 'Deploy',
            provider: 'CodeDeployToECS',
            configuration: {
              ApplicationName: `${component}-${environment}`,
              DeploymentGroupName: `${component}-${environment}`,
              // Each environment deploys its own rendered task definition.
              TaskDefinitionTemplatePath: `taskdef-${environment}.json`,
              AppSpecTemplatePath: 'appspec.yaml',
            },
          }
        : {
            category: 'Deploy',
            provider: 'ECS',
            configuration: {
              ClusterName: `${environment}-cluster`,
              ServiceName: component,
              FileName: 'imagedefinitions.json',
            },
          },
    );
    expect(startTasks).toMatchObject({
      name: 'Start-tasks',
      category: 'Compute',
      provider: 'Commands',
    });
  }
}

/** Rolling: the service's own target group, listener rule and two alarms per environment. */
function verifyRolling(
  s: Snapshot,
  steps: Record<string, ActionRun>,
  component: string,
  world: World,
) {
  const topicArn = steps.alerts.outputs.topicArn;
  for (const environment of ENVIRONMENTS) {
    const out = steps[`service-${environment}`].outputs;
    const route = expectedRoute(component, environment, world.platform);
    const platform = world.platform.environments[environment];
    const group = s.targetGroups.find(t => t.arn === out.targetGroupArn);
    expect(group).toMatchObject({
      name: `${component}-${environment}`,
      protocol: 'HTTP',
      port: 8080,
      targetType: 'ip',
      vpcId: world.platform.vpcId,
      healthCheckPath: route.healthCheckPath,
      tags: tagsOf(component, environment),
    });
    const rules = s.listenerRules.filter(r =>
      r.forwardTo.includes(out.targetGroupArn),
    );
    expect(rules).toEqual([
      expect.objectContaining({
        arn: out.listenerRuleArn,
        listenerArn: platform.productionListenerArn,
        tags: tagsOf(component, environment),
      }),
    ]);
    expect(conditionOf(rules[0])).toEqual([route.condition]);
    verifyAlarms(s, component, environment, [group.name], topicArn);
    expect(out.alarmNames.sort()).toEqual(
      [`${group.name}-target-5xx`, `${group.name}-unhealthy-hosts`].sort(),
    );
  }
}

/** The two alarms on each target group: 5xx and unhealthy hosts, paging the alert topic. */
function verifyAlarms(
  s: Snapshot,
  component: string,
  environment: string,
  targetGroupNames: string[],
  topicArn: string,
) {
  for (const name of targetGroupNames) {
    const group = s.targetGroups.find(t => t.name === name);
    const targetGroupDimension = group.arn.split(':').pop();
    for (const [suffix, metric] of [
      ['target-5xx', 'HTTPCode_Target_5XX_Count'],
      ['unhealthy-hosts', 'UnHealthyHostCount'],
    ]) {
      expect(s.alarms.find(a => a.name === `${name}-${suffix}`)).toMatchObject({
        namespace: 'AWS/ApplicationELB',
        metricName: metric,
        treatMissingData: 'notBreaching',
        alarmActions: [topicArn],
        dimensions: {
          TargetGroup: targetGroupDimension,
          LoadBalancer: expect.stringMatching(/^app\//),
        },
        tags: expect.objectContaining(tagsOf(component, environment)),
      });
    }
  }
}

function verifyBlueGreen(
  s: Snapshot,
  steps: Record<string, ActionRun>,
  component: string,
  strategy: Strategy,
  world: World,
) {
  const configName = {
    'blue-green': 'CodeDeployDefault.ECSAllAtOnce',
    canary: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    linear: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  }[strategy as Exclude<Strategy, 'rolling'>];
  const topicArn = steps.alerts.outputs.topicArn;
  for (const environment of ENVIRONMENTS) {
    const name = `${component}-${environment}`;
    const targets = steps[`targets-${environment}`].outputs;
    const platform = world.platform.environments[environment];
    const route = expectedRoute(component, environment, world.platform);
    // Two HTTP target groups for Fargate (ip) in the platform VPC.
    const groups = s.targetGroups.filter(t => t.name.startsWith(`${name}-`));
    expect(groups.map(g => g.arn).sort()).toEqual(
      [targets.blueTargetGroupArn, targets.greenTargetGroupArn].sort(),
    );
    for (const group of groups) {
      expect(group).toMatchObject({
        protocol: 'HTTP',
        port: 8080,
        targetType: 'ip',
        vpcId: world.platform.vpcId,
        healthCheckPath: route.healthCheckPath,
        tags: tagsOf(component, environment),
      });
    }
    // A rule on each listener sends the service's own host or path to blue.
    const rules = s.listenerRules.filter(r =>
      r.forwardTo.includes(targets.blueTargetGroupArn),
    );
    expect(rules.map(r => r.listenerArn).sort()).toEqual(
      [platform.productionListenerArn, platform.testListenerArn].sort(),
    );
    for (const rule of rules) {
      expect(rule.tags).toEqual(tagsOf(component, environment));
      expect(conditionOf(rule)).toEqual([route.condition]);
    }
    expect(targets).toMatchObject({
      url: route.url,
      basePath: route.basePath,
    });
    verifyAlarms(
      s,
      component,
      environment,
      groups.map(g => g.name),
      topicArn,
    );
    expect(s.codeDeployApplications).toContainEqual({
      name,
      computePlatform: 'ECS',
      tags: tagsOf(component, environment),
    });
    expect(
      s.deploymentGroups.find(g => g.application === name && g.name === name),
    ).toEqual(
      expect.objectContaining({
        deploymentConfigName: configName,
        serviceRoleArn: steps.roles.outputs.codeDeployRoleArn,
        deploymentStyle: {
          deploymentType: 'BLUE_GREEN',
          deploymentOption: 'WITH_TRAFFIC_CONTROL',
        },
        loadBalancerInfo: {
          targetGroupPairInfoList: [
            {
              targetGroups: [{ name: `${name}-b` }, { name: `${name}-g` }],
              prodTrafficRoute: {
                listenerArns: [platform.productionListenerArn],
              },
              testTrafficRoute: { listenerArns: [platform.testListenerArn] },
            },
          ],
        },
        ecsServices: [
          { serviceName: component, clusterName: `${environment}-cluster` },
        ],
        autoRollbackConfiguration: {
          enabled: true,
          events: expect.arrayContaining([
            'DEPLOYMENT_FAILURE',
            'DEPLOYMENT_STOP_ON_ALARM',
          ]),
        },
        alarmConfiguration: expect.objectContaining({
          enabled: true,
          alarms: expect.arrayContaining(
            groups.flatMap(g => [
              { name: `${g.name}-target-5xx` },
              { name: `${g.name}-unhealthy-hosts` },
            ]),
          ),
        }),
        tags: tagsOf(component, environment),
      }),
    );
    expect(steps[`deploymentGroup-${environment}`].outputs).toMatchObject({
      deploymentGroupReady: true,
      deploymentConfigName: configName,
    });
  }
}

/** The template once, verified in full; then again: nothing duplicated or changed. */
async function provisionTwiceAndVerify(
  world: World,
  component: string,
  strategy: Strategy,
) {
  world.faults.arm();
  const steps = await world.runTemplate(component, strategy);
  const first = await snapshot();
  verifyCommon(first, steps, component, strategy, world.platform);
  if (strategy === 'rolling') verifyRolling(first, steps, component, world);
  else verifyBlueGreen(first, steps, component, strategy, world);
  expect(warnings(steps)).toEqual([]);

  // The rolling settings as the action sent them (moto keeps them only
  // through motoLauncher.py).
  const creates = world.faults.requests.filter(
    r => r.call === 'ECS.CreateService',
  );
  expect(creates).toHaveLength(2);
  for (const { input } of creates) {
    expect(input).toMatchObject(
      strategy === 'rolling'
        ? {
            desiredCount: 0,
            deploymentController: { type: 'ECS' },
            deploymentConfiguration: {
              deploymentCircuitBreaker: { enable: true, rollback: true },
              alarms: {
                alarmNames: expect.arrayContaining([
                  expect.stringMatching(/-target-5xx$/),
                  expect.stringMatching(/-unhealthy-hosts$/),
                ]),
                enable: true,
                rollback: true,
              },
            },
          }
        : { desiredCount: 0, deploymentController: { type: 'CODE_DEPLOY' } },
    );
  }

  // The whole template again: everything is found and reused, nothing duplicated or changed.
  world.faults.arm();
  const again = await world.runTemplate(component, strategy);
  const second = await snapshot();
  expect(counts(second)).toEqual(counts(first));
  expect(second).toEqual(first);
  expect(warnings(again)).toEqual([]);
  expect(
    world.faults.calls.filter(c =>
      /\.(Create|Register|Put|Update|Subscribe|Tag)/.test(c.split('.')[1]),
    ),
  ).toEqual([]);
  for (const [id, step] of Object.entries(again)) {
    if ('created' in step.outputs)
      expect([id, step.outputs.created]).toEqual([id, false]);
  }
  expect(again.roles.outputs.createdRoles).toEqual([]);
  for (const [id, step] of Object.entries(again)) {
    // Same ARNs and names as the first run (created/createdRoles aside).
    const { created: _a, createdRoles: _b, ...rest } = step.outputs;
    const { created: _c, createdRoles: _d, ...before } = steps[id].outputs;
    expect(rest).toEqual(before);
  }
  return first;
}

/** Per strategy: how many resources of each kind one component's run creates. */
const EXPECTED: Record<Strategy, Record<string, number>> = {
  rolling: {
    ecrRepositories: 1,
    iamRoles: 3,
    logGroups: 3,
    codeBuildProjects: 1,
    ecsServices: 2,
    taskDefinitions: 2,
    taskDefinitionFamilies: 2,
    targetGroups: 2,
    listenerRules: 2,
    codeDeployApplications: 0,
    deploymentGroups: 0,
    pipelines: 1,
    alertTopics: 1,
    eventRules: 1,
    alarms: 4,
  },
  'blue-green': {
    ecrRepositories: 1,
    iamRoles: 4,
    logGroups: 3,
    codeBuildProjects: 1,
    ecsServices: 2,
    taskDefinitions: 2,
    taskDefinitionFamilies: 2,
    targetGroups: 4,
    listenerRules: 4,
    codeDeployApplications: 2,
    deploymentGroups: 2,
    pipelines: 1,
    alertTopics: 1,
    eventRules: 1,
    alarms: 8,
  },
  canary: {} as Record<string, number>,
  linear: {} as Record<string, number>,
};
EXPECTED.canary = EXPECTED['blue-green'];
EXPECTED.linear = EXPECTED['blue-green'];

const figures: string[] = [];

afterAll(() => {
  // The per-strategy figures for the issue's report.
  // eslint-disable-next-line no-console
  console.log(
    `resources per run (dev + prod, one component):\n${figures.join('\n')}`,
  );
});

describe('slipway:* actions against moto_server', () => {
  it.each(STRATEGIES)(
    '%s: provisions the delivery path, converges on a re-run, and teardown leaves nothing',
    async strategy => {
      const world = await World.create();
      const component = `orders-${strategy}`.replace('blue-green', 'bg');
      const first = await provisionTwiceAndVerify(world, component, strategy);
      expect(counts(first)).toEqual(EXPECTED[strategy]);

      // CodeDeploy deletes run on motoLauncher.py's addition (moto lacks them).
      const teardown = await world.teardown(component);
      expect(teardown.error).toBeUndefined();
      expect(teardown.outputs.skipped).toEqual([]);
      const after = await snapshot();
      figures.push(
        `  ${strategy}: ${total(first)} created (${Object.entries(counts(first))
          .filter(([k, n]) => n && k !== 'taskDefinitionFamilies')
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}); teardown removed ${
          teardown.outputs.removed.length
        }; left after teardown: ${total(after)}`,
      );
      expect(namesOwnedBy(after, component)).toEqual({});
      expect(total(after)).toBe(0);
      expect(teardown.outputs.removed).toHaveLength(total(first));
      // Deleted ECS services stay INACTIVE for a while (in AWS too).
      for (const cluster of ['dev-cluster', 'prod-cluster']) {
        const { services = [] } = await world.readers.ecs.send(
          new DescribeServicesCommand({ cluster, services: [component] }),
        );
        expect(services.map(x => x.status)).toEqual(['INACTIVE']);
      }
      expect(await world.inventory()).toEqual([]);
    },
  );
});
