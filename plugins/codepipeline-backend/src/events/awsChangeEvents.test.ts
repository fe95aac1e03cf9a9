import { resourceChangeOf } from './awsChangeEvents';

const envelope = (source: string, detailType: string, rest: object) => ({
  version: '0',
  id: 'a1b2c3',
  source,
  'detail-type': detailType,
  account: '123456789012',
  time: '2026-12-02T10:00:00Z',
  region: 'eu-west-1',
  ...rest,
});

const ordersPipeline = 'arn:aws:codepipeline:eu-west-1:123456789012:orders-api';

describe('resourceChangeOf', () => {
  it('maps pipeline, stage and action execution changes to the pipeline', () => {
    for (const detailType of [
      'CodePipeline Pipeline Execution State Change',
      'CodePipeline Stage Execution State Change',
      'CodePipeline Action Execution State Change',
    ]) {
      expect(
        resourceChangeOf(
          envelope('aws.codepipeline', detailType, {
            resources: [ordersPipeline],
            detail: { pipeline: 'orders-api', state: 'STARTED' },
          }),
        ),
      ).toEqual({ kind: 'pipeline', arn: ordersPipeline });
    }
  });

  it('builds the pipeline ARN from its name when the event lists no resource', () => {
    expect(
      resourceChangeOf(
        envelope(
          'aws.codepipeline',
          'CodePipeline Pipeline Execution State Change',
          {
            resources: [],
            detail: { pipeline: 'orders-api', state: 'SUCCEEDED' },
          },
        ),
      ),
    ).toEqual({ kind: 'pipeline', arn: ordersPipeline });
  });

  it('maps a build a pipeline started to that pipeline, and drops other builds', () => {
    const build = (initiator: string) =>
      envelope('aws.codebuild', 'CodeBuild Build State Change', {
        resources: [
          'arn:aws:codebuild:eu-west-1:123456789012:build/orders-api:7f1e',
        ],
        detail: {
          'build-status': 'IN_PROGRESS',
          'project-name': 'orders-api',
          'additional-information': { initiator },
        },
      });
    expect(resourceChangeOf(build('codepipeline/orders-api'))).toEqual({
      kind: 'pipeline',
      arn: ordersPipeline,
    });
    expect(resourceChangeOf(build('jane.doe'))).toBeUndefined();
  });

  it('maps ECS deployment changes and service actions to the service', () => {
    const service =
      'arn:aws:ecs:eu-west-1:123456789012:service/prod-cluster/orders-api';
    for (const detailType of [
      'ECS Deployment State Change',
      'ECS Service Action',
    ]) {
      expect(
        resourceChangeOf(
          envelope('aws.ecs', detailType, {
            resources: [service],
            detail: { eventName: 'SERVICE_DEPLOYMENT_COMPLETED' },
          }),
        ),
      ).toEqual({ kind: 'ecs-service', arn: service });
    }
  });

  it("maps a stopped task to its service through the task's group", () => {
    expect(
      resourceChangeOf(
        envelope('aws.ecs', 'ECS Task State Change', {
          resources: [
            'arn:aws:ecs:eu-west-1:123456789012:task/prod-cluster/0abc',
          ],
          detail: {
            clusterArn:
              'arn:aws:ecs:eu-west-1:123456789012:cluster/prod-cluster',
            group: 'service:orders-api',
            lastStatus: 'STOPPED',
            stoppedReason: 'Essential container in task exited',
          },
        }),
      ),
    ).toEqual({
      kind: 'ecs-service',
      arn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod-cluster/orders-api',
    });
  });

  it('drops a task no service runs (a one-off task)', () => {
    expect(
      resourceChangeOf(
        envelope('aws.ecs', 'ECS Task State Change', {
          detail: {
            clusterArn:
              'arn:aws:ecs:eu-west-1:123456789012:cluster/prod-cluster',
            group: 'family:migrate',
          },
        }),
      ),
    ).toBeUndefined();
  });

  it('maps a CodeDeploy deployment change to its deployment group', () => {
    expect(
      resourceChangeOf(
        envelope(
          'aws.codedeploy',
          'CodeDeploy Deployment State-change Notification',
          {
            resources: [
              'arn:aws:codedeploy:eu-west-1:123456789012:application:orders-api',
              'arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:orders-api/orders-api-prod',
            ],
            detail: {
              application: 'orders-api',
              deploymentGroup: 'orders-api-prod',
              deploymentId: 'd-ABCDEF123',
              state: 'SUCCESS',
            },
          },
        ),
      ),
    ).toEqual({
      kind: 'codedeploy-group',
      partition: 'aws',
      accountId: '123456789012',
      region: 'eu-west-1',
      application: 'orders-api',
      deploymentGroup: 'orders-api-prod',
      deploymentId: 'd-ABCDEF123',
    });
  });

  it('reads the envelope from JSON text, and drops what is not an AWS event', () => {
    const text = JSON.stringify(
      envelope(
        'aws.codepipeline',
        'CodePipeline Pipeline Execution State Change',
        {
          resources: [ordersPipeline],
        },
      ),
    );
    expect(resourceChangeOf(text)).toEqual({
      kind: 'pipeline',
      arn: ordersPipeline,
    });
    expect(resourceChangeOf('not json')).toBeUndefined();
    expect(resourceChangeOf({ hello: 'world' })).toBeUndefined();
    expect(
      resourceChangeOf(envelope('aws.s3', 'Object Created', { resources: [] })),
    ).toBeUndefined();
  });
});
