import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CodePipelineClient,
  CreatePipelineCommand,
  GetPipelineExecutionCommand,
  StartPipelineExecutionCommand,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
// The portal's own pattern and parser of these events: what they are checked against.
// local-world may not depend on a backend plugin, so the test reads its source.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  resourceChangeOf,
  SLIPWAY_EVENT_PATTERN,
} from '../../../../plugins/codepipeline-backend/src/events/awsChangeEvents';
import { buildAsAction } from '../builds/pipelineRunner';
import { startBuild } from '../builds/runner';
import { BuildStore } from '../builds/store';
import type { EcsDeployment } from '../deploys/ecsDeployment';
import {
  createService,
  eventually,
  PUBLIC_IMAGE,
  REGION,
  startEcsDeployWorld,
} from '../deploys/ecsTesting';
import { FakeClock } from '../pipelines/clock';
import type { ActionRunner } from '../pipelines/runners';
import type { Place } from '../server/accounts';
import type { LocalWorldServer } from '../server/handler';
import { buildStage, ecsDeployAction, sourceStage } from '../testing/fixtures';
import {
  createPipelineRole,
  createRole,
  startMotoServer,
} from '../testing/moto';
import { localWorldEvents, type LocalWorldEvents } from '.';
import { deliveryQueue, receiveAll } from './testing';

jest.setTimeout(120_000);

const STEP = 4000;
const PIPELINE = 'web-pipeline';
const HOME: Place = { accountId: '123456789012', region: REGION };
const PROD: Place = { accountId: '210987654321', region: REGION };
const DEPLOY_ROLE = `arn:aws:iam::${PROD.accountId}:role/slipway/web-deploy-prod`;
const PIPELINE_ARN = `arn:aws:codepipeline:${REGION}:${HOME.accountId}:${PIPELINE}`;
const serviceArn = (place: Place) =>
  `arn:aws:ecs:${REGION}:${place.accountId}:service/apps/web`;

const APPS_WEB = { ClusterName: 'apps', ServiceName: 'web' };

/** Source, a real (tiny) CodeBuild build, then dev (home) and prod (another account). */
function webPipeline(roleArn: string): PipelineDeclaration {
  return {
    name: PIPELINE,
    roleArn,
    pipelineType: 'V2',
    artifactStore: { type: 'S3', location: 'web-artifacts' },
    stages: [
      sourceStage({ repository: 'acme/web', region: REGION }),
      buildStage('web-build'),
      { name: 'Deploy-dev', actions: [ecsDeployAction(APPS_WEB)] },
      {
        name: 'Deploy-prod',
        actions: [ecsDeployAction(APPS_WEB, { roleArn: DEPLOY_ROLE })],
      },
    ],
  };
}

/** "<detail-type> <what> <state>" of each event, for compact assertions. */
const summary = (event: any) => {
  const d = event.detail;
  const what = d.action
    ? `${d.stage}/${d.action}`
    : d.stage ?? d['project-name'] ?? '';
  const state =
    d.state ??
    d['build-status'] ??
    d['completed-phase-status'] ??
    d.eventName ??
    d.lastStatus ??
    '';
  return [event['detail-type'], what, d['completed-phase'], state]
    .filter(Boolean)
    .join(' ');
};

describe('the local world puts EventBridge events into moto', () => {
  let moto: Awaited<ReturnType<typeof startMotoServer>>;
  let world: LocalWorldServer;
  let events: LocalWorldEvents;
  let deployment: EcsDeployment;
  let work: string;
  const failures: string[] = [];
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  let builds: BuildStore;

  /** A real build of an inline buildspec writing imagedefinitions.json. */
  const build: ActionRunner = {
    async run(context) {
      const src = await fs.mkdtemp(path.join(work, 'src-'));
      const handle = startBuild({
        projectName: 'web-build',
        sourceDir: src,
        sourceVersion: context.inputRevisions?.SourceOutput?.revisionId ?? '',
        buildspec: [
          'version: 0.2',
          'phases:',
          '  build:',
          '    commands:',
          `      - echo '[{"name":"web","imageUri":"${PUBLIC_IMAGE}"}]' > imagedefinitions.json`,
          'artifacts:',
          '  files: [imagedefinitions.json]',
        ].join('\n'),
        endpointUrl: world.url,
        region: context.region,
        workRoot: path.join(work, 'builds'),
        tmpIsolation: 'none',
        virtualenv: false,
        initiator: `codepipeline/${context.pipelineName}`,
        signal: context.signal,
      });
      return buildAsAction(handle, builds, context, done => ({
        artifacts: { BuildOutput: done.artifactsDir },
      }));
    },
  };

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'lw-events-test-'));
    moto = await startMotoServer();
    events = localWorldEvents({
      upstream: moto.url,
      log: message => failures.push(message),
    });
    builds = new BuildStore(events.builds);
    ({ world, deployment } = await startEcsDeployWorld({
      upstream: moto.url,
      clock,
      stepMs: STEP,
      build,
      builds,
      onChange: events.ecs,
      events: events.pipelines,
    }));
    for (const where of [HOME, PROD]) {
      await createService(
        world.url,
        {
          cluster: 'apps',
          service: 'web',
          family: 'web',
          image: PUBLIC_IMAGE,
          desiredCount: 1,
        },
        where,
      );
    }
    await createRole(world.url, DEPLOY_ROLE);
    await clock.advance(3 * STEP);
    await events.flushed();
  }, 60_000);

  afterAll(async () => {
    deployment?.rollouts.close();
    await world?.close();
    await moto?.stop();
    await fs.rm(work, { recursive: true, force: true });
  });

  it('sends a pipeline run, its build and its ECS rollouts to the queue of each account, each mapped to its resource', async () => {
    const homeQueue = await deliveryQueue(
      moto.url,
      HOME,
      SLIPWAY_EVENT_PATTERN,
    );
    const prodQueue = await deliveryQueue(
      moto.url,
      PROD,
      SLIPWAY_EVENT_PATTERN,
    );
    const codepipeline = new CodePipelineClient({
      endpoint: world.url,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    await codepipeline.send(
      new CreatePipelineCommand({
        pipeline: webPipeline(await createPipelineRole(world.url)),
      }),
    );
    const { pipelineExecutionId } = await codepipeline.send(
      new StartPipelineExecutionCommand({ name: PIPELINE }),
    );
    await eventually(
      async () => {
        await clock.advance(STEP);
        const { pipelineExecution } = await codepipeline.send(
          new GetPipelineExecutionCommand({
            pipelineName: PIPELINE,
            pipelineExecutionId,
          }),
        );
        return pipelineExecution?.status === 'Succeeded';
      },
      'the execution to succeed',
      60_000,
    );
    await clock.advance(3 * STEP);
    await events.flushed();

    const home = await receiveAll(moto.url, HOME, homeQueue);
    const prod = await receiveAll(moto.url, PROD, prodQueue);
    expect(failures).toEqual([]);

    const pipelineEvents = home.filter(e => e.source === 'aws.codepipeline');
    expect(pipelineEvents.map(summary)).toEqual([
      'CodePipeline Pipeline Execution State Change STARTED',
      'CodePipeline Stage Execution State Change Source STARTED',
      'CodePipeline Action Execution State Change Source/Source STARTED',
      'CodePipeline Action Execution State Change Source/Source SUCCEEDED',
      'CodePipeline Stage Execution State Change Source SUCCEEDED',
      'CodePipeline Stage Execution State Change Build STARTED',
      'CodePipeline Action Execution State Change Build/Build STARTED',
      'CodePipeline Action Execution State Change Build/Build SUCCEEDED',
      'CodePipeline Stage Execution State Change Build SUCCEEDED',
      'CodePipeline Stage Execution State Change Deploy-dev STARTED',
      'CodePipeline Action Execution State Change Deploy-dev/Deploy STARTED',
      'CodePipeline Action Execution State Change Deploy-dev/Deploy SUCCEEDED',
      'CodePipeline Stage Execution State Change Deploy-dev SUCCEEDED',
      'CodePipeline Stage Execution State Change Deploy-prod STARTED',
      'CodePipeline Action Execution State Change Deploy-prod/Deploy STARTED',
      'CodePipeline Action Execution State Change Deploy-prod/Deploy SUCCEEDED',
      'CodePipeline Stage Execution State Change Deploy-prod SUCCEEDED',
      'CodePipeline Pipeline Execution State Change SUCCEEDED',
    ]);
    const started = pipelineEvents[0];
    expect(started).toMatchObject({
      source: 'aws.codepipeline',
      account: HOME.accountId,
      region: REGION,
      resources: [PIPELINE_ARN],
      detail: {
        pipeline: PIPELINE,
        'execution-id': pipelineExecutionId,
        state: 'STARTED',
        version: 1,
        'execution-trigger': { 'trigger-type': 'StartPipelineExecution' },
      },
    });
    expect(
      pipelineEvents.find(e => e.detail.action === 'Deploy')?.detail,
    ).toMatchObject({
      type: {
        owner: 'AWS',
        category: 'Deploy',
        provider: 'ECS',
        version: '1',
      },
      region: REGION,
    });

    const buildEvents = home.filter(e => e.source === 'aws.codebuild');
    expect(buildEvents.map(summary)).toEqual([
      'CodeBuild Build State Change web-build IN_PROGRESS',
      'CodeBuild Build Phase Change web-build SUBMITTED SUCCEEDED',
      'CodeBuild Build Phase Change web-build QUEUED SUCCEEDED',
      'CodeBuild Build Phase Change web-build PROVISIONING SUCCEEDED',
      'CodeBuild Build Phase Change web-build DOWNLOAD_SOURCE SUCCEEDED',
      'CodeBuild Build Phase Change web-build INSTALL SUCCEEDED',
      'CodeBuild Build Phase Change web-build PRE_BUILD SUCCEEDED',
      'CodeBuild Build Phase Change web-build BUILD SUCCEEDED',
      'CodeBuild Build Phase Change web-build POST_BUILD SUCCEEDED',
      'CodeBuild Build Phase Change web-build UPLOAD_ARTIFACTS SUCCEEDED',
      'CodeBuild Build Phase Change web-build FINALIZING SUCCEEDED',
      'CodeBuild Build State Change web-build SUCCEEDED',
    ]);
    const buildSucceeded = buildEvents.at(-1);
    expect(buildSucceeded.detail).toMatchObject({
      'project-name': 'web-build',
      'build-id': expect.stringMatching(
        new RegExp(
          `^arn:aws:codebuild:${REGION}:${HOME.accountId}:build/web-build:`,
        ),
      ),
      'additional-information': { initiator: `codepipeline/${PIPELINE}` },
    });
    const buildPhase = buildEvents.find(
      e => e.detail['completed-phase'] === 'BUILD',
    );
    expect(buildPhase).toMatchObject({
      account: HOME.accountId,
      region: REGION,
      resources: buildSucceeded.resources,
      detail: {
        'completed-phase-status': 'SUCCEEDED',
        'completed-phase-duration-seconds': expect.any(Number),
        'completed-phase-start': expect.any(String),
        'completed-phase-end': expect.any(String),
        'completed-phase-context': '[]',
        'project-name': 'web-build',
        'build-id': buildSucceeded.detail['build-id'],
        version: '1',
        'additional-information': {
          initiator: `codepipeline/${PIPELINE}`,
          'build-complete': false,
        },
      },
    });
    expect(resourceChangeOf(JSON.stringify(buildPhase))).toEqual(
      resourceChangeOf(JSON.stringify(buildSucceeded)),
    );

    // Each account's bus gets its own service's rollout.
    for (const [received, place] of [
      [home, HOME],
      [prod, PROD],
    ] as const) {
      const ecs = received.filter(e => e.source === 'aws.ecs');
      expect(ecs.map(summary)).toEqual([
        'ECS Deployment State Change SERVICE_DEPLOYMENT_IN_PROGRESS',
        'ECS Task State Change STOPPED',
        'ECS Deployment State Change SERVICE_DEPLOYMENT_COMPLETED',
        'ECS Service Action SERVICE_STEADY_STATE',
      ]);
      expect(ecs.every(e => e.account === place.accountId)).toBe(true);
      expect(ecs[0].resources).toEqual([serviceArn(place)]);
      expect(ecs[1].detail).toMatchObject({
        clusterArn: `arn:aws:ecs:${REGION}:${place.accountId}:cluster/apps`,
        group: 'service:web',
        lastStatus: 'STOPPED',
        stoppedReason: expect.stringMatching(/^Scaling activity initiated by/),
      });
      for (const event of ecs) {
        expect(resourceChangeOf(JSON.stringify(event))).toEqual({
          kind: 'ecs-service',
          arn: serviceArn(place),
        });
      }
    }
    expect(prod.filter(e => e.source !== 'aws.ecs')).toEqual([]);

    for (const event of [...pipelineEvents, ...buildEvents]) {
      expect(resourceChangeOf(JSON.stringify(event))).toEqual({
        kind: 'pipeline',
        arn: PIPELINE_ARN,
      });
    }
  });

  it('logs a PutEvents that fails and goes on', async () => {
    const logged: string[] = [];
    const broken = localWorldEvents({
      upstream: 'http://127.0.0.1:1',
      log: message => logged.push(message),
    });
    broken.codeDeploy({
      region: REGION,
      deploymentId: 'd-ABCDEF123',
      applicationName: 'web',
      deploymentGroupName: 'web-prod',
      status: 'Created',
    });
    await broken.flushed();
    expect(logged).toEqual([
      expect.stringContaining(
        `PutEvents of 1 events (CodeDeploy Deployment State-change Notification) in account ${HOME.accountId}, ${REGION} failed`,
      ),
    ]);
  });
});
