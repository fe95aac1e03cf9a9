import { MotoServer, startMotoServer } from './__testUtils__/motoServer';
import {
  NAMESPACE,
  Outputs,
  OWNER,
  TEAM_EMAIL,
  World,
} from './__testUtils__/world';

/**
 * The actions under injected AWS failures at every step, against moto: for
 * each action, run it again and again with the 1st, 2nd, 3rd… AWS call made
 * to fail (as a 5xx would) until a run gets through. After every failed run,
 * moto must hold exactly what it held before that run: whatever the run
 * created was deleted again (no orphans). The successful run then provides
 * the next action's inputs, in template order.
 */

jest.setTimeout(120_000);

let moto: MotoServer;

interface Case {
  action: string;
  failedCall: string;
  /** Whether the run had created something before the failure (so rollback had work to do). */
  afterCreate: boolean;
  orphans: string[];
  cleanupErrors: string[];
}

const cases: Case[] = [];

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
  const clean = cases.filter(
    c => !c.orphans.length && !c.cleanupErrors.length,
  ).length;
  const withRollback = cases.filter(c => c.afterCreate).length;
  const perAction = new Map<string, number>();
  for (const c of cases) {
    perAction.set(c.action, (perAction.get(c.action) ?? 0) + 1);
  }
  const breakdown = [...perAction]
    .map(([action, n]) => `${action.replace(/^slipway:/, '')} ${n}`)
    .join(', ');
  // One summary line for the reliability report (issue 8, point 4).
  // eslint-disable-next-line no-console
  console.log(
    `scaffolder failure injection: ${cases.length} cases, ${clean} without orphans (${withRollback} failed after creating something, so the action's clean-up had to run; ${breakdown}), verified against moto`,
  );
});

beforeEach(async () => {
  await moto.reset();
});

const MUTATING = /^(Create|Register|Put|Update|Add|Tag|Subscribe|Set)/;

/**
 * Fails every AWS call of one action in turn and checks moto after each
 * failure; returns the outputs of the run that finally got through.
 */
async function injectAtEveryStep(
  world: World,
  action: string,
  input: Record<string, unknown>,
): Promise<Outputs> {
  const before = await world.inventory();
  for (let step = 0; step < 200; step++) {
    world.faults.arm(step);
    const run = await world.attempt(action, input);
    if (!world.faults.fired) {
      // The run made fewer calls than `step`: every step has been tried.
      expect(run.error).toBeUndefined();
      expect(step).toBeGreaterThan(1);
      return run.outputs;
    }
    const calls = world.faults.calls.slice(0, step);
    const after = await world.inventory();
    const orphans = after.filter(item => !before.includes(item));
    const gone = before.filter(item => !after.includes(item));
    const failure = {
      action,
      failedCall: world.faults.fired,
      afterCreate: calls.some(c => MUTATING.test(c.split('.')[1])),
      orphans: [...orphans, ...gone.map(g => `deleted: ${g}`)],
      cleanupErrors: run.logger.error.mock.calls.map(c => String(c[0])),
    };
    cases.push(failure);
    // The failure is reported, and nothing the run created is left behind.
    expect(run.error?.message).toContain('injected failure');
    expect(failure).toEqual({ ...failure, orphans: [], cleanupErrors: [] });
  }
  throw new Error(`${action} made more than 200 AWS calls`);
}

const component = 'orders';
const common = {
  component,
  namespace: NAMESPACE,
  owner: OWNER,
  environment: 'dev',
};
const alertsInput = {
  ...common,
  pipelineName: component,
  emails: [TEAM_EMAIL],
};

describe('slipway:* actions under injected AWS failures, against moto_server', () => {
  it('rolling template: every AWS call of every action fails once, nothing is orphaned', async () => {
    const world = await World.create();
    const ecr = await injectAtEveryStep(
      world,
      'slipway:ecr:create-repository',
      common,
    );
    const roles = await injectAtEveryStep(
      world,
      'slipway:iam:create-delivery-roles',
      { ...common, deployEnvironments: ['dev', 'prod'] },
    );
    await injectAtEveryStep(world, 'slipway:codebuild:create-project', {
      ...common,
      serviceRoleArn: roles.codeBuildRoleArn,
      repositoryUri: ecr.repositoryUri,
    });
    const alerts = await injectAtEveryStep(
      world,
      'slipway:alerts:create',
      alertsInput,
    );
    await injectAtEveryStep(world, 'slipway:ecs:create-service', {
      ...common,
      repositoryUri: ecr.repositoryUri,
      executionRoleArn: roles.taskExecutionRoleArn,
      alarmTopicArn: alerts.topicArn,
    });
    await injectAtEveryStep(world, 'slipway:codepipeline:create-pipeline', {
      ...common,
      roleArn: roles.codePipelineRoleArn,
      repositoryId: 'acme/orders',
      desiredCount: 2,
    });
    expect(await world.inventory()).toEqual(
      expect.arrayContaining([
        'alarm orders-dev-target-5xx',
        'alarm orders-dev-unhealthy-hosts',
        'event-rule orders-pipeline-failed',
        'sns-topic orders-alerts',
        'target-group orders-dev',
        'pipeline orders',
      ]),
    );
  });

  it('blue/green template: every AWS call of every action fails once, nothing is orphaned', async () => {
    const world = await World.create();
    const ecr = await world.run('slipway:ecr:create-repository', common);
    const roles = await injectAtEveryStep(
      world,
      'slipway:iam:create-delivery-roles',
      { ...common, blueGreen: true },
    );
    const alerts = await injectAtEveryStep(
      world,
      'slipway:alerts:create',
      alertsInput,
    );
    const targets = await injectAtEveryStep(
      world,
      'slipway:codedeploy:create-blue-green',
      {
        ...common,
        strategy: 'canary10Percent5Minutes',
        alarmTopicArn: alerts.topicArn,
      },
    );
    const service = await injectAtEveryStep(
      world,
      'slipway:ecs:create-service',
      {
        ...common,
        repositoryUri: ecr.outputs.repositoryUri,
        executionRoleArn: roles.taskExecutionRoleArn,
        deploymentController: 'codedeploy',
        targetGroupArn: targets.blueTargetGroupArn,
        alarmTopicArn: alerts.topicArn,
      },
    );
    await injectAtEveryStep(world, 'slipway:codedeploy:create-blue-green', {
      ...common,
      strategy: 'canary10Percent5Minutes',
      serviceName: service.serviceName,
      serviceRoleArn: roles.codeDeployRoleArn,
      alarmTopicArn: alerts.topicArn,
    });
    await injectAtEveryStep(world, 'slipway:codepipeline:create-pipeline', {
      ...common,
      roleArn: roles.codePipelineRoleArn,
      repositoryId: 'acme/orders',
      deploymentStrategy: 'blue-green',
      desiredCount: 2,
    });
    expect(await world.inventory()).toEqual(
      expect.arrayContaining([
        'codedeploy-app orders-dev',
        'codedeploy-group orders-dev/orders-dev',
        'alarm orders-dev-b-target-5xx',
        'alarm orders-dev-g-unhealthy-hosts',
        'pipeline orders',
      ]),
    );
  });
});
