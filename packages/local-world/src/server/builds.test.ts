import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  BatchGetBuildsCommand,
  CodeBuildClient,
  ListProjectsCommand,
} from '@aws-sdk/client-codebuild';
import {
  CodePipelineClient,
  GetPipelineStateCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { codeBuildRunner, upstreamProjects } from '../builds/pipelineRunner';
import type { RunBuildOptions } from '../builds/runner';
import { BuildStore } from '../builds/store';
import { buildLogRoute } from './buildLogs';
import {
  codeStarSourceRunner,
  delayRunner,
  manualApprovalRunner,
} from '../pipelines/runners';
import { flaskServicePipeline } from '../testing/fixtures';
import { startLocalWorldServer, type LocalWorldServer } from './handler';

jest.setTimeout(60_000);

const PIPELINE = 'flask-service';
const COMMIT = 'd'.repeat(40);

/** Stands in for moto: GetPipeline, CodeBuild BatchGetProjects and ListProjects. */
async function fakeMoto() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      // moto routes JSON 1.1 calls by the credential scope's service.
      const service = /\/([a-z]+)\/aws4_request/.exec(
        String(req.headers.authorization),
      )?.[1];
      seen.push(`${service} ${target}`);
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target === 'CodePipeline_20150709.GetPipeline') {
        res.end(
          JSON.stringify({
            pipeline: flaskServicePipeline,
            metadata: {
              pipelineArn: `arn:aws:codepipeline:us-east-1:123456789012:${PIPELINE}`,
              created: '2025-12-01T00:00:00+00:00',
              updated: '2025-12-01T00:00:00+00:00',
            },
          }),
        );
      } else if (target === 'CodeBuild_20161006.BatchGetProjects') {
        res.end(
          JSON.stringify({
            projects: body.names
              .filter((name: string) => name === 'flask-service-build')
              .map((name: string) => ({
                name,
                source: { type: 'CODEPIPELINE', buildspec: 'ci/buildspec.yml' },
                environment: {
                  environmentVariables: [
                    { name: 'GREETING', value: 'from moto', type: 'PLAINTEXT' },
                  ],
                },
                timeoutInMinutes: 5,
              })),
            projectsNotFound: [],
          }),
        );
      } else if (target === 'CodeBuild_20161006.ListProjects') {
        res.end(JSON.stringify({ projects: ['flask-service-build'] }));
      } else {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'UnknownOperationException' }));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, seen };
}

describe('the local world server and CodeBuild', () => {
  let moto: Awaited<ReturnType<typeof fakeMoto>>;
  let world: LocalWorldServer;
  let repo: string;
  let workRoot: string;
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

  beforeEach(async () => {
    repo = await fs.mkdtemp(path.join(os.tmpdir(), 'lw-server-src-'));
    workRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'lw-server-work-'));
    await fs.mkdir(path.join(repo, 'ci'));
    await fs.writeFile(
      path.join(repo, 'ci', 'buildspec.yml'),
      'version: 0.2\nphases:\n  build:\n    commands:\n      - echo "$GREETING"\n',
    );
    moto = await fakeMoto();
    const builds = new BuildStore();
    const buildOptions: Partial<RunBuildOptions> = {
      workRoot,
      tmpIsolation: 'none',
      virtualenv: false,
    };
    world = await startLocalWorldServer({
      upstream: moto.url,
      builds,
      routes: [buildLogRoute(builds)],
      runners: {
        byProvider: {
          'Source/AWS/CodeStarSourceConnection': codeStarSourceRunner(),
          'Approval/AWS/Manual': manualApprovalRunner,
          'Build/AWS/CodeBuild': codeBuildRunner({
            sourceFor: async () => repo,
            projects: upstreamProjects(moto.url),
            endpointUrl: 'http://127.0.0.1:1',
            builds,
            buildOptions,
          }),
        },
        fallback: delayRunner(60_000),
      },
    });
    // The world's port is known once it listens; builds read their options when they start.
    buildOptions.logUrlBase = `${world.url}/builds`;
  });

  afterEach(async () => {
    await world.close();
    await new Promise(resolve => moto.server.close(resolve));
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(workRoot, { recursive: true, force: true });
  });

  it('runs a pipeline build and answers BatchGetBuilds for it through the SDK', async () => {
    const pipelines = new CodePipelineClient({
      endpoint: world.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    const codebuild = new CodeBuildClient({
      endpoint: world.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    try {
      await pipelines.send(
        new StartPipelineExecutionCommand({
          name: PIPELINE,
          sourceRevisions: [
            {
              actionName: 'Source',
              revisionType: 'COMMIT_ID',
              revisionValue: COMMIT,
            },
          ],
        }),
      );
      let build;
      for (;;) {
        const state = await pipelines.send(
          new GetPipelineStateCommand({ name: PIPELINE }),
        );
        build = state.stageStates?.[1]?.actionStates?.[0]?.latestExecution;
        if (build?.status && build.status !== 'InProgress') break;
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      expect(build.status).toBe('Succeeded');
      const id = build.externalExecutionId!;
      expect(id).toMatch(/^flask-service-build:/);

      const answer = await codebuild.send(
        new BatchGetBuildsCommand({ ids: [id, 'flask-service-build:nope'] }),
      );
      expect(answer.buildsNotFound).toEqual(['flask-service-build:nope']);
      expect(answer.builds).toHaveLength(1);
      const [found] = answer.builds!;
      expect(found).toMatchObject({
        id,
        projectName: 'flask-service-build',
        buildStatus: 'SUCCEEDED',
        buildComplete: true,
        currentPhase: 'COMPLETED',
        sourceVersion: COMMIT,
        timeoutInMinutes: 5,
        startTime: expect.any(Date),
        endTime: expect.any(Date),
        logs: { deepLink: build.externalExecutionUrl },
        environment: {
          environmentVariables: [
            { name: 'GREETING', value: 'from moto', type: 'PLAINTEXT' },
          ],
        },
      });
      expect(found.startTime!.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(found.phases?.map(p => p.phaseType)).toContain('BUILD');
      expect(found.phases?.[0]?.startTime).toEqual(expect.any(Date));
      // The log the portal links to opens in a browser.
      expect(found.logs?.deepLink).toBe(
        `${world.url}/builds/${encodeURIComponent(id)}/log`,
      );
      const log = await fetch(found.logs!.deepLink!);
      expect(log.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await log.text()).toContain('from moto');
      expect(
        (await fetch(`${world.url}/builds/flask-service-build%3Anope/log`))
          .status,
      ).toBe(404);

      // Other CodeBuild calls go to moto.
      expect(
        (await codebuild.send(new ListProjectsCommand({}))).projects,
      ).toEqual(['flask-service-build']);
      expect(moto.seen).toContain(
        'codebuild CodeBuild_20161006.BatchGetProjects',
      );
      expect(moto.seen).toContain('codebuild CodeBuild_20161006.ListProjects');
      expect(moto.seen.join()).not.toContain('BatchGetBuilds');

      await expect(
        codebuild.send(new BatchGetBuildsCommand({ ids: [] })),
      ).rejects.toMatchObject({ name: 'InvalidInputException' });
    } finally {
      pipelines.destroy();
      codebuild.destroy();
    }
  });
});
