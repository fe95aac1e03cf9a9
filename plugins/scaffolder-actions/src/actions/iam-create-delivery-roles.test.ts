import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  DescribeRepositoriesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand as ListEcrTagsCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  awsError,
  deps,
  mutatingCalls,
  runContext,
} from '../__testUtils__/harness';
import { createIamCreateDeliveryRolesAction } from './iam-create-delivery-roles';

const iam = mockClient(IAMClient);
const ecr = mockClient(ECRClient);
const action = createIamCreateDeliveryRolesAction(deps);
const ordersInput = {
  component: 'orders',
  owner: 'group:default/payments',
  environment: 'dev',
};
const roleArn = (name: string) =>
  `arn:aws:iam::123456789012:role/slipway/${name}`;
const noSuchRole = awsError('NoSuchEntityException', 'Role not found');

function rolesDoNotExist() {
  iam.on(GetRoleCommand).rejects(noSuchRole);
  iam.on(CreateRoleCommand).callsFake(input => ({
    Role: {
      RoleName: input.RoleName,
      Arn: roleArn(input.RoleName),
      Path: '/slipway/',
    },
  }));
  iam.on(PutRolePolicyCommand).resolves({});
}

function putPolicy(roleName: string) {
  const call = iam
    .commandCalls(PutRolePolicyCommand)
    .find(c => c.args[0].input.RoleName === roleName);
  return JSON.parse(call!.args[0].input.PolicyDocument!);
}

beforeEach(() => iam.reset());

describe('slipway:iam:create-delivery-roles', () => {
  it('creates the three roles with trust policies, tags and scoped inline policies', async () => {
    rolesDoNotExist();
    const { ctx, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(iam).toHaveReceivedCommandTimes(CreateRoleCommand, 3);
    expect(iam).toHaveReceivedCommandWith(CreateRoleCommand, {
      RoleName: 'orders-codebuild',
      Path: '/slipway/',
      Tags: expect.arrayContaining([
        { Key: 'slipway:component', Value: 'default/orders' },
        { Key: 'slipway:environment', Value: 'dev' },
        { Key: 'slipway:created-by-task', Value: 'mock-task-id' },
      ]),
    });
    const trust = JSON.parse(
      iam.commandCalls(CreateRoleCommand)[0].args[0].input
        .AssumeRolePolicyDocument!,
    );
    expect(trust.Statement[0].Principal).toEqual({
      Service: 'codebuild.amazonaws.com',
    });

    const build = putPolicy('orders-codebuild');
    expect(
      build.Statement.find((s: any) => s.Sid === 'PushImages').Resource,
    ).toEqual(['arn:aws:ecr:eu-west-1:123456789012:repository/orders']);
    const pipeline = putPolicy('orders-codepipeline');
    const statement = (sid: string) =>
      pipeline.Statement.find((s: any) => s.Sid === sid);
    expect(statement('SourceConnection').Resource).toEqual([
      'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc',
    ]);
    expect(statement('Build').Resource).toEqual([
      'arn:aws:codebuild:eu-west-1:123456789012:project/orders-build',
    ]);
    expect(statement('DeployEcsService').Resource).toEqual([
      'arn:aws:ecs:eu-west-1:123456789012:service/dev-cluster/orders',
    ]);
    expect(statement('PassDeliveryRoles')).toMatchObject({
      Resource: [roleArn('orders-ecs-task-execution')],
      Condition: {
        StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      },
    });
    expect(outputs()).toMatchObject({
      codeBuildRoleArn: roleArn('orders-codebuild'),
      codePipelineRoleArn: roleArn('orders-codepipeline'),
      taskExecutionRoleArn: roleArn('orders-ecs-task-execution'),
      createdRoles: [
        'orders-codebuild',
        'orders-codepipeline',
        'orders-ecs-task-execution',
      ],
    });
    expect(outputs().codeDeployRoleArn).toBeUndefined();
  });

  it('adds the CodeDeploy role and blue/green permissions when asked', async () => {
    rolesDoNotExist();
    const { ctx, outputs } = runContext({ ...ordersInput, blueGreen: true });

    await action.handler(ctx);

    const codeDeploy = putPolicy('orders-codedeploy');
    expect(
      codeDeploy.Statement.find((s: any) => s.Sid === 'ShiftTraffic').Resource,
    ).toContain(
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/dev/1a/80',
    );
    expect(outputs().codeDeployRoleArn).toBe(roleArn('orders-codedeploy'));
  });

  it('lets the pipeline start only its own services and write only its Start-tasks logs, per environment', async () => {
    rolesDoNotExist();
    const { ctx } = runContext({
      ...ordersInput,
      deployEnvironments: ['dev', 'prod'],
      pipelineName: 'orders-main',
    });

    await action.handler(ctx);

    const pipeline = putPolicy('orders-codepipeline');
    const statement = (sid: string) =>
      pipeline.Statement.find((s: any) => s.Sid === sid);
    expect(statement('DeployEcsService')).toMatchObject({
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: [
        'arn:aws:ecs:eu-west-1:123456789012:service/dev-cluster/orders',
        'arn:aws:ecs:us-east-1:123456789012:service/prod-cluster/orders',
      ],
    });
    expect(statement('StartTasksLogs')).toEqual({
      Sid: 'StartTasksLogs',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ],
      Resource: [
        'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/codepipeline/orders-main',
        'arn:aws:logs:us-east-1:123456789012:log-group:/aws/codepipeline/orders-main',
        'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/codepipeline/orders-main:*',
        'arn:aws:logs:us-east-1:123456789012:log-group:/aws/codepipeline/orders-main:*',
      ],
    });
  });

  it('lets CodeDeploy read only the rollback alarms of its blue and green target groups', async () => {
    rolesDoNotExist();
    const { ctx } = runContext({ ...ordersInput, blueGreen: true });

    await action.handler(ctx);

    const codeDeploy = putPolicy('orders-codedeploy');
    expect(
      codeDeploy.Statement.find((s: any) => s.Sid === 'ReadRollbackAlarms'),
    ).toMatchObject({
      Action: ['cloudwatch:DescribeAlarms'],
      Resource: [
        'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-dev-b-target-5xx',
        'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-dev-b-unhealthy-hosts',
        'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-dev-g-target-5xx',
        'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-dev-g-unhealthy-hosts',
      ],
    });
    expect(JSON.stringify(codeDeploy)).not.toContain('sns:');
  });

  it('uses a * resource only for calls without resource-level permissions, and passes roles only to their service', async () => {
    rolesDoNotExist();
    const { ctx } = runContext({
      ...ordersInput,
      deployEnvironments: ['dev', 'prod'],
      blueGreen: true,
    });

    await action.handler(ctx);

    const statements = iam
      .commandCalls(PutRolePolicyCommand)
      .flatMap(c => JSON.parse(c.args[0].input.PolicyDocument!).Statement);
    const unscoped = statements
      .filter((s: any) => s.Resource.includes('*'))
      .flatMap((s: any) => s.Action)
      .sort();
    expect([...new Set(unscoped)]).toEqual([
      'ecr:GetAuthorizationToken',
      'ecs:DescribeTaskDefinition',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTargetGroups',
    ]);
    const register = statements.find(
      (s: any) => s.Sid === 'RegisterTaskDefinitions',
    );
    expect(register.Resource).toEqual([
      'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-dev:*',
      'arn:aws:ecs:us-east-1:123456789012:task-definition/orders-prod:*',
    ]);
    for (const passRole of statements.filter((s: any) =>
      s.Action.includes('iam:PassRole'),
    )) {
      expect(passRole.Condition.StringEquals['iam:PassedToService']).toBe(
        'ecs-tasks.amazonaws.com',
      );
      expect(passRole.Resource).toEqual([roleArn('orders-ecs-task-execution')]);
    }
  });

  it.each([
    ['a hostile component', { component: 'x;rm -rf /' }],
    ['a path in the component', { component: '../etc' }],
    ['a hostile service name', { serviceName: 'orders/*' }],
    ['a hostile pipeline name', { pipelineName: 'orders:*' }],
    ['a hostile repository name', { repositoryName: '../*' }],
    ['an unknown environment', { environment: 'nowhere' }],
  ])(
    'refuses %s with an InputError before any AWS call',
    async (_case, change) => {
      const { ctx } = runContext({ ...ordersInput, ...change });

      await expect(action.handler(ctx)).rejects.toThrow(InputError);
      expect(iam.calls()).toHaveLength(0);
    },
  );

  it('reuses matching roles without creating anything', async () => {
    rolesDoNotExist();
    const first = runContext(ordersInput);
    await action.handler(first.ctx);
    const policies = Object.fromEntries(
      iam
        .commandCalls(PutRolePolicyCommand)
        .map(c => [c.args[0].input.RoleName, c.args[0].input.PolicyDocument]),
    );
    const trusts = Object.fromEntries(
      iam
        .commandCalls(CreateRoleCommand)
        .map(c => [
          c.args[0].input.RoleName,
          c.args[0].input.AssumeRolePolicyDocument,
        ]),
    );
    iam.reset();
    iam.on(GetRoleCommand).callsFake(({ RoleName }) => ({
      Role: {
        RoleName,
        Arn: roleArn(RoleName),
        Path: '/slipway/',
        AssumeRolePolicyDocument: encodeURIComponent(trusts[RoleName]),
      },
    }));
    iam.on(GetRolePolicyCommand).callsFake(({ RoleName }) => ({
      PolicyDocument: encodeURIComponent(policies[RoleName]),
    }));
    iam.on(ListRoleTagsCommand).resolves({
      Tags: [
        { Key: 'slipway:component', Value: 'default/orders' },
        { Key: 'slipway:owner', Value: 'group:default/payments' },
        { Key: 'slipway:managed-by', Value: 'backstage' },
      ],
    });
    const { ctx, logger, outputs } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(iam)).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(outputs().createdRoles).toEqual([]);
    expect(outputs().codeBuildRoleArn).toBe(roleArn('orders-codebuild'));
  });

  it('refuses a role of the same name that belongs to another component, and changes nothing', async () => {
    iam.on(GetRoleCommand).callsFake(({ RoleName }) => ({
      Role: {
        RoleName,
        Arn: roleArn(RoleName),
        Path: '/',
        AssumeRolePolicyDocument: '%7B%7D',
      },
    }));
    iam
      .on(GetRolePolicyCommand)
      .resolves({ PolicyDocument: '%7B%22Statement%22%3A%5B%5D%7D' });
    iam
      .on(ListRoleTagsCommand)
      .resolves({ Tags: [{ Key: 'slipway:component', Value: 'billing' }] });
    const { ctx } = runContext(ordersInput);

    await expect(action.handler(ctx)).rejects.toThrow(
      "The IAM role 'orders-codebuild' already exists in account 123456789012 (eu-west-1) and does not belong to 'default/orders' (owner group:default/payments): it belongs to the component 'billing' (tag slipway:component); it is not tagged slipway:owner",
    );
    expect(mutatingCalls(iam)).toEqual([]);
  });

  it('reports our role that differs in trust policy, path and policy, and changes nothing', async () => {
    iam.on(GetRoleCommand).callsFake(({ RoleName }) => ({
      Role: {
        RoleName,
        Arn: roleArn(RoleName),
        Path: '/',
        AssumeRolePolicyDocument: '%7B%7D',
      },
    }));
    iam
      .on(GetRolePolicyCommand)
      .resolves({ PolicyDocument: '%7B%22Statement%22%3A%5B%5D%7D' });
    iam.on(ListRoleTagsCommand).resolves({
      Tags: [
        { Key: 'slipway:component', Value: 'default/orders' },
        { Key: 'slipway:owner', Value: 'group:default/payments' },
        { Key: 'slipway:managed-by', Value: 'backstage' },
      ],
    });
    const { ctx, logger } = runContext(ordersInput);

    await action.handler(ctx);

    expect(mutatingCalls(iam)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "The IAM role 'orders-codebuild' already exists in account 123456789012 (eu-west-1) and differs from what was requested: its path is / (requested /slipway/); its trust policy differs; its inline policy 'slipway-least-privilege' differs. Slipway leaves it unchanged",
      ),
    );
  });

  it('validates and returns a role configured for the environment instead of creating it', async () => {
    rolesDoNotExist();
    iam.on(GetRoleCommand, { RoleName: 'build' }).resolves({
      Role: {
        RoleId: 'AROA1',
        CreateDate: new Date(0),
        RoleName: 'build',
        Arn: 'arn:aws:iam::123456789012:role/platform/build',
        Path: '/platform/',
      },
    });
    const { ctx, outputs } = runContext({
      ...ordersInput,
      environment: 'sandbox',
    });

    await action.handler(ctx);

    expect(iam).not.toHaveReceivedCommandWith(CreateRoleCommand, {
      RoleName: 'orders-codebuild',
    });
    expect(outputs().codeBuildRoleArn).toBe(
      'arn:aws:iam::123456789012:role/platform/build',
    );
  });

  it('fails clearly when a configured role does not exist', async () => {
    iam.on(GetRoleCommand).rejects(noSuchRole);
    const { ctx } = runContext({ ...ordersInput, environment: 'sandbox' });

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(NotFoundError);
    await expect(run).rejects.toThrow(
      'The IAM role arn:aws:iam::123456789012:role/platform/build configured as slipway.environments.sandbox.roles.codeBuildRoleArn does not exist',
    );
  });

  it('plans every role with its policy on a dry run without calling AWS', async () => {
    const { ctx, outputs } = runContext(
      { ...ordersInput, environment: 'sandbox' },
      { isDryRun: true },
    );

    await action.handler(ctx);

    expect(iam.calls()).toHaveLength(0);
    expect(outputs().plan[0]).toContain(
      'Use the configured codeBuild role arn:aws:iam::123456789012:role/platform/build',
    );
    expect(outputs().plan[1]).toContain(
      "Create the IAM role 'orders-codepipeline' (path /slipway/)",
    );
    expect(outputs().codePipelineRoleArn).toBe(roleArn('orders-codepipeline'));
  });

  describe('with an environment in another account', () => {
    const home = { accountId: '123456789012', region: 'eu-west-1' };
    const partner = { accountId: '210987654321', region: 'eu-west-1' };
    const partnerRole = (name: string) =>
      `arn:aws:iam::210987654321:role/slipway/${name}`;
    const crossAccountInput = {
      ...ordersInput,
      deployEnvironments: ['dev', 'partner'],
    };

    function repositoryOfOrders() {
      ecr.on(DescribeRepositoriesCommand).resolves({
        repositories: [
          {
            repositoryName: 'orders',
            repositoryArn:
              'arn:aws:ecr:eu-west-1:123456789012:repository/orders',
            repositoryUri:
              '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders',
          },
        ],
      });
      ecr.on(ListEcrTagsCommand).resolves({
        tags: [
          { Key: 'slipway:component', Value: 'default/orders' },
          { Key: 'slipway:owner', Value: 'group:default/payments' },
          { Key: 'slipway:managed-by', Value: 'backstage' },
        ],
      });
      ecr
        .on(GetRepositoryPolicyCommand)
        .rejects(awsError('RepositoryPolicyNotFoundException', 'no policy'));
      ecr.on(SetRepositoryPolicyCommand).resolves({});
    }

    /** No role exists yet; each account's IAM client creates its roles there. Returns the partner account's client. */
    async function createsRolesInEachAccount() {
      rolesDoNotExist();
      const partnerIam = await deps.clients.get(IAMClient, partner);
      iam.on(CreateRoleCommand).callsFake((input, getClient) => ({
        Role: {
          RoleName: input.RoleName,
          Arn:
            getClient() === partnerIam
              ? partnerRole(input.RoleName)
              : roleArn(input.RoleName),
          Path: '/slipway/',
        },
      }));
      repositoryOfOrders();
      return partnerIam;
    }

    /** Role names created through the IAM client of one account. */
    async function createdIn(target: typeof home) {
      const client = await deps.clients.get(IAMClient, target);
      return iam
        .commandCalls(CreateRoleCommand)
        .filter(c => c.thisValue === client)
        .map(c => c.args[0].input.RoleName);
    }

    beforeEach(() => ecr.reset());

    it('creates that account’s task execution and deploy roles with its own credentials', async () => {
      await createsRolesInEachAccount();
      const { ctx, outputs } = runContext(crossAccountInput);

      await action.handler(ctx);

      expect(await createdIn(home)).toEqual([
        'orders-codebuild',
        'orders-codepipeline',
        'orders-ecs-task-execution',
      ]);
      expect(await createdIn(partner)).toEqual([
        'orders-ecs-task-execution',
        'orders-deploy-partner',
      ]);
      const deployRole = iam
        .commandCalls(CreateRoleCommand)
        .find(c => c.args[0].input.RoleName === 'orders-deploy-partner')!
        .args[0].input;
      expect(JSON.parse(deployRole.AssumeRolePolicyDocument!)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'PipelineRoleOnly',
            Effect: 'Allow',
            Principal: { AWS: roleArn('orders-codepipeline') },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: {
                'aws:PrincipalAccount': '123456789012',
                'aws:PrincipalArn': roleArn('orders-codepipeline'),
              },
            },
          },
        ],
      });
      expect(deployRole.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'slipway:environment', Value: 'partner' },
        ]),
      );
      // The pipeline role assumes the deploy role and touches no service of the other account.
      const pipelinePolicy = putPolicy('orders-codepipeline');
      expect(
        pipelinePolicy.Statement.find(
          (st: any) => st.Sid === 'AssumeDeployRoles',
        ),
      ).toEqual({
        Sid: 'AssumeDeployRoles',
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Resource: [partnerRole('orders-deploy-partner')],
      });
      expect(JSON.stringify(pipelinePolicy)).not.toContain(
        'ecs:eu-west-1:210987654321',
      );
      // Only the other account's execution role may pull, set through the home account's ECR client.
      const homeEcr = await deps.clients.get(ECRClient, home);
      const [setPolicy] = ecr.commandCalls(SetRepositoryPolicyCommand);
      expect(setPolicy.thisValue).toBe(homeEcr);
      expect(JSON.parse(setPolicy.args[0].input.policyText!).Statement).toEqual(
        [
          {
            Sid: 'SlipwayCrossAccountPull',
            Effect: 'Allow',
            Principal: { AWS: [partnerRole('orders-ecs-task-execution')] },
            Action: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:BatchGetImage',
              'ecr:GetDownloadUrlForLayer',
            ],
          },
        ],
      );
      expect(outputs().deployRoleArns).toEqual({
        partner: partnerRole('orders-deploy-partner'),
      });
      expect(outputs().createdRoles).toEqual([
        'orders-codebuild',
        'orders-codepipeline',
        'orders-ecs-task-execution',
        '210987654321:orders-ecs-task-execution',
        '210987654321:orders-deploy-partner',
      ]);
    });

    it('blue/green: also creates that account’s CodeDeploy role there, and gives each environment its own account’s execution role', async () => {
      const partnerIam = await createsRolesInEachAccount();
      const { ctx, outputs } = runContext({
        ...crossAccountInput,
        blueGreen: true,
      });

      await action.handler(ctx);

      expect(await createdIn(partner)).toEqual([
        'orders-ecs-task-execution',
        'orders-codedeploy',
        'orders-deploy-partner',
      ]);
      const partnerCodeDeploy = iam
        .commandCalls(CreateRoleCommand)
        .find(
          c =>
            c.thisValue === partnerIam &&
            c.args[0].input.RoleName === 'orders-codedeploy',
        )!.args[0].input;
      expect(
        JSON.parse(partnerCodeDeploy.AssumeRolePolicyDocument!).Statement,
      ).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'codedeploy.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ]);
      const policyOf = (client: unknown, role: string) =>
        JSON.parse(
          iam
            .commandCalls(PutRolePolicyCommand)
            .find(
              c => c.thisValue === client && c.args[0].input.RoleName === role,
            )!.args[0].input.PolicyDocument!,
        );
      const shifting = policyOf(partnerIam, 'orders-codedeploy');
      const statement = (sid: string) =>
        shifting.Statement.find((st: any) => st.Sid === sid);
      // (The fixture's partner environment shares dev's listener ARNs.)
      expect(statement('ShiftEcsTaskSets').Resource).toEqual([
        'arn:aws:ecs:eu-west-1:210987654321:service/dev-cluster/orders',
        'arn:aws:ecs:eu-west-1:210987654321:task-set/dev-cluster/orders/*',
      ]);
      expect(statement('ReadRollbackAlarms').Resource).toHaveLength(4);
      expect(
        statement('ReadRollbackAlarms').Resource.every((arn: string) =>
          arn.startsWith(
            'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:orders-partner-',
          ),
        ),
      ).toBe(true);
      expect(statement('PassDeliveryRoles').Resource).toEqual([
        partnerRole('orders-ecs-task-execution'),
      ]);
      const deploying = policyOf(partnerIam, 'orders-deploy-partner');
      expect(
        deploying.Statement.find((st: any) => st.Sid === 'DeployBlueGreen')
          .Resource,
      ).toEqual([
        'arn:aws:codedeploy:eu-west-1:210987654321:application:orders-partner',
        'arn:aws:codedeploy:eu-west-1:210987654321:deploymentgroup:orders-partner/orders-partner',
        'arn:aws:codedeploy:eu-west-1:210987654321:deploymentconfig:CodeDeployDefault.ECS*',
      ]);
      // The home CodeDeploy role touches no group of the other account.
      expect(JSON.stringify(putPolicy('orders-codedeploy'))).not.toContain(
        '210987654321',
      );
      expect(outputs().taskExecutionRoleArns).toEqual({
        dev: roleArn('orders-ecs-task-execution'),
        partner: partnerRole('orders-ecs-task-execution'),
      });
    });

    it('plans each account’s roles on a dry run without calling AWS', async () => {
      const { ctx, outputs } = runContext(crossAccountInput, {
        isDryRun: true,
      });

      await action.handler(ctx);

      expect(outputs().plan).toEqual(
        expect.arrayContaining([
          expect.stringContaining(
            "Create the IAM role 'orders-deploy-partner' (path /slipway/) in account 210987654321 (eu-west-1) with that account's credentials, assumable only by arn:aws:iam::123456789012:role/slipway/orders-codepipeline",
          ),
          expect.stringContaining(
            "Let arn:aws:iam::210987654321:role/slipway/orders-ecs-task-execution pull from the ECR repository 'orders'",
          ),
        ]),
      );
      expect(iam.calls()).toHaveLength(0);
      expect(ecr.calls()).toHaveLength(0);
    });

    it('deletes what it created in both accounts when the repository policy cannot be set', async () => {
      rolesDoNotExist();
      repositoryOfOrders();
      ecr
        .on(SetRepositoryPolicyCommand)
        .rejects(accessDenied('ecr:SetRepositoryPolicy'));
      iam
        .on(ListRolePoliciesCommand)
        .resolves({ PolicyNames: ['slipway-least-privilege'] });
      iam
        .on(ListAttachedRolePoliciesCommand)
        .resolves({ AttachedPolicies: [] });
      const { ctx } = runContext(crossAccountInput);

      await expect(action.handler(ctx)).rejects.toThrow(NotAllowedError);

      const partnerIam = await deps.clients.get(IAMClient, partner);
      const deleted = iam
        .commandCalls(DeleteRoleCommand)
        .map(c => [
          c.thisValue === partnerIam ? 'partner' : 'home',
          c.args[0].input.RoleName,
        ]);
      expect(deleted).toEqual([
        ['partner', 'orders-deploy-partner'],
        ['partner', 'orders-ecs-task-execution'],
        ['home', 'orders-ecs-task-execution'],
        ['home', 'orders-codepipeline'],
        ['home', 'orders-codebuild'],
      ]);
    });
  });

  it('deletes the roles it created when a later role cannot be created', async () => {
    rolesDoNotExist();
    iam
      .on(CreateRoleCommand, { RoleName: 'orders-ecs-task-execution' })
      .rejects(accessDenied('iam:CreateRole'));
    iam
      .on(ListRolePoliciesCommand)
      .resolves({ PolicyNames: ['slipway-least-privilege'] });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const { ctx, outputs } = runContext(ordersInput);

    const run = action.handler(ctx);

    await expect(run).rejects.toThrow(NotAllowedError);
    await expect(run).rejects.toThrow(
      "Could not create the IAM role 'orders-ecs-task-execution' in account 123456789012 (eu-west-1): the credentials Backstage uses lack permission for iam:CreateRole",
    );
    expect(iam.commandCalls(DeleteRolePolicyCommand)).toHaveLength(2);
    expect(
      iam.commandCalls(DeleteRoleCommand).map(c => c.args[0].input.RoleName),
    ).toEqual(['orders-codepipeline', 'orders-codebuild']);
    expect(outputs().createdRoles).toBeUndefined();
  });
});
