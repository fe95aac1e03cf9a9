import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { settle } from '../pipelines/clock';
import type { PipelineEngine } from '../pipelines/engine';
import { getPipelineState } from '../pipelines/views';
import { flaskWorld } from '../testing/fixtures';
import { codeBuildRunner, type CodeBuildProject } from './pipelineRunner';
import { BuildStore } from './store';

jest.setTimeout(60_000);

const PIPELINE = 'flask-service';
const COMMIT = 'c'.repeat(40);

let repo: string;
let workRoot: string;

beforeEach(async () => {
  repo = await fs.mkdtemp(path.join(os.tmpdir(), 'lw-pipeline-src-'));
  workRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'lw-pipeline-work-'));
});

afterEach(async () => {
  await fs.rm(repo, { recursive: true, force: true });
  await fs.rm(workRoot, { recursive: true, force: true });
});

const BUILDSPEC = `version: 0.2
env:
  exported-variables: [IMAGE_TAG]
phases:
  build:
    commands:
      - echo "building $COMMIT for $GREETING"
      - export IMAGE_TAG=\${CODEBUILD_RESOLVED_SOURCE_VERSION:0:7}
`;

/** An engine over the Flask pipeline whose CodeBuild actions run for real on `repo`. */
async function world(
  buildspec: string,
  projects: Record<string, CodeBuildProject> = {
    'flask-service-build': { environmentVariables: { GREETING: 'hello' } },
  },
) {
  await fs.writeFile(path.join(repo, 'buildspec.yml'), buildspec);
  const asked: string[][] = [];
  const builds = new BuildStore();
  const { engine, clock } = flaskWorld({
    build: codeBuildRunner({
      sourceFor: async (pipelineName, revision) => {
        asked.push([pipelineName, revision]);
        return repo;
      },
      projects: async name => projects[name],
      endpointUrl: 'http://127.0.0.1:1',
      builds,
      buildOptions: { workRoot, tmpIsolation: 'none', virtualenv: false },
    }),
  });
  await engine.start({
    name: PIPELINE,
    sourceRevisions: [
      {
        actionName: 'Source',
        revisionType: 'COMMIT_ID',
        revisionValue: COMMIT,
      },
    ],
  });
  await clock.advance(0);
  return { engine, asked, builds };
}

/** The Build action once it has ended (builds run in real time, not on the fake clock). */
async function buildAction(engine: PipelineEngine) {
  for (;;) {
    const state = await getPipelineState(engine, PIPELINE);
    const action = state.stageStates?.[1]?.actionStates?.[0];
    if (action?.latestExecution?.status !== 'InProgress') {
      return { action, stages: state.stageStates };
    }
    await new Promise(resolve => setTimeout(resolve, 20));
    await settle();
  }
}

describe('codeBuildRunner', () => {
  it('runs the project on the source revision: Succeeded, with the build as the external execution', async () => {
    const { engine, asked, builds } = await world(BUILDSPEC);
    const { action, stages } = await buildAction(engine);
    expect(asked).toEqual([[PIPELINE, COMMIT]]);
    expect(action?.latestExecution).toMatchObject({
      status: 'Succeeded',
      externalExecutionId: expect.stringMatching(
        /^flask-service-build:[0-9a-f-]{36}$/,
      ),
      externalExecutionUrl: expect.stringMatching(/^file:\/\/.*build\.log$/),
    });
    expect(stages?.[2]?.latestExecution?.status).toBe('InProgress');

    const build = builds.get(action!.latestExecution!.externalExecutionId!)!;
    expect(build).toMatchObject({
      buildStatus: 'SUCCEEDED',
      buildNumber: 1,
      sourceVersion: COMMIT,
      initiator: `codepipeline/${PIPELINE}`,
      exportedEnvironmentVariables: [{ name: 'IMAGE_TAG', value: 'ccccccc' }],
    });
    // The action's EnvironmentVariables (resolved) and the project's variables reach the build.
    expect(await fs.readFile(build.logFile, 'utf8')).toContain(
      `building ${COMMIT} for hello`,
    );
  });

  it('fails the action with the build failure context as its summary', async () => {
    const { engine } = await world(
      'version: 0.2\nphases:\n  build:\n    commands:\n      - echo testing\n      - exit 1\n',
    );
    const { action, stages } = await buildAction(engine);
    // The build runner's wording of an `exit` inside a phase (the phase's shell ends there).
    const summary = expect.stringMatching(
      /^Build terminated with state: FAILED\. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing .+1$/,
    );
    expect(action?.latestExecution).toMatchObject({
      status: 'Failed',
      summary,
      externalExecutionId: expect.stringMatching(/^flask-service-build:/),
      errorDetails: { code: 'JobFailed', message: summary },
    });
    expect(stages?.[1]?.latestExecution?.status).toBe('Failed');
    expect(stages?.[2]?.latestExecution).toBeUndefined();
  });

  it('names the failing command as CodeBuild does', async () => {
    const { engine } = await world(
      'version: 0.2\nphases:\n  pre_build:\n    commands:\n      - test -f missing.txt\n',
    );
    const { action } = await buildAction(engine);
    expect(action?.latestExecution?.summary).toBe(
      'Build terminated with state: FAILED. Phase: PRE_BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: test -f missing.txt. Reason: exit status 1',
    );
  });

  it('fails the action when the project does not exist', async () => {
    const { engine, asked } = await world(BUILDSPEC, {});
    const { action } = await buildAction(engine);
    expect(action?.latestExecution).toMatchObject({
      status: 'Failed',
      summary:
        'Error calling startBuild: Project cannot be found: arn:aws:codebuild:us-east-1:123456789012:project/flask-service-build',
    });
    expect(asked).toEqual([]);
  });
});
