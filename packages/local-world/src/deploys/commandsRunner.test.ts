import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ActionDeclaration } from '@aws-sdk/client-codepipeline';
// The exact commands Slipway's pipelines run; the package exports only its module.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { START_TASKS_COMMANDS } from '@slipway/plugin-scaffolder-backend-module-aws/src/pipelineDefinition';
import { BuildStore } from '../builds/store';
import { FakeClock, systemClock, type Clock } from '../pipelines/clock';
import type { ActionRunContext } from '../pipelines/runners';
import {
  startLocalWorldServer,
  type LocalWorldServer,
} from '../server/handler';
import type { Interceptor } from '../server/interceptors';
import { startMotoServer } from '../testing/moto';
import { commandsRunner } from './commandsRunner';
import { ecsCall } from './ecsApi';
import { ecsRolloutInterceptors } from './ecsInterceptors';
import { EcsRollouts } from './ecsRollouts';
import { createService, eventually, PUBLIC_IMAGE, REGION } from './ecsTesting';

jest.setTimeout(90_000);

let work: string;
/** Where the runs keep their sandboxes, logs and artifacts. */
const workRoot = path.join(
  os.tmpdir(),
  `commands-runner-test-runs-${process.pid}`,
);
beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'commands-runner-test-'));
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
  await fs.rm(workRoot, { recursive: true, force: true });
});

function context(
  action: ActionDeclaration,
  options: { folder?: string; clock?: Clock; signal?: AbortSignal } = {},
): ActionRunContext {
  return {
    region: REGION,
    pipelineName: 'web-pipeline',
    pipelineExecutionId: 'e',
    stageName: 'Deploy-dev',
    actionExecutionId: 'a',
    action,
    resolvedConfiguration: {},
    variables: {},
    inputArtifacts: options.folder ? { BuildOutput: options.folder } : {},
    clock: options.clock ?? systemClock,
    signal: options.signal ?? new AbortController().signal,
    report: () => {},
    waitForApproval: () => Promise.reject(new Error('no approvals here')),
  };
}

const commandsAction = (
  commands: string[],
  variables: Record<string, string> = {},
): ActionDeclaration => ({
  name: 'Start-tasks',
  actionTypeId: {
    category: 'Compute',
    owner: 'AWS',
    provider: 'Commands',
    version: '1',
  },
  inputArtifacts: [{ name: 'BuildOutput' }],
  commands,
  environmentVariables: Object.entries(variables).map(([name, value]) => ({
    name,
    value,
    type: 'PLAINTEXT',
  })),
  runOrder: 2,
});

async function artifact(files: Record<string, string>): Promise<string> {
  const folder = await fs.mkdtemp(path.join(work, 'artifact-'));
  for (const [name, text] of Object.entries(files)) {
    await fs.writeFile(path.join(folder, name), text);
  }
  return folder;
}

describe('the Commands action', () => {
  const builds = new BuildStore();
  const runner = commandsRunner({
    endpointUrl: 'http://127.0.0.1:4566',
    builds,
    buildOptions: { workRoot },
  });
  const logOf = async (id: string | undefined) =>
    fs.readFile(builds.get(id ?? '')!.logFile, 'utf8');

  it("runs the commands in bash in a copy of the input artifact, with the action's environment", async () => {
    const folder = await artifact({ 'hello.txt': 'hello from the build\n' });
    const result = await runner.run(
      context(
        commandsAction(
          [
            'cat hello.txt',
            'echo "greeting=$GREETING endpoint=$AWS_ENDPOINT_URL region=$AWS_REGION/$AWS_DEFAULT_REGION attempts=$AWS_MAX_ATTEMPTS key=$AWS_ACCESS_KEY_ID/$AWS_SECRET_ACCESS_KEY"',
            'echo changed > hello.txt',
          ],
          { GREETING: 'hi there' },
        ),
        { folder },
      ),
    );
    expect(result).toMatchObject({
      status: 'Succeeded',
      summary: '3 commands ran successfully',
    });
    const log = await logOf(result.externalExecutionId);
    expect(log).toContain('hello from the build');
    expect(log).toContain(
      `greeting=hi there endpoint=http://127.0.0.1:4566 region=${REGION}/${REGION} attempts=3 key=testing/testing`,
    );
    expect(await fs.readFile(path.join(folder, 'hello.txt'), 'utf8')).toBe(
      'hello from the build\n',
    );
  });

  it('stops at the first failing command and names it with its exit status', async () => {
    const result = await runner.run(
      context(commandsAction(['echo one', 'ls /no/such/dir', 'echo never']), {
        folder: await artifact({}),
      }),
    );
    expect(result).toMatchObject({
      status: 'Failed',
      errorDetails: {
        message:
          'Build terminated with state: FAILED. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: ls /no/such/dir. Reason: exit status 2',
      },
    });
    const log = await logOf(result.externalExecutionId);
    expect(log).toContain('one');
    expect(log).not.toMatch(/^never$/m);
  });

  it('kills the process group when the action is stopped', async () => {
    const abort = new AbortController();
    const marker = `sleep 73.${process.pid}`;
    const running = runner.run(
      context(commandsAction([`${marker} & ${marker}; echo finished`]), {
        signal: abort.signal,
      }),
    );
    const alive = () =>
      spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' }).stdout.trim();
    await eventually(
      async () => alive().split('\n').length >= 2,
      'the commands to start',
    );
    const started = Date.now();
    abort.abort(new Error('stopped'));
    const result = await running;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.status).toBe('Failed');
    expect(alive()).toBe('');
  });
});

describe("Slipway's Start-tasks commands against moto", () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let world: LocalWorldServer;
  let rollouts: EcsRollouts;
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const seen: { desiredCount: number; runningCount: number }[] = [];
  const STEP = 2000;

  /** Records what DescribeServices answered, after the rollout interceptors. */
  const recorder: Interceptor = {
    targets: ['AmazonEC2ContainerServiceV20141113.DescribeServices'],
    async rewrite(_call, answer) {
      const service = answer.json.services?.[0];
      if (service)
        seen.push({
          desiredCount: service.desiredCount,
          runningCount: service.runningCount,
        });
      return answer;
    },
  };

  beforeAll(async () => {
    moto = await startMotoServer();
    rollouts = new EcsRollouts({ upstream: moto.url, clock, stepMs: STEP });
    world = await startLocalWorldServer({
      upstream: moto.url,
      clock,
      interceptors: [...ecsRolloutInterceptors(rollouts), recorder],
    });
    await createService(world.url, {
      cluster: 'dev',
      service: 'web',
      family: 'web',
      image: PUBLIC_IMAGE,
      desiredCount: 0,
    });
    await clock.advance(STEP);
  }, 40_000);

  afterAll(async () => {
    rollouts?.close();
    await world?.close();
    await moto?.stop();
  });

  const startTasks = commandsAction(START_TASKS_COMMANDS, {
    ECS_REGION: REGION,
    ECS_CLUSTER: 'dev',
    ECS_SERVICE: 'web',
    DESIRED_COUNT: '2',
  });

  it('scales the service from 0 to 2 tasks and waits until services-stable returns', async () => {
    const builds = new BuildStore();
    const runner = commandsRunner({
      endpointUrl: () => world.url,
      builds,
      buildOptions: { workRoot },
    });
    const running = runner.run(
      context(startTasks, { folder: await artifact({}), clock }),
    );

    // The waiter's first look: 2 wanted, none running yet.
    await eventually(
      async () => seen.some(s => s.desiredCount === 2 && s.runningCount === 0),
      'the services-stable waiter to see the rollout in progress',
      30_000,
    );
    await clock.advance(STEP);
    const { services } = await ecsCall(world.url, REGION, 'DescribeServices', {
      cluster: 'dev',
      services: ['web'],
    });
    expect(services[0]).toMatchObject({
      desiredCount: 2,
      runningCount: 1,
      pendingCount: 1,
    });
    await clock.advance(2 * STEP);

    const result = await running;
    expect(result).toMatchObject({ status: 'Succeeded' });
    const log = await fs.readFile(
      builds.get(result.externalExecutionId!)!.logFile,
      'utf8',
    );
    expect(log).toContain("web now runs 2 task(s) of this commit's image");
    const after = await ecsCall(world.url, REGION, 'DescribeServices', {
      cluster: 'dev',
      services: ['web'],
    });
    expect(after.services[0]).toMatchObject({
      desiredCount: 2,
      runningCount: 2,
    });
    expect(after.services[0].deployments).toHaveLength(1);

    // A later run leaves a service that already runs tasks alone.
    const again = await runner.run(
      context(startTasks, { folder: await artifact({}), clock }),
    );
    expect(again.status).toBe('Succeeded');
    expect(
      await fs.readFile(
        builds.get(again.externalExecutionId!)!.logFile,
        'utf8',
      ),
    ).toContain('web already wants 2 task(s); left unchanged');
  });
});
