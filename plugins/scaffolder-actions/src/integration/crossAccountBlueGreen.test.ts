import { MotoServer, startMotoServer } from './__testUtils__/motoServer';
import {
  expectedRoute,
  namesOwnedBy,
  ownedBy,
  tagsOf,
  total,
} from './__testUtils__/snapshot';
import {
  AccountRead,
  environmentsTagged,
  HOME,
  iamRoleArn,
  kindsOf,
  PROD_ACCOUNT,
  provisionAcrossAccounts,
  readAccount,
  statementsOf,
} from './__testUtils__/twoAccounts';
import {
  ACCOUNT,
  ActionRun,
  ALERT_EMAILS,
  Placement,
  TEAM_EMAIL,
  World,
} from './__testUtils__/world';

/**
 * Blue/green (CodeDeploy) promotion across accounts against moto_server:
 * dev and the pipeline in the home account, prod in its own account and
 * region. Everything of prod's blue/green (target groups, listener rules,
 * alarms and the alert topic they notify, CodeDeploy application, deployment
 * group and its service role, the deploy role) is created in prod's account
 * with its credentials; the pipeline's Deploy-prod stage assumes the deploy
 * role there. Each account is read back with boto3, every request is
 * checked against the AWS service model (world.ts), and teardown leaves
 * nothing in either account.
 */

jest.setTimeout(240_000);

const PROD: Placement = { accountId: PROD_ACCOUNT, region: 'eu-west-1' };
const COMPONENT = 'payments-api';

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
});

const alarmNamesOf = (environment: string) =>
  ['b', 'g'].flatMap(group => [
    `${COMPONENT}-${environment}-${group}-target-5xx`,
    `${COMPONENT}-${environment}-${group}-unhealthy-hosts`,
  ]);

function verifyHome(home: AccountRead, steps: Record<string, ActionRun>) {
  const { s, reads } = home;
  const roles = steps.roles.outputs;
  const prodDeployRole = iamRoleArn(PROD_ACCOUNT, `${COMPONENT}-deploy-prod`);
  expect(reads.account).toBe(ACCOUNT);

  // dev's blue/green and the delivery path; nothing of prod.
  expect(s.iamRoles.map(r => r.name).sort()).toEqual(
    ['codebuild', 'codedeploy', 'codepipeline', 'ecs-task-execution'].map(
      r => `${COMPONENT}-${r}`,
    ),
  );
  expect(s.codeDeployApplications.map(a => a.name)).toEqual([
    `${COMPONENT}-dev`,
  ]);
  expect(s.deploymentGroups).toEqual([
    expect.objectContaining({
      name: `${COMPONENT}-dev`,
      serviceRoleArn: roles.codeDeployRoleArn,
    }),
  ]);
  expect(s.targetGroups.map(t => t.name).sort()).toEqual([
    `${COMPONENT}-dev-b`,
    `${COMPONENT}-dev-g`,
  ]);
  expect(s.alarms.map(a => a.name).sort()).toEqual(alarmNamesOf('dev'));
  expect(s.alertTopics.map(t => t.arn)).toEqual([
    steps.alerts.outputs.topicArn,
  ]);
  expect(environmentsTagged(s, COMPONENT)).toEqual(['(none)', 'dev']);
  const { pipelines: _pipelines, ...resources } = s;
  expect(JSON.stringify(resources)).not.toContain('prod-cluster');
  expect(JSON.stringify(resources)).not.toContain(`${COMPONENT}-prod`);

  // The pipeline role deploys dev's group itself and assumes prod's deploy role.
  const pipelineRole = statementsOf(
    s.iamRoles.find(r => r.name === `${COMPONENT}-codepipeline`),
  );
  expect(pipelineRole.AssumeDeployRoles.Resource).toEqual([prodDeployRole]);
  expect(pipelineRole.DeployBlueGreen.Resource).toEqual([
    `arn:aws:codedeploy:${HOME.region}:${ACCOUNT}:application:${COMPONENT}-dev`,
    `arn:aws:codedeploy:${HOME.region}:${ACCOUNT}:deploymentgroup:${COMPONENT}-dev/${COMPONENT}-dev`,
    `arn:aws:codedeploy:${HOME.region}:${ACCOUNT}:deploymentconfig:CodeDeployDefault.ECS*`,
  ]);
  const { AssumeDeployRoles: _assume, ...ownAccountOnly } = pipelineRole;
  expect(JSON.stringify(ownAccountOnly)).not.toContain(PROD_ACCOUNT);

  // Deploy-prod: CodeDeployToECS (and Start-tasks) through the deploy role,
  // in prod's region, with prod's application, group and task definition.
  const [pipeline] = reads.pipelines;
  const stage = (name: string) =>
    pipeline.actions.filter(a => a.stage === name);
  expect(stage('Deploy-prod')).toEqual([
    {
      stage: 'Deploy-prod',
      name: 'Deploy',
      provider: 'CodeDeployToECS',
      roleArn: prodDeployRole,
      region: PROD.region,
      configuration: expect.objectContaining({
        ApplicationName: `${COMPONENT}-prod`,
        DeploymentGroupName: `${COMPONENT}-prod`,
        TaskDefinitionTemplatePath: 'taskdef-prod.json',
        AppSpecTemplatePath: 'appspec.yaml',
      }),
    },
    expect.objectContaining({
      name: 'Start-tasks',
      roleArn: prodDeployRole,
      region: PROD.region,
    }),
  ]);
  expect(stage('Deploy-dev').map(a => [a.provider, a.roleArn])).toEqual([
    ['CodeDeployToECS', undefined],
    ['Commands', undefined],
  ]);
  // The artifact store of prod's region is encrypted with the home key there.
  expect(pipeline.artifactStores![PROD.region].encryptionKey.id).toMatch(
    new RegExp(`^arn:aws:kms:${PROD.region}:${ACCOUNT}:key/`),
  );
}

async function verifyProd(
  world: World,
  prod: AccountRead,
  steps: Record<string, ActionRun>,
) {
  const { s, reads } = prod;
  const pipelineRoleArn = steps.roles.outputs.codePipelineRoleArn;
  const role = (name: string) =>
    s.iamRoles.find(r => r.name === `${COMPONENT}-${name}`);
  const executionRoleArn = iamRoleArn(
    PROD_ACCOUNT,
    `${COMPONENT}-ecs-task-execution`,
  );
  const codeDeployRoleArn = iamRoleArn(PROD_ACCOUNT, `${COMPONENT}-codedeploy`);
  const inProd = (service: string, resource: string) =>
    `arn:aws:${service}:${PROD.region}:${PROD_ACCOUNT}:${resource}`;
  expect([reads.account, reads.region]).toEqual([PROD_ACCOUNT, PROD.region]);
  expect(environmentsTagged(s, COMPONENT)).toEqual(['prod']);
  expect([s.ecrRepositories, s.pipelines, s.eventRules]).toEqual([[], [], []]);
  expect(reads.artifactKeys).toEqual([]);

  // Three roles, all prod's: execution, CodeDeploy, deploy.
  expect(s.iamRoles.map(r => r.name).sort()).toEqual(
    ['codedeploy', 'deploy-prod', 'ecs-task-execution'].map(
      r => `${COMPONENT}-${r}`,
    ),
  );
  for (const r of s.iamRoles) {
    expect(r).toMatchObject({
      path: '/slipway/',
      tags: tagsOf(COMPONENT, 'prod'),
      attachedPolicies: [],
    });
  }

  // The CodeDeploy role: trusted by CodeDeploy, shifting prod's task sets and listeners only.
  const codeDeployRole = role('codedeploy');
  expect(codeDeployRole.arn).toBe(codeDeployRoleArn);
  expect(codeDeployRole.trustPolicy.Statement).toEqual([
    expect.objectContaining({
      Principal: { Service: 'codedeploy.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }),
  ]);
  const shifting = statementsOf(codeDeployRole);
  expect(shifting.ShiftEcsTaskSets.Resource).toEqual([
    inProd('ecs', `service/prod-cluster/${COMPONENT}`),
    inProd('ecs', `task-set/prod-cluster/${COMPONENT}/*`),
  ]);
  expect(shifting.ReadRollbackAlarms.Resource).toEqual(
    alarmNamesOf('prod').map(name => inProd('cloudwatch', `alarm:${name}`)),
  );
  expect(shifting.PassDeliveryRoles.Resource).toEqual([executionRoleArn]);
  expect(JSON.stringify(shifting)).not.toContain(`${ACCOUNT}:`);

  // The deploy role: only the pipeline role assumes it; CodeDeployToECS's calls on prod's group only.
  const deployRole = role('deploy-prod');
  expect(deployRole.trustPolicy.Statement).toEqual([
    expect.objectContaining({
      Principal: { AWS: pipelineRoleArn },
      Condition: {
        StringEquals: {
          'aws:PrincipalAccount': ACCOUNT,
          'aws:PrincipalArn': pipelineRoleArn,
        },
      },
    }),
  ]);
  const deploying = statementsOf(deployRole);
  expect(deploying.DeployBlueGreen.Resource).toEqual([
    inProd('codedeploy', `application:${COMPONENT}-prod`),
    inProd('codedeploy', `deploymentgroup:${COMPONENT}-prod/${COMPONENT}-prod`),
    inProd('codedeploy', 'deploymentconfig:CodeDeployDefault.ECS*'),
  ]);
  expect(deploying.RegisterTaskDefinitions.Resource).toEqual([
    inProd('ecs', `task-definition/${COMPONENT}-prod:*`),
  ]);
  expect(deploying.PassExecutionRole.Resource).toEqual([executionRoleArn]);
  expect(deploying.DecryptPipelineArtifacts.Action).toEqual(['kms:Decrypt']);

  // Target groups, listener rules, alarms and the topic they notify, in prod's account.
  const targets = steps['targets-prod'].outputs;
  const platform = world.platform.environments.prod;
  expect(s.targetGroups.map(t => [t.name, t.arn]).sort()).toEqual([
    [`${COMPONENT}-prod-b`, targets.blueTargetGroupArn],
    [`${COMPONENT}-prod-g`, targets.greenTargetGroupArn],
  ]);
  expect(targets.blueTargetGroupArn.split(':').slice(3, 5)).toEqual([
    PROD.region,
    PROD_ACCOUNT,
  ]);
  const listeners = [
    platform.productionListenerArn,
    platform.testListenerArn,
  ].filter(Boolean);
  expect(s.listenerRules.map(r => [r.listenerArn, r.forwardTo])).toEqual(
    listeners.map(l => [l, [targets.blueTargetGroupArn]]),
  );
  const route = expectedRoute(COMPONENT, 'prod', world.platform);
  expect(targets.basePath).toBe(route.basePath);
  const topicArn = inProd('sns', `${COMPONENT}-alerts`);
  expect(s.alertTopics).toEqual([
    expect.objectContaining({
      arn: topicArn,
      // prod's alert emails (the targets step), then the owner's (service).
      subscriptions: [...ALERT_EMAILS.prod, TEAM_EMAIL].map(e => ['email', e]),
      tags: tagsOf(COMPONENT, 'prod'),
    }),
  ]);
  expect(s.alarms.map(a => a.name).sort()).toEqual(alarmNamesOf('prod'));
  for (const alarm of s.alarms) {
    expect(alarm.alarmActions).toEqual([topicArn]);
  }

  // The CodeDeploy application and group, with prod's role, service, target groups, listeners and alarms.
  expect(s.codeDeployApplications).toEqual([
    {
      name: `${COMPONENT}-prod`,
      computePlatform: 'ECS',
      tags: tagsOf(COMPONENT, 'prod'),
    },
  ]);
  expect(s.deploymentGroups).toEqual([
    expect.objectContaining({
      application: `${COMPONENT}-prod`,
      name: `${COMPONENT}-prod`,
      serviceRoleArn: codeDeployRoleArn,
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      ecsServices: [{ serviceName: COMPONENT, clusterName: 'prod-cluster' }],
      loadBalancerInfo: {
        targetGroupPairInfoList: [
          expect.objectContaining({
            targetGroups: [
              { name: `${COMPONENT}-prod-b` },
              { name: `${COMPONENT}-prod-g` },
            ],
            prodTrafficRoute: {
              listenerArns: [platform.productionListenerArn],
            },
          }),
        ],
      },
      alarmConfiguration: expect.objectContaining({
        enabled: true,
        alarms: expect.arrayContaining(
          alarmNamesOf('prod').map(name => ({ name })),
        ),
      }),
      tags: tagsOf(COMPONENT, 'prod'),
    }),
  ]);

  // The CODE_DEPLOY-controlled service on a task definition with prod's execution role.
  expect(s.ecsServices).toEqual([
    expect.objectContaining({
      cluster: 'prod-cluster',
      name: COMPONENT,
      deploymentController: 'CODE_DEPLOY',
      tags: expect.objectContaining(tagsOf(COMPONENT, 'prod')),
    }),
  ]);
  expect(s.taskDefinitions).toEqual([
    expect.objectContaining({
      family: `${COMPONENT}-prod`,
      executionRoleArn,
    }),
  ]);
  // What the template writes into deploy/environments.json for taskdef-prod.json.
  expect(steps.roles.outputs.taskExecutionRoleArns).toEqual({
    dev: steps.roles.outputs.taskExecutionRoleArn,
    prod: executionRoleArn,
  });
}

describe('blue/green promotion across accounts, against moto_server', () => {
  it('dev and the pipeline in the home account, prod’s blue/green in its own account and region; teardown leaves nothing in either', async () => {
    const { world, steps } = await provisionAcrossAccounts(
      PROD,
      COMPONENT,
      'blue-green',
    );
    for (const [id, step] of Object.entries(steps)) {
      expect([id, step.logger.warn.mock.calls]).toEqual([id, []]);
    }

    const home = await readAccount(world, HOME);
    const prod = await readAccount(world, PROD);
    verifyHome(home, steps);
    await verifyProd(world, prod, steps);
    expect(total(home.s)).toBe(total(ownedBy(home.s, COMPONENT)));
    expect(total(prod.s)).toBe(total(ownedBy(prod.s, COMPONENT)));

    const teardown = await world.teardown(COMPONENT);
    expect(teardown.error).toBeUndefined();
    expect(teardown.outputs.skipped).toEqual([]);
    const after = [
      await readAccount(world, HOME),
      await readAccount(world, PROD),
      await readAccount(world, { accountId: ACCOUNT, region: PROD.region }),
    ];
    for (const { s, reads } of after) {
      expect(namesOwnedBy(s, COMPONENT)).toEqual({});
      expect(total(s)).toBe(0);
      expect(reads.pipelines).toEqual([]);
      expect(reads.artifactKeys).toEqual([]);
    }
    expect(await world.inventory(HOME)).toEqual([]);
    expect(await world.inventory(PROD)).toEqual([]);

    // eslint-disable-next-line no-console
    console.log(
      `blue/green across accounts: ${ACCOUNT} created ${total(
        home.s,
      )} (${kindsOf(home.s, COMPONENT)}), ${PROD_ACCOUNT} created ${total(
        prod.s,
      )} (${kindsOf(prod.s, COMPONENT)}); teardown removed ${
        teardown.outputs.removed.length
      }; ${world.faults.requests.length} requests to AWS`,
    );
  });
});
