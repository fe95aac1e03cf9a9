import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  GetDeploymentCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { FakeClock } from '../pipelines/clock';
import type { Place } from '../server/accounts';
import type { LocalWorldServer } from '../server/handler';
import {
  createPipelineRole,
  createRole,
  startMotoServer,
} from '../testing/moto';
import { assumeRole } from './actionRole';
import {
  aws,
  blueGreenBuildOutput,
  blueGreenPipeline,
  blueGreenService,
  deployDevExecution,
  fakeTimeUntil,
  pushImage,
  REGION,
  REPOSITORY_URI,
  startBlueGreenWorld,
} from './codeDeployTestWorld';

jest.setTimeout(90_000);

const MINUTE_MS = 6000;
const HOME: Place = { accountId: '123456789012', region: REGION };
const PROD: Place = { accountId: '210987654321', region: REGION };
const DEPLOY_ROLE = `arn:aws:iam::${PROD.accountId}:role/slipway/checkout-deploy-prod`;

describe('CodeDeploy blue/green into another account (roleArn on CodeDeployToECS)', () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let world: LocalWorldServer;
  let codepipeline: CodePipelineClient;
  /** CodeDeploy as the home account (`testing`) and as the prod account (the deploy role's keys). */
  let asHome: CodeDeployClient;
  let asProd: CodeDeployClient;
  const clock = new FakeClock('2026-03-03T09:00:00Z');
  let buildOutput = '';

  beforeAll(async () => {
    moto = await startMotoServer();
    world = await startBlueGreenWorld({
      upstream: moto.url,
      clock,
      minuteMs: MINUTE_MS,
      buildOutput: () => buildOutput,
    });
    const client = { endpoint: world.url, region: REGION, maxAttempts: 1 };
    const testing = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    codepipeline = new CodePipelineClient({ ...client, credentials: testing });
    asHome = new CodeDeployClient({ ...client, credentials: testing });
    await createPipelineRole(world.url);
    await createRole(world.url, DEPLOY_ROLE);
    const prodKeys = await assumeRole(moto.url, DEPLOY_ROLE, 'test-reader');
    asProd = new CodeDeployClient({
      ...client,
      credentials: {
        accessKeyId: prodKeys.AWS_ACCESS_KEY_ID,
        secretAccessKey: prodKeys.AWS_SECRET_ACCESS_KEY,
        sessionToken: prodKeys.AWS_SESSION_TOKEN,
      },
    });
    await pushImage(world.url, 'initial');
  }, 60_000);

  afterAll(async () => {
    await world?.close();
    await moto?.stop();
  });

  const until = fakeTimeUntil(clock);

  const checkoutIn = async (where: Place) =>
    (
      await aws(
        world.url,
        'ecs',
        'DescribeServices',
        { cluster: 'dev', services: ['checkout'] },
        where,
      )
    ).services[0];

  it("deploys the prod account's service from a home-account pipeline: B ends on the new task set with all traffic, A is untouched and sees no deployment", async () => {
    const options = {
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      terminationWaitMinutes: 1,
    };
    // The same application, group and service in both accounts: the deploy must pick prod's.
    const home = await blueGreenService(world.url, 'checkout', {
      ...options,
      where: HOME,
    });
    const prod = await blueGreenService(world.url, 'checkout', {
      ...options,
      where: PROD,
    });
    await pushImage(world.url, 'abc1234');
    buildOutput = blueGreenBuildOutput('checkout', `${REPOSITORY_URI}:abc1234`);
    await codepipeline.send(
      new CreatePipelineCommand({
        pipeline: blueGreenPipeline(
          'checkout',
          prod.application,
          prod.deploymentGroup,
          DEPLOY_ROLE,
        ),
      }),
    );
    await codepipeline.send(
      new StartPipelineExecutionCommand({ name: 'checkout' }),
    );
    const action = await until(async () => {
      const latest = await deployDevExecution(codepipeline, 'checkout');
      expect(latest?.status).toBe('Succeeded');
      return latest!;
    });
    const id = action.externalExecutionId!;
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);

    const { deploymentInfo } = await asProd.send(
      new GetDeploymentCommand({ deploymentId: id }),
    );
    expect(deploymentInfo).toMatchObject({
      applicationName: prod.application,
      deploymentGroupName: prod.deploymentGroup,
      status: 'Succeeded',
    });
    const { deployments } = await asProd.send(
      new ListDeploymentsCommand({
        applicationName: prod.application,
        deploymentGroupName: prod.deploymentGroup,
      }),
    );
    expect(deployments).toEqual([id]);
    const { targetIds } = await asProd.send(
      new ListDeploymentTargetsCommand({ deploymentId: id }),
    );
    const { deploymentTargets } = await asProd.send(
      new BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds }),
    );
    const target = deploymentTargets![0].ecsTarget!;
    expect(target.targetArn).toBe(prod.serviceArn);
    expect(
      target.taskSetsInfo?.map(t => [
        t.taskSetLabel,
        t.status,
        t.trafficWeight,
      ]),
    ).toEqual([['Green', 'PRIMARY', 100]]);

    const prodAfter = await checkoutIn(PROD);
    const newRevision = `arn:aws:ecs:${REGION}:${PROD.accountId}:task-definition/checkout-dev:2`;
    expect(prodAfter.taskDefinition).toBe(newRevision);
    expect(
      prodAfter.taskSets.map((t: any) => [
        t.status,
        t.externalId,
        t.taskDefinition,
      ]),
    ).toEqual([['PRIMARY', id, newRevision]]);
    const { taskDefinition } = await aws(
      world.url,
      'ecs',
      'DescribeTaskDefinition',
      { taskDefinition: newRevision },
      PROD,
    );
    expect(taskDefinition.containerDefinitions[0].image).toBe(
      `${REPOSITORY_URI}:abc1234`,
    );

    const homeAfter = await checkoutIn(HOME);
    expect(homeAfter.taskDefinition).toBe(home.initialTaskDefinition);
    expect(homeAfter.taskSets ?? []).toEqual([]);
    await expect(
      aws(
        world.url,
        'ecs',
        'DescribeTaskDefinition',
        { taskDefinition: 'checkout-dev:2' },
        HOME,
      ),
    ).rejects.toThrow();
    await expect(
      asHome.send(new GetDeploymentCommand({ deploymentId: id })),
    ).rejects.toThrow();
    const homeList = await asHome.send(new ListDeploymentsCommand({}));
    expect(homeList.deployments ?? []).not.toContain(id);
  });

  it('fails the action, as CodePipeline does, when the deploy role does not exist in its account', async () => {
    const missing = `arn:aws:iam::${PROD.accountId}:role/slipway/nobody-deploy-prod`;
    await codepipeline.send(
      new CreatePipelineCommand({
        pipeline: blueGreenPipeline(
          'nobody',
          'AppECS-dev-x',
          'DgpECS-dev-x',
          missing,
        ),
      }),
    );
    await codepipeline.send(
      new StartPipelineExecutionCommand({ name: 'nobody' }),
    );
    const latest = await until(async () => {
      const execution = await deployDevExecution(codepipeline, 'nobody');
      expect(execution?.status).toBe('Failed');
      return execution!;
    });
    expect(latest.errorDetails?.message).toBe(
      `CodePipeline is not authorized to perform AssumeRole on role ${missing}`,
    );
  });
});
