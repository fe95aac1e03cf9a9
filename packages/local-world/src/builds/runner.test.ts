import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseBuildspec } from './buildspec';
import { patternToRegExp } from './files';
import { runBuild, startBuild, type RunBuildOptions } from './runner';

jest.setTimeout(60_000);

let dir: string;
let workRoot: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lw-builds-src-'));
  workRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'lw-builds-work-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(workRoot, { recursive: true, force: true });
});

const options = (buildspec: string, extra: Partial<RunBuildOptions> = {}) => ({
  projectName: 'demo-build',
  sourceDir: dir,
  sourceVersion: 'abcdef0123456789abcdef0123456789abcdef01',
  buildspec,
  endpointUrl: 'http://127.0.0.1:1',
  workRoot,
  // A sandbox under the system temp dir shares /tmp; these builds do not use it.
  tmpIsolation: 'none' as const,
  // Nothing here needs Python: no virtualenv (the template test makes one).
  virtualenv: false,
  ...extra,
});

const phaseStatus = (build: { phases: any[] }) =>
  Object.fromEntries(build.phases.map(p => [p.phaseType, p.phaseStatus]));

describe('parseBuildspec', () => {
  it('reads version 0.2 phases, env and artifacts', () => {
    const spec = parseBuildspec(`
version: 0.2
env:
  variables: { A: 1 }
  exported-variables: [A]
phases:
  install:
    runtime-versions: { python: 3.12 }
    on-failure: ABORT
    commands: [echo hi]
artifacts:
  files: [a.json]
  discard-paths: yes
cache:
  paths: [x]
`);
    expect(spec.variables).toEqual({ A: '1' });
    expect(spec.phases.install).toMatchObject({
      commands: ['echo hi'],
      onFailure: 'ABORT',
      runtimeVersions: { python: '3.12' },
    });
    expect(spec.artifacts).toMatchObject({
      files: ['a.json'],
      discardPaths: true,
    });
    expect(spec.ignored).toEqual(['cache']);
  });

  it('rejects other versions and unknown phases', () => {
    expect(() => parseBuildspec('version: 0.1\n')).toThrow(/YAML_FILE_ERROR/);
    expect(() =>
      parseBuildspec('version: 0.2\nphases:\n  deploy: {commands: [x]}\n'),
    ).toThrow(/unknown phase deploy/);
  });

  it('matches artifact patterns as CodeBuild does', () => {
    expect(patternToRegExp('**/*').test('a/b/c.txt')).toBe(true);
    expect(patternToRegExp('taskdef-*.json').test('taskdef-dev.json')).toBe(
      true,
    );
    expect(patternToRegExp('taskdef-*.json').test('x/taskdef-dev.json')).toBe(
      false,
    );
    expect(patternToRegExp('deploy/**/*').test('deploy/a/b.json')).toBe(true);
  });
});

describe('runBuild', () => {
  it('runs the phases in order, keeps shell variables and the directory between phases, and collects artifacts', async () => {
    await fs.mkdir(path.join(dir, 'sub'));
    const logs: string[] = [];
    const build = await runBuild(
      options(
        `
version: 0.2
env:
  variables: { FROM_SPEC: spec, OVERRIDDEN: spec }
  exported-variables: [TAG]
phases:
  install:
    commands:
      - TAG="$(echo "$CODEBUILD_RESOLVED_SOURCE_VERSION" | cut -c1-7)"
      - cd sub
  build:
    commands:
      - echo "tag=$TAG spec=$FROM_SPEC project=$OVERRIDDEN pwd=$(basename "$PWD")"
      - |
        printf '{"tag":"%s"}' "$TAG" > out.json
  post_build:
    commands:
      - echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"
artifacts:
  base-directory: sub
  files: [out.json]
`,
        {
          environmentVariables: { OVERRIDDEN: 'project' },
          onLog: text => logs.push(text),
          logUrlBase: 'http://127.0.0.1:7007/api/local-world/builds',
        },
      ),
    );
    expect(build.buildStatus).toBe('SUCCEEDED');
    expect(build.id).toMatch(/^demo-build:[0-9a-f-]{36}$/);
    expect(build.arn).toBe(
      `arn:aws:codebuild:us-east-1:123456789012:build/${build.id}`,
    );
    expect(build.phases.map(p => p.phaseType)).toEqual([
      'SUBMITTED',
      'QUEUED',
      'PROVISIONING',
      'DOWNLOAD_SOURCE',
      'INSTALL',
      'PRE_BUILD',
      'BUILD',
      'POST_BUILD',
      'UPLOAD_ARTIFACTS',
      'FINALIZING',
      'COMPLETED',
    ]);
    expect(build.currentPhase).toBe('COMPLETED');
    const log = await fs.readFile(build.logFile, 'utf8');
    expect(logs.join('')).toBe(log);
    expect(log).toContain('tag=abcdef0 spec=spec project=project pwd=sub');
    expect(log).toContain('succeeding=1');
    expect(log).toMatch(
      /\[Container\] \d{4}\/\d\d\/\d\d [\d:.]+ Entering phase BUILD/,
    );
    expect(log).toContain(
      'Running command echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"',
    );
    expect(log).toContain('Phase complete: BUILD State: SUCCEEDED');
    expect(build.artifactFiles).toEqual(['out.json']);
    expect(
      JSON.parse(
        await fs.readFile(path.join(build.artifactsDir, 'out.json'), 'utf8'),
      ),
    ).toEqual({ tag: 'abcdef0' });
    expect(build.exportedEnvironmentVariables).toEqual([
      { name: 'TAG', value: 'abcdef0' },
    ]);
    expect(build.logs).toEqual({
      groupName: '/aws/codebuild/demo-build',
      streamName: build.id.split(':')[1],
      deepLink: `http://127.0.0.1:7007/api/local-world/builds/${encodeURIComponent(
        build.id,
      )}/log`,
    });
    // Only the log and the artifacts are kept.
    expect(
      (await fs.readdir(workRoot)).every(d => d.startsWith('output-')),
    ).toBe(true);
  });

  it('runs POST_BUILD and uploads after a failing BUILD, but stops after a failing PRE_BUILD', async () => {
    const build = await runBuild(
      options(`
version: 0.2
phases:
  build:
    commands:
      - echo before
      - "false"
      - echo never
    finally:
      - echo cleanup
  post_build:
    commands:
      - echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"
`),
    );
    expect(build.buildStatus).toBe('FAILED');
    expect(phaseStatus(build)).toMatchObject({
      BUILD: 'FAILED',
      POST_BUILD: 'SUCCEEDED',
      UPLOAD_ARTIFACTS: 'SUCCEEDED',
    });
    const failedPhase = build.phases.find(p => p.phaseType === 'BUILD')!;
    expect(failedPhase.contexts).toEqual([
      {
        statusCode: 'COMMAND_EXECUTION_ERROR',
        message: 'Error while executing command: false. Reason: exit status 1',
      },
    ]);
    const log = await fs.readFile(build.logFile, 'utf8');
    expect(log).toContain(
      'Command did not exit successfully false exit status 1',
    );
    expect(log).not.toContain('never');
    expect(log).toContain('cleanup');
    expect(log).toContain('succeeding=0');

    const early = await runBuild(
      options(`
version: 0.2
phases:
  pre_build:
    commands: ["exit 3"]
  build:
    commands: [echo unreachable]
`),
    );
    expect(early.buildStatus).toBe('FAILED');
    expect(early.phases.map(p => p.phaseType)).toEqual([
      'SUBMITTED',
      'QUEUED',
      'PROVISIONING',
      'DOWNLOAD_SOURCE',
      'INSTALL',
      'PRE_BUILD',
      'FINALIZING',
      'COMPLETED',
    ]);
    expect(await fs.readFile(early.logFile, 'utf8')).not.toContain(
      'Running command echo unreachable',
    );
  });

  it('on-failure: CONTINUE goes on to the next phase, ABORT on BUILD skips POST_BUILD and the upload', async () => {
    const continued = await runBuild(
      options(`
version: 0.2
phases:
  install:
    on-failure: CONTINUE
    commands: ["false"]
  pre_build:
    commands: [echo went on]
`),
    );
    expect(continued.buildStatus).toBe('FAILED');
    expect(phaseStatus(continued)).toMatchObject({
      INSTALL: 'FAILED',
      PRE_BUILD: 'SUCCEEDED',
    });
    expect(await fs.readFile(continued.logFile, 'utf8')).toContain('went on');

    const aborted = await runBuild(
      options(`
version: 0.2
phases:
  build:
    on-failure: ABORT
    commands: ["false"]
  post_build:
    commands: [echo never]
`),
    );
    expect(aborted.phases.map(p => p.phaseType).slice(-4)).toEqual([
      'PRE_BUILD',
      'BUILD',
      'FINALIZING',
      'COMPLETED',
    ]);
  });

  it('fails DOWNLOAD_SOURCE on a bad buildspec and UPLOAD_ARTIFACTS on a missing artifact', async () => {
    const bad = await runBuild(options('version: 0.2\nphases: {deploy: {}}\n'));
    expect(bad.buildStatus).toBe('FAILED');
    expect(phaseStatus(bad).DOWNLOAD_SOURCE).toBe('FAILED');
    expect(
      bad.phases.find(p => p.phaseType === 'DOWNLOAD_SOURCE')!.contexts![0],
    ).toMatchObject({ statusCode: 'YAML_FILE_ERROR' });

    const missing = await runBuild(
      options(
        'version: 0.2\nphases: {build: {commands: [echo]}}\nartifacts: {files: [nothing.json]}\n',
      ),
    );
    expect(missing.buildStatus).toBe('FAILED');
    expect(
      missing.phases.find(p => p.phaseType === 'UPLOAD_ARTIFACTS')!.contexts,
    ).toEqual([
      {
        statusCode: 'CLIENT_ERROR',
        message: 'no matching artifact paths found: nothing.json',
      },
    ]);
  });

  it('times out: kills the process group, TIMED_OUT with a clear message', async () => {
    const started = Date.now();
    const build = await runBuild(
      options(
        `
version: 0.2
phases:
  build:
    commands:
      - (sleep 2; echo orphan > "$CODEBUILD_SRC_DIR/../orphan") &
      - sleep 30
  post_build:
    commands: [echo after]
`,
        { timeoutMs: 1500, keepSandbox: true },
      ),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(build.buildStatus).toBe('TIMED_OUT');
    const phase = build.phases.find(p => p.phaseType === 'BUILD')!;
    expect(phase.phaseStatus).toBe('TIMED_OUT');
    expect(phase.contexts![0].statusCode).toBe('BUILD_TIMED_OUT');
    expect(phase.contexts![0].message).toMatch(/Build has timed out/);
    expect(build.phases.map(p => p.phaseType)).not.toContain('POST_BUILD');
    expect(build.endTime).toBeDefined();
    // The whole process group was killed: the background job never wrote.
    await new Promise(resolve => setTimeout(resolve, 2500));
    const sandbox = path.join(workRoot, `build-${build.id.split(':')[1]}`);
    await expect(fs.stat(path.join(sandbox, 'orphan'))).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('tells an observer of each phase as it completes, first of those completed before it subscribed', async () => {
    const handle = startBuild(
      options('version: 0.2\nphases: {build: {commands: ["false"]}}\n'),
    );
    const told: string[] = [];
    handle.onPhaseEnd((phase, build) =>
      told.push(
        `${phase.phaseType} ${phase.phaseStatus} ${build.currentPhase}`,
      ),
    );
    await handle.done;
    expect(told).toEqual([
      // Completed before onPhaseEnd was called: told then, the build in PROVISIONING.
      'SUBMITTED SUCCEEDED PROVISIONING',
      'QUEUED SUCCEEDED PROVISIONING',
      'PROVISIONING SUCCEEDED PROVISIONING',
      'DOWNLOAD_SOURCE SUCCEEDED DOWNLOAD_SOURCE',
      'INSTALL SUCCEEDED INSTALL',
      'PRE_BUILD SUCCEEDED PRE_BUILD',
      'BUILD FAILED BUILD',
      'POST_BUILD SUCCEEDED POST_BUILD',
      'UPLOAD_ARTIFACTS SUCCEEDED UPLOAD_ARTIFACTS',
      'FINALIZING SUCCEEDED FINALIZING',
    ]);
  });

  it('shows an in-progress build and stops it', async () => {
    const handle = startBuild(
      options('version: 0.2\nphases: {build: {commands: [sleep 30]}}\n'),
    );
    for (let i = 0; i < 100; i++) {
      if (handle.snapshot().currentPhase === 'BUILD') break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    const running = handle.snapshot();
    expect(running.buildStatus).toBe('IN_PROGRESS');
    expect(running.currentPhase).toBe('BUILD');
    expect(running.phases.at(-1)!.phaseStatus).toBeUndefined();
    handle.stop();
    const build = await handle.done;
    expect(build.buildStatus).toBe('STOPPED');
    expect(build.phases.find(p => p.phaseType === 'BUILD')!.phaseStatus).toBe(
      'STOPPED',
    );
  });
});
