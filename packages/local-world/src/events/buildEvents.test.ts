import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { resourceChangeOf } from '../../../../plugins/codepipeline-backend/src/events/awsChangeEvents';
import { startBuild } from '../builds/runner';
import { buildEvents } from './buildEvents';
import type { AwsEvent } from './emitter';
import { delivered } from './testing';

jest.setTimeout(60_000);

const PROD_ACCOUNT = '210987654321';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lw-build-events-'));
  await fs.mkdir(path.join(dir, 'src'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Runs a real (tiny) build of a pipeline in eu-west-1 of the prod account; the events it told. */
async function eventsOfBuild(buildspec: string): Promise<AwsEvent[]> {
  const sent: AwsEvent[] = [];
  const handle = startBuild({
    projectName: 'web-build',
    sourceDir: path.join(dir, 'src'),
    sourceVersion: 'abcdef0123456789abcdef0123456789abcdef01',
    buildspec,
    endpointUrl: 'http://127.0.0.1:1',
    region: 'eu-west-1',
    accountId: PROD_ACCOUNT,
    workRoot: path.join(dir, 'work'),
    tmpIsolation: 'none',
    virtualenv: false,
    initiator: 'codepipeline/web-pipeline',
  });
  buildEvents({ emit: event => sent.push(event) })(handle);
  await handle.done;
  return sent;
}

/** "<state>" of a state change, "<phase> <status>" of a phase change. */
const summary = ({ detail }: AwsEvent) =>
  detail['build-status'] ??
  `${detail['completed-phase']} ${detail['completed-phase-status']}`;

describe('buildEvents', () => {
  it('tells each completed phase between IN_PROGRESS and the end: after a failing BUILD, POST_BUILD, the upload and FINALIZING still complete', async () => {
    const sent = await eventsOfBuild(
      'version: 0.2\nphases:\n  build:\n    commands: ["false"]\n  post_build:\n    commands: [echo after]\n',
    );
    expect(sent.map(summary)).toEqual([
      'IN_PROGRESS',
      'SUBMITTED SUCCEEDED',
      'QUEUED SUCCEEDED',
      'PROVISIONING SUCCEEDED',
      'DOWNLOAD_SOURCE SUCCEEDED',
      'INSTALL SUCCEEDED',
      'PRE_BUILD SUCCEEDED',
      'BUILD FAILED',
      'POST_BUILD SUCCEEDED',
      'UPLOAD_ARTIFACTS SUCCEEDED',
      'FINALIZING SUCCEEDED',
      'FAILED',
    ]);
    const [inProgress] = sent;
    const failedBuild = sent.find(
      e => e.detail['completed-phase-status'] === 'FAILED',
    )!;
    expect(failedBuild).toMatchObject({
      place: { accountId: PROD_ACCOUNT, region: 'eu-west-1' },
      source: 'aws.codebuild',
      detailType: 'CodeBuild Build Phase Change',
      resources: inProgress.resources,
      detail: {
        'completed-phase': 'BUILD',
        'completed-phase-status': 'FAILED',
        'completed-phase-duration-seconds': expect.any(Number),
        'completed-phase-start': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        'completed-phase-end': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        'completed-phase-context':
          '[COMMAND_EXECUTION_ERROR: Error while executing command: false. Reason: exit status 1]',
        'project-name': 'web-build',
        'build-id': inProgress.resources[0],
        version: '1',
        'additional-information': {
          initiator: 'codepipeline/web-pipeline',
          'build-complete': false,
        },
      },
    });
    expect(sent[1].detail['completed-phase-context']).toBe('[]');
    for (const event of sent) {
      expect(resourceChangeOf(JSON.stringify(delivered(event)))).toEqual({
        kind: 'pipeline',
        arn: `arn:aws:codepipeline:eu-west-1:${PROD_ACCOUNT}:web-pipeline`,
      });
    }
  });

  it('goes from a failing PRE_BUILD to FINALIZING, as CodeBuild ends the build there', async () => {
    const sent = await eventsOfBuild(
      'version: 0.2\nphases:\n  pre_build:\n    commands: ["exit 3"]\n  build:\n    commands: [echo unreachable]\n',
    );
    expect(sent.map(summary).slice(-4)).toEqual([
      'INSTALL SUCCEEDED',
      'PRE_BUILD FAILED',
      'FINALIZING SUCCEEDED',
      'FAILED',
    ]);
  });
});
