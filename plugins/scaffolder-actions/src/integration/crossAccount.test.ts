import {
  MotoServer,
  startMotoServer,
  verifyPyWith,
} from './__testUtils__/motoServer';
import {
  expectedRoute,
  namesOwnedBy,
  ownedBy,
  tagsOf,
  total,
} from './__testUtils__/snapshot';
import {
  AccountReads,
  environmentsTagged,
  HOME,
  iamRoleArn,
  kindsOf,
  namesByKind,
  PROD_ACCOUNT,
  provisionAcrossAccounts,
  readAccount,
} from './__testUtils__/twoAccounts';
import {
  ACCOUNT,
  ActionRun,
  ALERT_EMAILS,
  Placement,
  REGION,
  TEAM_EMAIL,
  World,
} from './__testUtils__/world';

/**
 * Promotion across accounts against moto_server: dev (and the pipeline) in
 * the home account, prod in another. moto keeps resources per account and
 * answers with the account of the caller's credentials; integration-aws-node
 * gets the other account's through `sts:AssumeRole` (`aws.accounts`), which
 * moto honours. The template's actions run in order, each account is read
 * back on its own with boto3, every request is checked against the AWS
 * service model (world.ts), and teardown leaves nothing in either account.
 */

jest.setTimeout(240_000);

/**
 * KMS assertions. The artifact key (alias/slipway/<component>-artifacts, one
 * per artifact store region, in the home account) is being added to
 * slipway:codepipeline:create-pipeline and slipway:teardown (src/aws/kms.ts)
 * while this test is written. true: every store's encryptionKey is a key
 * that exists in the home account in the store's region, enabled, tagged for
 * the component, with a policy naming the pipeline role and the deploy role,
 * and teardown deletes its alias and schedules its deletion. false (the key
 * not created by Slipway): only the stores' encryptionKey entries are
 * checked, and that no key exists.
 */
const ARTIFACT_KEY_CREATED_BY_SLIPWAY = true;

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

function verifyHome(
  home: Awaited<ReturnType<typeof readAccount>>,
  keysByRegion: Record<string, AccountReads['artifactKeys']>,
  steps: Record<string, ActionRun>,
  component: string,
  prod: Placement,
) {
  const { s, reads } = home;
  const roles = steps.roles.outputs;
  const prodDeployRole = iamRoleArn(PROD_ACCOUNT, `${component}-deploy-prod`);
  const prodExecutionRole = iamRoleArn(
    PROD_ACCOUNT,
    `${component}-ecs-task-execution`,
  );
  expect(reads.account).toBe(ACCOUNT);

  // The home account holds the delivery path and dev, nothing of prod.
  expect(s.ecrRepositories.map(r => r.name)).toEqual([component]);
  expect(s.codeBuildProjects.map(p => p.name)).toEqual([`${component}-build`]);
  expect(s.pipelines.map(p => p.name)).toEqual([component]);
  expect(s.alertTopics.map(t => t.name)).toEqual([`${component}-alerts`]);
  expect(s.eventRules.map(r => r.name)).toEqual([
    `${component}-pipeline-failed`,
  ]);
  expect(s.iamRoles.map(r => r.name).sort()).toEqual(
    [
      `${component}-codebuild`,
      `${component}-codepipeline`,
      `${component}-ecs-task-execution`,
    ].sort(),
  );
  expect(s.ecsServices.map(x => `${x.cluster}/${x.name}`)).toEqual([
    `dev-cluster/${component}`,
  ]);
  expect(s.taskDefinitions.map(t => t.family)).toEqual([`${component}-dev`]);
  expect(s.logGroups.map(g => g.name).sort()).toEqual(
    [`/slipway/${component}/codebuild`, `/slipway/${component}/dev/ecs`].sort(),
  );
  expect(s.targetGroups.map(t => t.name)).toEqual([`${component}-dev`]);
  expect(s.listenerRules).toHaveLength(1);
  expect(s.alarms).toHaveLength(2);
  expect(environmentsTagged(s, component)).toEqual(['(none)', 'dev']);
  // Only the pipeline's Deploy-prod stage names prod's cluster.
  const { pipelines: _pipelines, ...resources } = s;
  expect(JSON.stringify(resources)).not.toContain('prod-cluster');

  // The pipeline role may assume exactly the prod deploy role, and no
  // longer names the prod service itself.
  const pipelineRole = s.iamRoles.find(
    r => r.name === `${component}-codepipeline`,
  );
  expect(pipelineRole.arn).toBe(roles.codePipelineRoleArn);
  const pipelinePolicy = pipelineRole.inlinePolicies['slipway-least-privilege'];
  expect(
    pipelinePolicy.Statement.find((x: any) => x.Sid === 'AssumeDeployRoles'),
  ).toMatchObject({
    Effect: 'Allow',
    Action: ['sts:AssumeRole'],
    Resource: [prodDeployRole],
  });
  expect(JSON.stringify(pipelinePolicy)).not.toContain(
    `${PROD_ACCOUNT}:service/`,
  );

  // The pipeline: dev deployed with the pipeline's own role; prod, after
  // the approval, through the deploy role in the prod account.
  const [pipeline] = reads.pipelines;
  expect(pipeline.roleArn).toBe(roles.codePipelineRoleArn);
  expect([...new Set(pipeline.actions.map(a => a.stage))]).toEqual([
    'Source',
    'Build',
    'Deploy-dev',
    'Approve-prod',
    'Deploy-prod',
  ]);
  const crossRegion = prod.region !== REGION;
  for (const action of pipeline.actions) {
    if (action.stage === 'Deploy-prod') {
      expect([action.name, action.roleArn, action.region]).toEqual([
        action.name,
        prodDeployRole,
        crossRegion ? prod.region : undefined,
      ]);
    } else {
      expect([action.stage, action.name, action.roleArn]).toEqual([
        action.stage,
        action.name,
        undefined,
      ]);
    }
  }
  const prodDeploy = pipeline.actions.find(
    a => a.stage === 'Deploy-prod' && a.provider === 'ECS',
  )!;
  expect(prodDeploy.configuration).toMatchObject({
    ClusterName: 'prod-cluster',
    ServiceName: component,
  });

  // Artifact stores in the home account's buckets, each encrypted with the
  // component's key in the home account, in its region (by key ARN: the
  // deploy roles of other accounts cannot resolve an alias).
  const regions = crossRegion ? [REGION, prod.region] : [REGION];
  const buckets: Record<string, string> = {
    [REGION]: 'slipway-artifacts',
    ...(crossRegion && { [prod.region]: `slipway-artifacts-${prod.region}` }),
  };
  const stores: Record<string, any> = crossRegion
    ? pipeline.artifactStores!
    : { [REGION]: pipeline.artifactStore };
  expect(crossRegion ? pipeline.artifactStore : pipeline.artifactStores).toBe(
    undefined,
  );
  expect(Object.keys(stores).sort()).toEqual([...regions].sort());
  for (const region of regions) {
    expect(stores[region]).toEqual({
      type: 'S3',
      location: buckets[region],
      encryptionKey: {
        id: expect.stringMatching(
          new RegExp(`^arn:aws:kms:${region}:${ACCOUNT}:(key/|alias/slipway/)`),
        ),
        type: 'KMS',
      },
    });
  }

  // KMS (ARTIFACT_KEY_CREATED_BY_SLIPWAY): the key of each store.
  for (const region of regions) {
    const keys = keysByRegion[region];
    if (!ARTIFACT_KEY_CREATED_BY_SLIPWAY) {
      expect(keys).toEqual([]);
      continue;
    }
    expect(keys).toEqual([
      expect.objectContaining({
        alias: `alias/slipway/${component}-artifacts`,
        keyArn: stores[region].encryptionKey.id,
        keyState: 'Enabled',
        tags: expect.objectContaining(tagsOf(component)),
      }),
    ]);
    const keyPolicy = JSON.stringify(keys[0].policy);
    expect(keyPolicy).toContain(prodDeployRole);
    expect(keyPolicy).toContain(roles.codePipelineRoleArn);
    expect(keyPolicy).not.toMatch(/"AWS":\s*"\*"/);
    expect(keyPolicy).not.toMatch(/"Principal":\s*"\*"/);
  }

  // The image repository lets the prod execution role pull, no one else.
  const repositoryPolicy = reads.repositoryPolicies[component];
  expect(repositoryPolicy.Statement).toEqual([
    expect.objectContaining({
      Sid: 'SlipwayCrossAccountPull',
      Effect: 'Allow',
      Principal: { AWS: expect.arrayContaining([prodExecutionRole]) },
      Action: expect.arrayContaining([
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
      ]),
    }),
  ]);
  const principals = [repositoryPolicy.Statement[0].Principal.AWS].flat();
  expect(principals).toEqual([prodExecutionRole]);
}

async function verifyProd(
  world: World,
  prodAccount: Awaited<ReturnType<typeof readAccount>>,
  steps: Record<string, ActionRun>,
  component: string,
  prod: Placement,
) {
  const { s, reads, env } = prodAccount;
  const pipelineRoleArn = steps.roles.outputs.codePipelineRoleArn;
  const deployRoleName = `${component}-deploy-prod`;
  const executionRoleArn = iamRoleArn(
    PROD_ACCOUNT,
    `${component}-ecs-task-execution`,
  );
  expect(reads.account).toBe(PROD_ACCOUNT);
  expect(reads.region).toBe(prod.region);

  // Nothing of the delivery path: no repository, project, pipeline, failure rule or key.
  expect(s.ecrRepositories).toEqual([]);
  expect(s.codeBuildProjects).toEqual([]);
  expect(s.pipelines).toEqual([]);
  expect(reads.pipelines).toEqual([]);
  expect(s.eventRules).toEqual([]);
  expect(reads.artifactKeys).toEqual([]);
  // Everything here is prod's, tagged so.
  expect(environmentsTagged(s, component)).toEqual(['prod']);
  expect(JSON.stringify(s)).not.toContain('dev-cluster');

  // Roles: the execution role and the deploy role, under /slipway/.
  expect(s.iamRoles.map(r => r.name).sort()).toEqual(
    [deployRoleName, `${component}-ecs-task-execution`].sort(),
  );
  for (const role of s.iamRoles) {
    expect(role).toMatchObject({
      path: '/slipway/',
      tags: tagsOf(component, 'prod'),
      attachedPolicies: [],
    });
    expect(role.arn.split(':')[4]).toBe(PROD_ACCOUNT);
  }
  const deployRole = s.iamRoles.find(r => r.name === deployRoleName);
  expect(steps.roles.outputs.deployRoleArns).toEqual({
    prod: deployRole.arn,
  });
  // Trusted by the home account's pipeline role only.
  expect(deployRole.trustPolicy.Statement).toEqual([
    {
      Sid: 'PipelineRoleOnly',
      Effect: 'Allow',
      Principal: { AWS: pipelineRoleArn },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: {
          'aws:PrincipalAccount': ACCOUNT,
          'aws:PrincipalArn': pipelineRoleArn,
        },
      },
    },
  ]);
  expect(pipelineRoleArn.split(':')[4]).toBe(ACCOUNT);
  // Scoped to its service, its task family and its execution role.
  const statements = Object.fromEntries(
    deployRole.inlinePolicies['slipway-least-privilege'].Statement.map(
      (x: any) => [x.Sid, x],
    ),
  );
  expect(Object.keys(statements).sort()).toEqual(
    [
      'DecryptPipelineArtifacts',
      'DeployEcsService',
      'PassExecutionRole',
      'ReadPipelineArtifacts',
      'ReadTaskDefinitions',
      'RegisterTaskDefinitions',
      'StartTasksLogs',
    ].sort(),
  );
  expect(statements.DeployEcsService.Resource).toEqual([
    `arn:aws:ecs:${prod.region}:${PROD_ACCOUNT}:service/prod-cluster/${component}`,
  ]);
  expect(statements.RegisterTaskDefinitions.Resource).toEqual([
    `arn:aws:ecs:${prod.region}:${PROD_ACCOUNT}:task-definition/${component}-prod:*`,
  ]);
  expect(statements.PassExecutionRole).toMatchObject({
    Action: ['iam:PassRole'],
    Resource: [executionRoleArn],
    Condition: {
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    },
  });
  expect(statements.DecryptPipelineArtifacts).toMatchObject({
    Action: ['kms:Decrypt'],
    Resource: [`arn:aws:kms:*:${ACCOUNT}:key/*`],
  });
  // Execution role: trusted by ECS tasks, pulls from the home repository.
  const executionRole = s.iamRoles.find(r => r.arn === executionRoleArn);
  expect(executionRole.trustPolicy.Statement).toEqual([
    expect.objectContaining({
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }),
  ]);
  expect(
    JSON.stringify(executionRole.inlinePolicies['slipway-least-privilege']),
  ).toContain(steps.ecr.outputs.repositoryArn);

  // The service, on a task definition that runs with this account's
  // execution role and the home repository's image.
  const out = steps['service-prod'].outputs;
  expect(s.ecsServices).toEqual([
    expect.objectContaining({
      cluster: 'prod-cluster',
      name: component,
      arn: out.serviceArn,
      tags: expect.objectContaining(tagsOf(component, 'prod')),
    }),
  ]);
  // In the prod account's own subnets (its platform's, not the home one's).
  const prodConfig = world.config.getConfig('slipway.environments.prod');
  expect(prodConfig.getStringArray('subnets')).not.toEqual(
    world.config.getStringArray('slipway.environments.dev.subnets'),
  );
  expect(s.ecsServices[0].networkConfiguration.awsvpcConfiguration).toEqual({
    subnets: prodConfig.getStringArray('subnets'),
    securityGroups: prodConfig.getStringArray('securityGroups'),
    assignPublicIp: 'DISABLED',
  });
  expect(out.serviceArn.split(':').slice(3, 5)).toEqual([
    prod.region,
    PROD_ACCOUNT,
  ]);
  expect(s.taskDefinitions).toEqual([
    expect.objectContaining({
      family: `${component}-prod`,
      executionRoleArn,
      tags: tagsOf(component, 'prod'),
    }),
  ]);
  expect(s.taskDefinitions[0].containers[0].image).toContain(
    steps.ecr.outputs.repositoryUri,
  );
  expect(s.logGroups.map(g => g.name)).toEqual([
    `/slipway/${component}/prod/ecs`,
  ]);

  // Its target group and listener rule on the prod account's load balancer,
  // routing prod's path to it, and the alarms paging the home topic.
  const platform = world.platform.environments.prod;
  expect(s.targetGroups).toEqual([
    expect.objectContaining({
      name: `${component}-prod`,
      arn: out.targetGroupArn,
      tags: tagsOf(component, 'prod'),
    }),
  ]);
  expect(s.listenerRules).toEqual([
    expect.objectContaining({
      arn: out.listenerRuleArn,
      listenerArn: platform.productionListenerArn,
      forwardTo: [out.targetGroupArn],
      tags: tagsOf(component, 'prod'),
    }),
  ]);
  expect(out.listenerRuleArn.split(':')[4]).toBe(PROD_ACCOUNT);
  const route = expectedRoute(component, 'prod', world.platform);
  const routed = await verifyPyWith(
    env,
    'route',
    platform.productionListenerArn,
    platform.loadBalancerDnsName,
    `${route.basePath}/health`,
  );
  expect(routed.targetGroups).toEqual([out.targetGroupArn]);
  // Alarms cannot notify another account's topic: the component's alert
  // topic of this account stands for the home one, with the owner group's
  // e-mail and prod's alert emails (none here).
  const topicArn = `arn:aws:sns:${prod.region}:${PROD_ACCOUNT}:${component}-alerts`;
  expect(s.alertTopics).toEqual([
    expect.objectContaining({
      name: `${component}-alerts`,
      arn: topicArn,
      subscriptions: [TEAM_EMAIL, ...ALERT_EMAILS.prod].map(e => ['email', e]),
      tags: tagsOf(component, 'prod'),
    }),
  ]);
  expect(s.alarms.map(a => a.name).sort()).toEqual(
    [
      `${component}-prod-target-5xx`,
      `${component}-prod-unhealthy-hosts`,
    ].sort(),
  );
  for (const alarm of s.alarms) {
    expect(alarm).toMatchObject({
      alarmActions: [topicArn],
      tags: expect.objectContaining(tagsOf(component, 'prod')),
    });
  }
}

const CASES: { title: string; prod: Placement }[] = [
  {
    title: 'prod in another account, same region',
    prod: { accountId: PROD_ACCOUNT, region: REGION },
  },
  {
    title: 'prod in another account and region',
    prod: { accountId: PROD_ACCOUNT, region: 'eu-west-1' },
  },
];

const figures: string[] = [];

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(
    `promotion across accounts (resources of one component per account):\n${figures.join(
      '\n',
    )}`,
  );
});

describe('promotion across accounts, against moto_server', () => {
  it.each(CASES)(
    '$title: dev and the pipeline in the home account, prod in its own; each account holds only its part; teardown leaves nothing in either',
    async ({ prod }) => {
      const component = 'payments-api';
      const { world, steps } = await provisionAcrossAccounts(
        prod,
        component,
        'rolling',
      );
      for (const [id, step] of Object.entries(steps)) {
        expect([id, step.logger.warn.mock.calls]).toEqual([id, []]);
      }

      const home = await readAccount(world, HOME);
      const prodAccount = await readAccount(world, prod);
      // The home account in prod's region holds only the artifact key there.
      const homeInProdRegion =
        prod.region === REGION
          ? undefined
          : await readAccount(world, {
              accountId: ACCOUNT,
              region: prod.region,
            });
      const keysByRegion = {
        [REGION]: home.reads.artifactKeys,
        ...(homeInProdRegion && {
          [prod.region]: homeInProdRegion.reads.artifactKeys,
        }),
      };
      verifyHome(home, keysByRegion, steps, component, prod);
      await verifyProd(world, prodAccount, steps, component, prod);
      // IAM is global: the home roles again; nothing regional but the key.
      const { iamRoles: rolesSeenThere = home.s.iamRoles, ...regionalThere } =
        homeInProdRegion?.s ?? {};
      expect(rolesSeenThere).toEqual(home.s.iamRoles);
      expect(namesByKind(regionalThere)).toEqual({});
      // Nothing untagged and nothing of another component in either account.
      expect(total(home.s)).toBe(total(ownedBy(home.s, component)));
      expect(total(prodAccount.s)).toBe(
        total(ownedBy(prodAccount.s, component)),
      );
      const keyArns = Object.values(keysByRegion)
        .flat()
        .map(k => k.keyArn);
      const keys = keyArns.length;

      const teardown = await world.teardown(component);
      expect(teardown.error).toBeUndefined();
      expect(teardown.outputs.skipped).toEqual([]);
      const homeAfter = await readAccount(world, HOME);
      const prodAfter = await readAccount(world, prod);
      const everywhereAfter = [homeAfter, prodAfter];
      if (homeInProdRegion) {
        everywhereAfter.push(
          await readAccount(world, { accountId: ACCOUNT, region: prod.region }),
        );
      }
      for (const after of everywhereAfter) {
        expect(namesOwnedBy(after.s, component)).toEqual({});
        expect(total(after.s)).toBe(0);
        expect(after.reads.pipelines).toEqual([]);
        expect(after.reads.repositoryPolicies).toEqual({});
        // Aliases deleted, keys' deletion scheduled.
        expect(after.reads.artifactKeys).toEqual([]);
      }
      const keyStatesAfter = Object.assign(
        {},
        ...everywhereAfter.map(after => after.reads.keyStates),
      );
      expect(keyArns.map(arn => keyStatesAfter[arn])).toEqual(
        keyArns.map(() => 'PendingDeletion'),
      );
      expect(teardown.outputs.removed).toHaveLength(
        total(home.s) + total(prodAccount.s) + keys,
      );
      expect(await world.inventory(HOME)).toEqual([]);
      expect(await world.inventory(prod)).toEqual([]);

      figures.push(
        `  ${
          prod.region === REGION ? 'same region' : `prod in ${prod.region}`
        }: ${ACCOUNT} created ${total(home.s)} (${kindsOf(
          home.s,
          component,
        )}), ${PROD_ACCOUNT} created ${total(prodAccount.s)} (${kindsOf(
          prodAccount.s,
          component,
        )}); teardown removed ${
          teardown.outputs.removed.length
        }; left ${ACCOUNT} ${total(homeAfter.s)}, ${PROD_ACCOUNT} ${total(
          prodAfter.s,
        )}; KMS keys ${keys} created, ${keys} scheduled for deletion; ${
          world.faults.requests.length
        } requests to AWS`,
      );
    },
  );
});
