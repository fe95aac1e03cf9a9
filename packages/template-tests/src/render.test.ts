import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { listFiles, renderSkeleton } from './__testUtils__/render';
import { createVenv, runPytest } from './__testUtils__/python';
import { Moto, platformPy, startMoto } from './__testUtils__/processes';
import {
  actionOutputs,
  skeletonValues,
  variants,
} from './__testUtils__/variants';

/**
 * Renders the skeleton with the real fetch:template for every strategy and a
 * few edge cases, and proves each rendered repository works: its tests pass
 * in a fresh virtualenv, every YAML/JSON file parses, the build produces what
 * the pipeline's deploy action reads, the Dockerfile is production-shaped,
 * and ECS (moto_server) accepts its task definition.
 */

jest.setTimeout(240_000);

let root: string;
let moto: Moto;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-render-'));
  moto = await startMoto();
});

afterAll(async () => {
  await moto?.stop();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

const read = (dir: string, file: string) =>
  fs.readFile(path.join(dir, file), 'utf8');

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function dockerInstructions(text: string) {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

describe.each(variants)('the skeleton rendered for $title', ({ form }) => {
  const values = skeletonValues(form);
  const outputs = actionOutputs(form);
  const blueGreen = form.strategy !== 'rolling';
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    dir = path.join(root, form.name);
    await renderSkeleton(dir, values);
    files = await listFiles(dir);
  });

  it('contains the service, its tests and its delivery files', () => {
    const expected = [
      '.dockerignore',
      '.gitignore',
      'Dockerfile',
      'README.md',
      'app/__init__.py',
      'app/api.py',
      'app/config.py',
      'app/errors.py',
      'app/health.py',
      'app/logging_config.py',
      'buildspec.yml',
      'catalog-info.yaml',
      'ecs-service.json',
      'gunicorn.conf.py',
      'pyproject.toml',
      'requirements-dev.txt',
      'requirements.txt',
      'taskdef.json',
      'tests/__init__.py',
      'tests/conftest.py',
      'tests/test_api.py',
      'tests/test_config.py',
      'tests/test_health.py',
      'tests/test_logging.py',
      'wsgi.py',
      ...(blueGreen ? ['appspec.yaml'] : []),
    ].sort();
    expect(files).toEqual(expected);
  });

  it('leaves no template syntax behind', async () => {
    for (const file of files) {
      const text = await read(dir, file);
      expect({ file, leftover: /\$\{\{|\{%|%\}/.test(text) }).toEqual({
        file,
        leftover: false,
      });
    }
  });

  it('passes its own pytest suite in a fresh virtualenv with the pinned requirements', async () => {
    const requirements = await read(dir, 'requirements.txt');
    const pins = requirements
      .split('\n')
      .filter(line => line.trim() && !line.startsWith('#'));
    expect(
      pins.filter(line => !/^[A-Za-z0-9._-]+==\d[^\s]*$/.test(line)),
    ).toEqual([]);
    const python = await createVenv(dir);
    const result = await runPytest(dir, python);
    expect(result).toMatchObject({ failures: 0, errors: 0, skipped: 0 });
    expect(result.tests).toBeGreaterThanOrEqual(12);
  });

  it('parses every YAML and JSON file', async () => {
    const problems: string[] = [];
    for (const file of files.filter(f => /\.(ya?ml|json)$/.test(f))) {
      const text = await read(dir, file);
      if (file.endsWith('.json')) {
        try {
          JSON.parse(text);
        } catch (error) {
          problems.push(`${file}: ${error}`);
        }
      } else {
        for (const document of parseAllDocuments(text)) {
          problems.push(...document.errors.map(e => `${file}: ${e}`));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('builds, tests and writes the artifacts the deploy action reads', async () => {
    const buildspec = parseYaml(await read(dir, 'buildspec.yml'));
    expect(buildspec.version).toBe(0.2);
    expect(Object.keys(buildspec.phases)).toEqual([
      'install',
      'pre_build',
      'build',
    ]);
    const { install, pre_build: preBuild, build } = buildspec.phases;
    expect(install.commands.join('\n')).toContain(
      '-r requirements.txt -r requirements-dev.txt',
    );
    // A failing test aborts the build before anything is built or pushed.
    expect(preBuild['on-failure']).toBe('ABORT');
    expect(build['on-failure']).toBe('ABORT');
    expect(preBuild.commands[1]).toMatch(
      /-m pytest --junitxml=reports\/junit\.xml/,
    );
    expect(preBuild.commands.join('\n')).toMatch(
      /aws ecr get-login-password --region "\$AWS_REGION" \| docker login --username AWS --password-stdin/,
    );
    expect(preBuild.commands.join('\n')).toContain(
      '$CODEBUILD_RESOLVED_SOURCE_VERSION',
    );
    const commands: string[] = build.commands;
    const dockerBuild = commands.findIndex(c => c.startsWith('docker build'));
    const push = commands.findIndex(c => c.startsWith('docker push'));
    expect(dockerBuild).toBeGreaterThanOrEqual(0);
    expect(push).toBeGreaterThan(dockerBuild);
    expect(commands[dockerBuild]).toContain('"$REPOSITORY_URI:$IMAGE_TAG"');
    expect(commands[dockerBuild]).toContain('APP_VERSION="$IMAGE_TAG"');
    expect(buildspec.reports['unit-tests']).toMatchObject({
      files: ['junit.xml'],
      'base-directory': 'reports',
      'file-format': 'JUNITXML',
    });

    // The names plugins/scaffolder-actions/src/pipelineDefinition.ts puts in
    // the Deploy stage: ECS FileName, or CodeDeployToECS's template paths and
    // Image1 artifact (imageDetail.json).
    const written = commands.slice(push + 1).join('\n');
    const expected = blueGreen
      ? {
          artifacts: ['imageDetail.json', 'taskdef.json', 'appspec.yaml'],
          writes:
            /printf '\{"ImageURI":"%s"\}' "\$REPOSITORY_URI:\$IMAGE_TAG" > imageDetail\.json$/,
        }
      : {
          artifacts: ['imagedefinitions.json'],
          writes:
            /printf '\[\{"name":"%s","imageUri":"%s"\}\]' "\$CONTAINER_NAME" "\$REPOSITORY_URI:\$IMAGE_TAG" > imagedefinitions\.json$/,
        };
    expect(buildspec.artifacts.files).toEqual(expected.artifacts);
    expect(written).toMatch(expected.writes);
    // Files taken from the repository as they are must exist in it.
    expect(
      expected.artifacts.filter(
        f => !written.includes(`> ${f}`) && !files.includes(f),
      ),
    ).toEqual([]);
  });

  it('has a multi-stage, non-root Dockerfile with a health check and gunicorn', async () => {
    const steps = dockerInstructions(await read(dir, 'Dockerfile'));
    const from = steps.filter(s => s.keyword === 'FROM');
    expect(from.length).toBeGreaterThanOrEqual(2);
    for (const stage of from) expect(stage.args).toMatch(/^python:3\.11-slim/);
    expect(
      steps.some(s => s.keyword === 'COPY' && /--from=build/.test(s.args)),
    ).toBe(true);
    const finalStage = steps.slice(steps.lastIndexOf(from[from.length - 1]));
    const user = finalStage.filter(s => s.keyword === 'USER');
    expect(user).toHaveLength(1);
    expect(user[0].args).not.toMatch(/^(root|0)(:|$)/);
    const health = finalStage.find(s => s.keyword === 'HEALTHCHECK');
    expect(health?.args).toContain(`/health`);
    expect(health?.args).toContain(String(form.port));
    const cmd = finalStage.find(s => s.keyword === 'CMD');
    expect(JSON.parse(cmd!.args)).toEqual([
      'gunicorn',
      '--config',
      'gunicorn.conf.py',
      'wsgi:app',
    ]);
    expect(finalStage.find(s => s.keyword === 'EXPOSE')?.args).toBe(
      String(form.port),
    );
    const ignored = (await read(dir, '.dockerignore')).split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'tests', '.venv']));
  });

  it('describes the task and services the actions create', async () => {
    const taskdef = JSON.parse(await read(dir, 'taskdef.json'));
    expect(taskdef).toMatchObject({
      family: `${form.name}-${form.environments[0]}`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: form.cpu,
      memory: form.memory,
      executionRoleArn: outputs.executionRoleArn,
    });
    const [container] = taskdef.containerDefinitions;
    expect(container).toMatchObject({
      name: form.name,
      image: '<IMAGE1_NAME>',
      essential: true,
      portMappings: [{ containerPort: form.port, protocol: 'tcp' }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': outputs.logGroups[0],
          'awslogs-region': 'us-east-1',
        },
      },
    });
    expect(container.healthCheck.command[1]).toContain(
      `localhost:${form.port}/health`,
    );

    const { services } = JSON.parse(await read(dir, 'ecs-service.json'));
    expect(services.map((s: any) => s.environment)).toEqual(form.environments);
    for (const [i, service] of services.entries()) {
      expect(service).toMatchObject({
        cluster: outputs.clusters[i],
        serviceName: form.name,
        serviceArn: outputs.serviceArns[i],
        launchType: 'FARGATE',
        deploymentController: { type: blueGreen ? 'CODE_DEPLOY' : 'ECS' },
      });
    }
    const appspec = blueGreen
      ? parseYaml(await read(dir, 'appspec.yaml'))
      : undefined;
    expect(appspec?.Resources[0].TargetService).toEqual(
      blueGreen
        ? {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: '<TASK_DEFINITION>',
              LoadBalancerInfo: {
                ContainerName: form.name,
                ContainerPort: form.port,
              },
            },
          }
        : undefined,
    );
  });

  it('is registered by ECS (moto_server) with the image in place of <IMAGE1_NAME>', async () => {
    const image = `${outputs.repositoryUri}:abc1234`;
    const registered = await platformPy(
      moto,
      'register-task-definition',
      path.join(dir, 'taskdef.json'),
      image,
    );
    expect(registered).toMatchObject({
      family: `${form.name}-${form.environments[0]}`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: form.cpu,
      memory: form.memory,
    });
    expect(registered.taskDefinitionArn).toMatch(
      /^arn:aws:ecs:us-east-1:123456789012:task-definition\//,
    );
    expect(registered.containerDefinitions[0]).toMatchObject({
      name: form.name,
      image,
    });
  });

  it('describes an entity with the owner, system and both ARN annotations', async () => {
    const entity = parseYaml(await read(dir, 'catalog-info.yaml'));
    expect(entity).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: form.name,
        annotations: {
          'github.com/project-slug': `acme/${form.name}`,
          'aws.amazon.com/aws-codepipeline-arn': `arn:aws:codepipeline:us-east-1:123456789012:${form.name}`,
          'aws.amazon.com/amazon-ecs-service-arn':
            outputs.serviceArns.join(','),
        },
      },
      spec: { type: 'service', owner: form.owner },
    });
    expect(entity.metadata.description).toBe(form.description);
    expect(entity.spec.system).toBe(form.system);
  });
});
