import { toPipelineStatus } from './PipelineStatusService';
import { getPipelineState } from '../aws/codePipeline';
import {
  pipelineDefinition,
  pipelineAwaitingApproval,
} from '../__testUtils__/pipelines';
import type {
  PipelineDefinition,
  StageStateSnapshot,
} from '../aws/codePipeline';

const ref = {
  arn: 'arn:aws:codepipeline:us-east-1:123456789012:orders-api',
  name: 'orders-api',
  partition: 'aws',
  accountId: '123456789012',
  region: 'us-east-1',
};

const definition: PipelineDefinition = {
  name: 'orders-api',
  pipelineType: 'V2',
  stages: [
    {
      name: 'Source',
      actions: [{ name: 'Source', category: 'Source', configuration: {} }],
    },
    {
      name: 'Build',
      actions: [{ name: 'Build', category: 'Build', configuration: {} }],
    },
    {
      name: 'Deploy',
      actions: [{ name: 'Deploy', category: 'Deploy', configuration: {} }],
    },
  ],
};

function stage(
  name: string,
  status: any,
  actionStatus?: any,
): StageStateSnapshot {
  return {
    name,
    status,
    pipelineExecutionId: status
      ? '8d6b1c2a-3f4e-4a5b-9c8d-7e6f5a4b3c2d'
      : undefined,
    inboundTransition: { enabled: true },
    actions: [
      { name, status: actionStatus ?? status, hasApprovalToken: false },
    ],
  };
}

describe('toPipelineStatus', () => {
  it('a running build is active, and the stage cannot be retried or rolled back meanwhile', () => {
    const status = toPipelineStatus(
      ref,
      definition,
      [
        stage('Source', 'Succeeded'),
        stage('Build', 'InProgress'),
        stage('Deploy', undefined),
      ],
      undefined,
    );
    expect(status.active).toBe(true);
    expect(status.stages[1]).toMatchObject({
      canRetry: false,
      canRollback: false,
    });
  });

  it('a failed build can be retried; a deployed stage can be rolled back; a source stage never', () => {
    const status = toPipelineStatus(
      ref,
      definition,
      [
        stage('Source', 'Succeeded'),
        stage('Build', 'Failed'),
        stage('Deploy', 'Succeeded'),
      ],
      undefined,
    );
    expect(status.active).toBe(false);
    expect(status.stages.map(s => [s.name, s.canRetry, s.canRollback])).toEqual(
      [
        ['Source', false, false],
        ['Build', true, true],
        ['Deploy', false, true],
      ],
    );
  });

  it('V1 pipelines cannot roll back', () => {
    const status = toPipelineStatus(
      ref,
      { ...definition, pipelineType: 'V1' },
      [
        stage('Source', 'Succeeded'),
        stage('Build', 'Succeeded'),
        stage('Deploy', 'Succeeded'),
      ],
      undefined,
    );
    expect(status.stages.some(s => s.canRollback)).toBe(false);
  });

  it('keeps the definition order and fills stages that never ran', async () => {
    const client = { send: async () => pipelineAwaitingApproval } as any;
    const states = await getPipelineState(client, 'orders-api');
    const defined = pipelineDefinition('orders-api').pipeline!;
    const status = toPipelineStatus(
      ref,
      {
        name: 'orders-api',
        pipelineType: 'V2',
        stages: [
          ...defined.stages!.map(s => ({
            name: s.name!,
            actions: s.actions!.map(a => ({
              name: a.name!,
              category: a.actionTypeId?.category,
              configuration: {},
            })),
          })),
          {
            name: 'Verify',
            actions: [{ name: 'Smoke', category: 'Test', configuration: {} }],
          },
        ],
      },
      states,
      undefined,
    );
    expect(status.stages.map(s => s.name)).toEqual([
      'Source',
      'Build',
      'Approve-prod',
      'Deploy-prod',
      'Verify',
    ]);
    expect(status.stages[4]).toMatchObject({
      inboundTransition: { enabled: true },
      canRetry: false,
      actions: [{ name: 'Smoke', awaitingApproval: false }],
    });
  });
});
