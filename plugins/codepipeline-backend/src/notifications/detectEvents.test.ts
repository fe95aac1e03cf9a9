import { ecsEvents, pipelineEvents } from './detectEvents';
import {
  NOW,
  PIPELINE_ARN,
  pipelineAwaitingApproval,
  pipelineFailedInBuild,
  SERVICE_ARN,
  serviceRollingBackAfterCircuitBreaker,
} from './__fixtures__/statuses';

describe('pipelineEvents', () => {
  it('reports a failed latest execution with the failing action and commit', () => {
    expect(pipelineEvents(pipelineFailedInBuild('exec-1'), NOW, 60)).toEqual([
      {
        scope: `codepipeline:${PIPELINE_ARN}:exec-1:failed`,
        title: 'Pipeline orders-api failed',
        description:
          'Build / Build failed: Error while executing command: pytest. Reason: exit status 1. Commit 4f2a9c1 "Add refunds endpoint".',
        severity: 'high',
        topic: 'Pipeline failures',
      },
    ]);
  });

  it('does not replay a failure older than a day', () => {
    expect(
      pipelineEvents(pipelineFailedInBuild('exec-1', 25 * 60), NOW, 60),
    ).toEqual([]);
  });

  it('reports an approval only once it has waited the configured time', () => {
    expect(
      pipelineEvents(pipelineAwaitingApproval('exec-2', 59), NOW, 60),
    ).toEqual([]);
    expect(
      pipelineEvents(pipelineAwaitingApproval('exec-2', 90), NOW, 60),
    ).toEqual([
      expect.objectContaining({
        scope: `codepipeline:${PIPELINE_ARN}:exec-2:Approve-prod/Approve:approval-waiting`,
        title: 'Approval waiting in orders-api',
        description:
          'Approve-prod / Approve has waited 90 minutes for a review.',
        severity: 'normal',
      }),
    ]);
  });
});

describe('ecsEvents', () => {
  it('reports a rollout the circuit breaker failed', () => {
    expect(
      ecsEvents(serviceRollingBackAfterCircuitBreaker('ecs-svc/5005'), NOW),
    ).toEqual([
      {
        scope: `codepipeline:${SERVICE_ARN}:ecs-svc/5005:rolled-back`,
        title: 'Deployment of orders-api rolled back',
        description:
          'The rollout of orders-api:8 to orders-api (cluster prod) failed: ECS deployment circuit breaker: tasks failed to start.',
        severity: 'high',
        topic: 'Deployment rollbacks',
      },
    ]);
  });

  it('reports a stopped CodeDeploy blue/green deployment, not a completed rollout', () => {
    const service = serviceRollingBackAfterCircuitBreaker('ecs-svc/1');
    service.deployments[0].rolloutState = 'COMPLETED';
    service.codeDeploy = {
      deploymentId: 'd-ABCDEF123',
      status: 'Stopped',
      createTime: '2026-11-30T11:00:00Z',
      completeTime: '2026-11-30T11:20:00Z',
      rollbackInfo: 'Rolled back by deployment d-XYZ.',
      lifecycleEvents: [],
      taskSets: [],
      consoleUrl: 'https://console.example/codedeploy',
    };
    expect(ecsEvents(service, NOW)).toEqual([
      expect.objectContaining({
        scope: `codepipeline:${SERVICE_ARN}:d-ABCDEF123:rolled-back`,
        description:
          'CodeDeploy deployment d-ABCDEF123 stopped; traffic stays on the original task set: Rolled back by deployment d-XYZ.',
      }),
    ]);
  });
});
