import fs from 'node:fs/promises';
import path from 'node:path';
import { startMotoServer } from '../testing/moto';
import { runBuild, type RunBuildOptions } from './runner';
import { defaultWorkRoot } from './sandbox';
import { defaultForm, renderSkeleton, skeletonValues } from '../testing';

/**
 * The Flask template's real buildspec, run by the local world's CodeBuild
 * against moto_server: pip installs from this machine's index, pytest runs
 * for real, and `docker push` registers the commit's image in moto's ECR.
 */

jest.setTimeout(300_000);

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const TAG = COMMIT.slice(0, 7);

let moto: { url: string; stop(): Promise<void> };
let root: string;

async function ecr(target: string, body: object) {
  const response = await fetch(moto.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerRegistry_V20150921.${target}`,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/${REGION}/ecr/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${target}: ${JSON.stringify(json)}`);
  return json;
}

const imageTags = async (repositoryName: string): Promise<string[]> =>
  (await ecr('DescribeImages', { repositoryName })).imageDetails.flatMap(
    (image: { imageTags?: string[] }) => image.imageTags ?? [],
  );

/** The environment slipway:codebuild:create-project gives the build project. */
function projectEnvironment(name: string, strategy: string) {
  return {
    AWS_ACCOUNT_ID: ACCOUNT,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    REPOSITORY_URI: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}`,
    CONTAINER_NAME: name,
    DEPLOY_STRATEGY: strategy,
    BASE_IMAGE: 'public.ecr.aws/docker/library/python:3.12-slim',
  };
}

async function render(
  name: string,
  strategy: 'rolling' | 'blue-green',
): Promise<string> {
  const dir = path.join(root, 'repos', name);
  await renderSkeleton(
    dir,
    skeletonValues({
      ...defaultForm,
      name,
      strategy,
      repoUrl: `github.com?owner=acme&repo=${name}`,
    }),
  );
  await ecr('CreateRepository', {
    repositoryName: name,
    imageTagMutability: 'IMMUTABLE',
  });
  return dir;
}

const buildOptions = (
  name: string,
  sourceDir: string,
  strategy: string,
): RunBuildOptions => ({
  projectName: `${name}-build`,
  sourceDir,
  sourceVersion: COMMIT,
  endpointUrl: moto.url,
  region: REGION,
  accountId: ACCOUNT,
  environmentVariables: projectEnvironment(name, strategy),
  logGroupName: `/slipway/${name}/codebuild`,
  workRoot: path.join(root, 'work'),
  timeoutMs: 240_000,
});

beforeAll(async () => {
  moto = await startMotoServer();
  // Outside /tmp, so each build gets a private /tmp where the machine allows it.
  await fs.mkdir(defaultWorkRoot(), { recursive: true });
  root = await fs.mkdtemp(path.join(defaultWorkRoot(), 'template-test-'));
});

afterAll(async () => {
  await moto?.stop();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

const phase = (build: { phases: any[] }, type: string) =>
  build.phases.find(p => p.phaseType === type);

it('builds the blue/green service: tests pass, the image is in the emulated ECR, the deploy files are artifacts', async () => {
  const name = 'orders-api';
  const dir = await render(name, 'blue-green');
  const build = await runBuild(buildOptions(name, dir, 'blue-green'));
  const log = await fs.readFile(build.logFile, 'utf8');
  if (build.buildStatus !== 'SUCCEEDED') throw new Error(log);

  expect(build.phases.map(p => [p.phaseType, p.phaseStatus])).toEqual([
    ['SUBMITTED', 'SUCCEEDED'],
    ['QUEUED', 'SUCCEEDED'],
    ['PROVISIONING', 'SUCCEEDED'],
    ['DOWNLOAD_SOURCE', 'SUCCEEDED'],
    ['INSTALL', 'SUCCEEDED'],
    ['PRE_BUILD', 'SUCCEEDED'],
    ['BUILD', 'SUCCEEDED'],
    ['POST_BUILD', 'SUCCEEDED'],
    ['UPLOAD_ARTIFACTS', 'SUCCEEDED'],
    ['FINALIZING', 'SUCCEEDED'],
    ['COMPLETED', undefined],
  ]);
  expect(log).toContain('runtime-versions (python 3.12) ignored');
  expect(log).toMatch(/Running command \/tmp\/venv\/bin\/python -m pytest/);
  expect(log).toMatch(/=+ \d+ passed/);
  expect(log).toContain(
    `(local world) no Docker engine: registered ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:${TAG} in the emulated ECR instead of pushing an image`,
  );
  expect(await imageTags(name)).toEqual([TAG]);
  expect(build.images).toEqual([
    expect.objectContaining({ repositoryName: name, tag: TAG }),
  ]);
  expect(build.images[0].digest).toMatch(/^sha256:[0-9a-f]{64}$/);

  expect(build.artifactFiles).toEqual([
    'appspec.yaml',
    'imageDetail.json',
    'taskdef-dev.json',
    'taskdef-prod.json',
  ]);
  expect(
    JSON.parse(
      await fs.readFile(
        path.join(build.artifactsDir, 'imageDetail.json'),
        'utf8',
      ),
    ),
  ).toEqual({
    ImageURI: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:${TAG}`,
  });
  expect(build.logs.groupName).toBe(`/slipway/${name}/codebuild`);
});

it('fails the build at the failing unit test with pytest output in the log, and registers no image', async () => {
  const name = 'stock-api';
  const dir = await render(name, 'rolling');
  await fs.appendFile(
    path.join(dir, 'tests', 'test_health.py'),
    '\n\ndef test_broken_on_purpose():\n    assert 1 + 1 == 3, "broken on purpose"\n',
  );
  const build = await runBuild(buildOptions(name, dir, 'rolling'));
  const log = await fs.readFile(build.logFile, 'utf8');

  expect(build.buildStatus).toBe('FAILED');
  // The template's pre_build runs the tests (on-failure: ABORT): nothing is built after it.
  expect(phase(build, 'PRE_BUILD').phaseStatus).toBe('FAILED');
  expect(phase(build, 'PRE_BUILD').contexts[0]).toEqual({
    statusCode: 'COMMAND_EXECUTION_ERROR',
    message: expect.stringMatching(
      /^Error while executing command: \/tmp\/venv\/bin\/python -m pytest .*\. Reason: exit status 1$/,
    ),
  });
  expect(phase(build, 'BUILD')).toBeUndefined();
  expect(phase(build, 'UPLOAD_ARTIFACTS')).toBeUndefined();
  expect(log).toContain('test_broken_on_purpose');
  expect(log).toContain('broken on purpose');
  expect(log).toMatch(/=+ 1 failed, \d+ passed/);
  expect(log).toContain('Phase complete: PRE_BUILD State: FAILED');
  expect(log).not.toContain('registered');
  expect(await imageTags(name)).toEqual([]);
  expect(build.images).toEqual([]);
  expect(build.artifactFiles).toEqual([]);
});

it('the docker shim: a rebuild of the same commit pushes again without error; unknown images and repositories fail plainly', async () => {
  const name = 'shim-api';
  await ecr('CreateRepository', {
    repositoryName: name,
    imageTagMutability: 'IMMUTABLE',
  });
  const dir = path.join(root, 'repos', name);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  const uri = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}`;
  const tiny = (commands: string[]) => ({
    ...buildOptions(name, dir, 'rolling'),
    virtualenv: false,
    buildspec: `version: 0.2\nphases:\n  build:\n    commands:\n${commands
      .map(c => `      - ${JSON.stringify(c)}\n`)
      .join('')}`,
  });
  const push = [`docker build -t ${uri}:v1 .`, `docker push ${uri}:v1`];
  const first = await runBuild(tiny(push));
  const second = await runBuild(tiny(push));
  expect([first.buildStatus, second.buildStatus]).toEqual([
    'SUCCEEDED',
    'SUCCEEDED',
  ]);
  expect(second.images[0].digest).toBe(first.images[0].digest);
  expect(await imageTags(name)).toEqual(['v1']);

  const unbuilt = await runBuild(tiny([`docker push ${uri}:v2`]));
  expect(unbuilt.buildStatus).toBe('FAILED');
  expect(await fs.readFile(unbuilt.logFile, 'utf8')).toContain(
    `An image does not exist locally with the tag: ${uri}:v2`,
  );

  const noRepo = await runBuild(
    tiny([
      `docker build -t ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/missing:v1 .`,
      `docker push ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/missing:v1`,
    ]),
  );
  expect(noRepo.buildStatus).toBe('FAILED');
  expect(await fs.readFile(noRepo.logFile, 'utf8')).toMatch(
    /\(local world\) docker: PutImage .*missing:v1 failed/,
  );
});
