import {
  artifactKeyPolicy,
  CrossAccountDeployment,
  deployRolePolicy,
  deployRoleTrustPolicy,
  repositoryPullStatement,
} from './crossAccountPolicies';
import type { SlipwayEnvironment } from '../config/environments';
import { planForeignAccounts } from '../crossAccountRoles';
import type { DeliveryScope } from './deliveryRolePolicies';

const tooling = { accountId: '111111111111', region: 'eu-west-1' };
const pipelineRoleArn =
  'arn:aws:iam::111111111111:role/slipway/orders-codepipeline';
const prodDeployRole =
  'arn:aws:iam::222222222222:role/slipway/orders-deploy-prod';
const prodExecutionRole =
  'arn:aws:iam::222222222222:role/slipway/orders-ecs-task-execution';

/** prod in its own account and region, deployed by a pipeline in tooling. */
const prodInItsOwnAccount: CrossAccountDeployment = {
  target: { accountId: '222222222222', region: 'us-east-1' },
  cluster: 'prod-cluster',
  service: 'orders',
  taskFamily: 'orders-prod',
  listenerArns: [],
  component: 'orders',
  home: tooling,
  pipelineName: 'orders',
  pipelineRoleArn,
  artifactBuckets: ['tooling-artifacts'],
  taskExecutionRoleArn: prodExecutionRole,
};

type Statement = {
  Sid: string;
  Principal?: { AWS: string | string[] };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};
const statements = (policy: string): Statement[] =>
  JSON.parse(policy).Statement;
const bySid = (policy: string, sid: string) =>
  statements(policy).find(s => s.Sid === sid)!;
const principals = (policy: string) =>
  statements(policy).flatMap(s => [s.Principal?.AWS ?? []].flat());

describe('cross-account policies', () => {
  it('lets only the pipeline role assume a deploy role, pinned by account and ARN', () => {
    const trust = deployRoleTrustPolicy(pipelineRoleArn, '111111111111');
    expect(statements(trust)).toEqual([
      {
        Sid: 'PipelineRoleOnly',
        Effect: 'Allow',
        Principal: { AWS: pipelineRoleArn },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: {
            'aws:PrincipalAccount': '111111111111',
            'aws:PrincipalArn': pipelineRoleArn,
          },
        },
      },
    ]);
  });

  it('lets a deploy role update only its service and register only its family', () => {
    const policy = deployRolePolicy(prodInItsOwnAccount);
    expect(bySid(policy, 'DeployEcsService').Resource).toEqual([
      'arn:aws:ecs:us-east-1:222222222222:service/prod-cluster/orders',
    ]);
    expect(bySid(policy, 'RegisterTaskDefinitions').Resource).toEqual([
      'arn:aws:ecs:us-east-1:222222222222:task-definition/orders-prod:*',
    ]);
    expect(bySid(policy, 'PassExecutionRole')).toMatchObject({
      Action: ['iam:PassRole'],
      Resource: [prodExecutionRole],
      Condition: {
        StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      },
    });
    expect(bySid(policy, 'DeployBlueGreen')).toBeUndefined();
  });

  it('lets a deploy role only decrypt, and only the component’s artifact key', () => {
    const policy = deployRolePolicy(prodInItsOwnAccount);
    const kms = statements(policy).filter(s =>
      [s.Action].flat().some(a => a.startsWith('kms:')),
    );
    expect(kms).toEqual([
      {
        Sid: 'DecryptPipelineArtifacts',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: ['arn:aws:kms:*:111111111111:key/*'],
        Condition: {
          'ForAnyValue:StringEquals': {
            'kms:ResourceAliases': 'alias/slipway/orders-artifacts',
          },
        },
      },
    ]);
    expect(bySid(policy, 'ReadPipelineArtifacts').Action).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
    ]);
  });

  it('uses "*" as a resource only where ECS offers no resource-level permission', () => {
    const policy = deployRolePolicy({
      ...prodInItsOwnAccount,
      codeDeploy: {
        application: 'orders-prod',
        deploymentGroup: 'orders-prod',
      },
    });
    const onEverything = statements(policy).filter(s =>
      [s.Resource].flat().includes('*'),
    );
    expect(onEverything.map(s => s.Action)).toEqual([
      ['ecs:DescribeTaskDefinition'],
    ]);
    expect(bySid(policy, 'DeployBlueGreen').Resource).toContain(
      'arn:aws:codedeploy:us-east-1:222222222222:deploymentgroup:orders-prod/orders-prod',
    );
  });

  it('lets exactly the deploy roles decrypt with the artifact key, through S3 only', () => {
    const policy = artifactKeyPolicy({
      home: tooling,
      pipelineRoleArn,
      deployRoleArns: [prodDeployRole],
      regions: ['eu-west-1', 'us-east-1'],
    });
    expect(bySid(policy, 'DeployRolesDecryptArtifacts')).toEqual({
      Sid: 'DeployRolesDecryptArtifacts',
      Effect: 'Allow',
      Principal: { AWS: [prodDeployRole] },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': [
            's3.eu-west-1.amazonaws.com',
            's3.us-east-1.amazonaws.com',
          ],
        },
      },
    });
    // The account administers the key but uses it only through the pipeline role.
    const admin = bySid(policy, 'KeyAdministration');
    expect(admin.Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:root' });
    expect(admin.Action).not.toContain('kms:Decrypt');
    expect(admin.Action).not.toContain('kms:*');
    expect(principals(policy)).not.toContain('*');
  });

  it('lets exactly the given execution roles pull from the repository', () => {
    expect(repositoryPullStatement([prodExecutionRole])).toEqual({
      Sid: 'SlipwayCrossAccountPull',
      Effect: 'Allow',
      Principal: { AWS: [prodExecutionRole] },
      Action: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
      ],
    });
  });

  it('names no "*" principal in any policy', () => {
    for (const policy of [
      deployRoleTrustPolicy(pipelineRoleArn, '111111111111'),
      deployRolePolicy(prodInItsOwnAccount),
    ]) {
      expect(principals(policy)).not.toContain('*');
    }
  });
});

describe('cross-account policies, blue/green (CodeDeploy) in another account', () => {
  const prodBlueGreen: CrossAccountDeployment = {
    ...prodInItsOwnAccount,
    codeDeploy: { application: 'orders-prod', deploymentGroup: 'orders-prod' },
  };
  const prodAccountEnvironment: SlipwayEnvironment = {
    name: 'prod',
    accountId: '222222222222',
    region: 'us-east-1',
    cluster: 'prod-cluster',
    subnets: ['subnet-1'],
    securityGroups: ['sg-1'],
    connectionArn:
      'arn:aws:codestar-connections:us-east-1:222222222222:connection/x',
    artifactBucket: 'tooling-artifacts',
    vpcId: 'vpc-1',
    loadBalancer: {
      productionListenerArn:
        'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/prod/1/443',
      testListenerArn:
        'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/prod/1/8443',
      pathPrefix: '/services',
    },
  } as SlipwayEnvironment;
  const toolingScope: DeliveryScope = {
    target: tooling,
    component: 'orders',
    repositoryArn: 'arn:aws:ecr:eu-west-1:111111111111:repository/orders',
    codeBuildProjectName: 'orders-build',
    pipelineName: 'orders',
    artifactBuckets: ['tooling-artifacts'],
    connectionArn:
      'arn:aws:codestar-connections:eu-west-1:111111111111:connection/y',
    deployments: [],
    roleArns: {
      codeBuild: 'arn:aws:iam::111111111111:role/slipway/orders-codebuild',
      codePipeline: pipelineRoleArn,
      taskExecution:
        'arn:aws:iam::111111111111:role/slipway/orders-ecs-task-execution',
      codeDeploy: 'arn:aws:iam::111111111111:role/slipway/orders-codedeploy',
    },
  };
  const prodRoles = () =>
    planForeignAccounts(toolingScope, [prodAccountEnvironment], {
      service: 'orders',
      tags: {},
      blueGreen: true,
    })[0].roles;
  const roleOf = (kind: string) => prodRoles().find(r => r.kind === kind)!;

  it('lets the deploy role start deployments of its own group only, with CodeDeploy’s ECS configurations', () => {
    const policy = deployRolePolicy(prodBlueGreen);
    expect(bySid(policy, 'DeployBlueGreen')).toEqual({
      Sid: 'DeployBlueGreen',
      Effect: 'Allow',
      Action: [
        'codedeploy:CreateDeployment',
        'codedeploy:GetDeployment',
        'codedeploy:GetApplication',
        'codedeploy:GetApplicationRevision',
        'codedeploy:RegisterApplicationRevision',
        'codedeploy:GetDeploymentConfig',
      ],
      Resource: [
        'arn:aws:codedeploy:us-east-1:222222222222:application:orders-prod',
        'arn:aws:codedeploy:us-east-1:222222222222:deploymentgroup:orders-prod/orders-prod',
        'arn:aws:codedeploy:us-east-1:222222222222:deploymentconfig:CodeDeployDefault.ECS*',
      ],
    });
    // CodeDeployToECS registers the environment's task definition and passes its execution role.
    expect(bySid(policy, 'RegisterTaskDefinitions').Resource).toEqual([
      'arn:aws:ecs:us-east-1:222222222222:task-definition/orders-prod:*',
    ]);
    expect(bySid(policy, 'PassExecutionRole').Resource).toEqual([
      prodExecutionRole,
    ]);
  });

  it('keeps every deploy-role resource in the target account, but the home artifacts and key', () => {
    const policy = deployRolePolicy(prodBlueGreen);
    const resources = statements(policy).flatMap(s =>
      [s.Resource ?? []].flat(),
    );
    const elsewhere = resources.filter(
      r =>
        r !== '*' &&
        !r.includes(':222222222222:') &&
        !r.startsWith('arn:aws:s3:::'),
    );
    expect(elsewhere).toEqual(['arn:aws:kms:*:111111111111:key/*']);
    expect(
      statements(policy)
        .flatMap(s => [s.Action].flat())
        .filter(a => a.endsWith('*')),
    ).toEqual([]);
    expect(principals(policy)).toEqual([]);
  });

  it('creates a CodeDeploy role in the target account, trusted by CodeDeploy only', () => {
    const role = roleOf('codeDeploy');
    expect(role.arn).toBe(
      'arn:aws:iam::222222222222:role/slipway/orders-codedeploy',
    );
    expect(statements(role.request.trustPolicy)).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'codedeploy.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    ]);
  });

  it('lets that CodeDeploy role shift only its environment’s task sets and listeners, read only its alarms, pass only its account’s execution role', () => {
    const policy = roleOf('codeDeploy').request.policy;
    expect(bySid(policy, 'ShiftEcsTaskSets').Resource).toEqual([
      'arn:aws:ecs:us-east-1:222222222222:service/prod-cluster/orders',
      'arn:aws:ecs:us-east-1:222222222222:task-set/prod-cluster/orders/*',
    ]);
    expect(bySid(policy, 'ShiftTraffic').Resource).toEqual([
      'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/prod/1/443',
      'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/prod/1/8443',
      'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener-rule/app/prod/1/443/*',
      'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener-rule/app/prod/1/8443/*',
    ]);
    expect(bySid(policy, 'ReadRollbackAlarms').Resource).toEqual(
      [
        'orders-prod-b-target-5xx',
        'orders-prod-b-unhealthy-hosts',
        'orders-prod-g-target-5xx',
        'orders-prod-g-unhealthy-hosts',
      ].map(name => `arn:aws:cloudwatch:us-east-1:222222222222:alarm:${name}`),
    );
    expect(bySid(policy, 'PassDeliveryRoles')).toMatchObject({
      Resource: [prodExecutionRole],
      Condition: {
        StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      },
    });
    // "*" only for the Elastic Load Balancing reads, which have no resource-level permission.
    const onEverything = statements(policy).filter(s =>
      [s.Resource].flat().includes('*'),
    );
    expect(onEverything.map(s => s.Sid)).toEqual(['ReadLoadBalancing']);
    expect(JSON.stringify(policy)).not.toContain('111111111111');
  });

  it('gives the target account one execution, one CodeDeploy and one deploy role per environment, with no "*" principal', () => {
    expect(prodRoles().map(r => [r.kind, r.request.name])).toEqual([
      ['taskExecution', 'orders-ecs-task-execution'],
      ['codeDeploy', 'orders-codedeploy'],
      ['deploy', 'orders-deploy-prod'],
    ]);
    for (const role of prodRoles()) {
      expect(principals(role.request.trustPolicy)).not.toContain('*');
      expect(role.request.trustPolicy).not.toMatch(/"Service":\s*"\*"/);
    }
    expect(
      planForeignAccounts(toolingScope, [prodAccountEnvironment], {
        service: 'orders',
        tags: {},
        blueGreen: false,
      })[0].roles.map(r => r.kind),
    ).toEqual(['taskExecution', 'deploy']);
  });
});
