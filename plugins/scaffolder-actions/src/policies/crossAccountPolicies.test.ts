import {
  artifactKeyPolicy,
  CrossAccountDeployment,
  deployRolePolicy,
  deployRoleTrustPolicy,
  repositoryPullStatement,
} from './crossAccountPolicies';

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
