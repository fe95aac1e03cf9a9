import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devEnvironment, prodEnvironment } from './__testUtils__/harness';
import {
  pipelineDefinition,
  PipelineRequest,
  START_TASKS_COMMANDS,
} from './pipelineDefinition';

const dev = { ...devEnvironment, name: 'dev' };
const prod = { ...prodEnvironment, name: 'prod' };

function request(changes: Partial<PipelineRequest> = {}): PipelineRequest {
  return {
    name: 'orders',
    component: 'orders',
    roleArn: 'arn:aws:iam::123456789012:role/slipway/orders-codepipeline',
    executionMode: 'QUEUED',
    home: dev,
    repositoryId: 'acme/orders',
    branch: 'main',
    buildProjectName: 'orders-build',
    strategy: 'rolling',
    serviceName: 'orders',
    deployTo: [dev, prod],
    approvalBefore: ['prod'],
    desiredCount: 2,
    ...changes,
  };
}

const stagesOf = (r: PipelineRequest) => pipelineDefinition(r).stages!;
const stage = (r: PipelineRequest, name: string) =>
  stagesOf(r).find(s => s.name === name)!;

describe('pipelineDefinition', () => {
  it('gates prod behind its approval stage, then deploys and starts tasks in that order', () => {
    const stages = stagesOf(request());

    expect(
      stages.map(s => [s.name, s.actions!.map(a => [a.name, a.runOrder])]),
    ).toEqual([
      ['Source', [['Source', 1]]],
      ['Build', [['Build', 1]]],
      [
        'Deploy-dev',
        [
          ['Deploy', 1],
          ['Start-tasks', 2],
        ],
      ],
      ['Approve-prod', [['Approve', 1]]],
      [
        'Deploy-prod',
        [
          ['Deploy', 1],
          ['Start-tasks', 2],
        ],
      ],
    ]);
  });

  it('starts tasks with a Commands action scoped to each environment’s service', () => {
    const startTasks = (env: string) =>
      stage(request(), `Deploy-${env}`).actions![1];

    expect(startTasks('dev')).toEqual({
      name: 'Start-tasks',
      actionTypeId: {
        category: 'Compute',
        owner: 'AWS',
        provider: 'Commands',
        version: '1',
      },
      inputArtifacts: [{ name: 'BuildOutput' }],
      commands: START_TASKS_COMMANDS,
      environmentVariables: [
        { name: 'ECS_REGION', value: 'eu-west-1', type: 'PLAINTEXT' },
        { name: 'ECS_CLUSTER', value: 'dev-cluster', type: 'PLAINTEXT' },
        { name: 'ECS_SERVICE', value: 'orders', type: 'PLAINTEXT' },
        { name: 'DESIRED_COUNT', value: '2', type: 'PLAINTEXT' },
      ],
      runOrder: 2,
    });
    expect(startTasks('prod')).toMatchObject({
      region: 'us-east-1',
      environmentVariables: expect.arrayContaining([
        { name: 'ECS_REGION', value: 'us-east-1', type: 'PLAINTEXT' },
        { name: 'ECS_CLUSTER', value: 'prod-cluster', type: 'PLAINTEXT' },
      ]),
    });
  });

  it('keeps the commands within the Commands action limits: single lines, at most 50 of at most 1000 characters', () => {
    expect(START_TASKS_COMMANDS.length).toBeLessThanOrEqual(50);
    for (const command of START_TASKS_COMMANDS) {
      expect(command).not.toMatch(/\n/);
      expect(command.length).toBeLessThanOrEqual(1000);
    }
  });

  it('deploys each environment’s own rendered task definition in blue/green', () => {
    const blueGreen = request({ strategy: 'blue-green' });

    for (const env of ['dev', 'prod']) {
      expect(stage(blueGreen, `Deploy-${env}`).actions![0]).toMatchObject({
        actionTypeId: { provider: 'CodeDeployToECS' },
        configuration: {
          ApplicationName: `orders-${env}`,
          DeploymentGroupName: `orders-${env}`,
          TaskDefinitionTemplateArtifact: 'BuildOutput',
          TaskDefinitionTemplatePath: `taskdef-${env}.json`,
          AppSpecTemplateArtifact: 'BuildOutput',
          AppSpecTemplatePath: 'appspec.yaml',
        },
      });
      expect(stage(blueGreen, `Deploy-${env}`).actions![1].name).toBe(
        'Start-tasks',
      );
    }
  });

  it('deploys the service’s own family with imagedefinitions.json in rolling mode', () => {
    expect(stage(request(), 'Deploy-prod').actions![0]).toMatchObject({
      actionTypeId: { provider: 'ECS' },
      configuration: {
        ClusterName: 'prod-cluster',
        ServiceName: 'orders',
        FileName: 'imagedefinitions.json',
      },
      region: 'us-east-1',
    });
  });
});

/**
 * Runs the Start-tasks commands in bash as the Commands action would, with a
 * stand-in `aws` that answers describe-services with FAKE_DESIRED and records
 * every call.
 */
function runStartTasks(
  fakeDesired: string,
  options: { waitFailsOnce?: boolean; waitFails?: boolean } = {},
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-tasks-'));
  const calls = path.join(dir, 'calls');
  fs.writeFileSync(
    path.join(dir, 'aws'),
    [
      '#!/bin/sh',
      `echo "$*" >> '${calls}'`,
      'case "$2" in describe-services) echo "$FAKE_DESIRED";; update-service) echo "$DESIRED_COUNT";; esac',
      'if [ "$3" = services-stable ]; then',
      `  if [ -n "$WAIT_FAILS" ]; then echo "Waiter ServicesStable failed: Max attempts exceeded" >&2; exit 255; fi`,
      `  if [ -n "$WAIT_FAILS_ONCE" ] && [ ! -e '${dir}/waited' ]; then touch '${dir}/waited'; exit 255; fi`,
      'fi',
    ].join('\n'),
    { mode: 0o755 },
  );
  const env = {
    PATH: `${dir}:${process.env.PATH}`,
    ECS_REGION: 'eu-west-1',
    ECS_CLUSTER: 'dev cluster',
    ECS_SERVICE: 'orders',
    DESIRED_COUNT: '2',
    FAKE_DESIRED: fakeDesired,
    WAIT_FAILS: options.waitFails ? '1' : '',
    WAIT_FAILS_ONCE: options.waitFailsOnce ? '1' : '',
  };
  try {
    let output = '';
    for (const command of START_TASKS_COMMANDS) {
      output += execFileSync('bash', ['-c', command], {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    }
    return {
      ok: true,
      output,
      calls: fs.existsSync(calls)
        ? fs.readFileSync(calls, 'utf8').trim().split('\n')
        : [],
    };
  } catch (error) {
    return {
      ok: false,
      output: String((error as { stderr?: string }).stderr),
      calls: fs.readFileSync(calls, 'utf8').trim().split('\n'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the Start-tasks commands', () => {
  it('scale a service at 0 to the desired count and wait until it is stable', () => {
    const run = runStartTasks('0');

    expect(run.ok).toBe(true);
    expect(run.calls).toEqual([
      'ecs describe-services --region eu-west-1 --cluster dev cluster --services orders --query services[0].desiredCount --output text',
      'ecs update-service --region eu-west-1 --cluster dev cluster --service orders --desired-count 2 --query service.desiredCount --output text',
      'ecs wait services-stable --region eu-west-1 --cluster dev cluster --services orders',
    ]);
  });

  it('wait a second time for a service that is slow to become stable', () => {
    const run = runStartTasks('0', { waitFailsOnce: true });

    expect(run.ok).toBe(true);
    expect(run.calls.filter(c => c.startsWith('ecs wait'))).toHaveLength(2);
  });

  it('fail the action when the service does not become stable', () => {
    const run = runStartTasks('0', { waitFails: true });

    expect(run.ok).toBe(false);
    expect(run.calls.filter(c => c.startsWith('ecs wait'))).toHaveLength(2);
  });

  it('leave a service that already runs tasks alone', () => {
    const run = runStartTasks('3');

    expect(run.ok).toBe(true);
    expect(run.calls).toHaveLength(1);
    expect(run.output).toContain(
      'orders already wants 3 task(s); left unchanged',
    );
  });

  it('fail the action when the service does not exist', () => {
    const run = runStartTasks('None');

    expect(run.ok).toBe(false);
    expect(run.output).toContain(
      'ECS service orders not found in cluster dev cluster',
    );
    expect(run.calls).toHaveLength(1);
  });
});
