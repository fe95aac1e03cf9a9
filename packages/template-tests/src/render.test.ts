import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { listFiles, renderSkeleton } from './__testUtils__/render';
import { createVenv, runPytest } from './__testUtils__/python';
import { Moto, platformPy, run, startMoto } from './__testUtils__/processes';
import {
  actionOutputs,
  skeletonValues,
  variants,
} from './__testUtils__/variants';

/**
 * Renders the skeleton with the real fetch:template for every strategy and a
 * few edge cases, and proves each rendered repository works: its tests pass
 * in a fresh virtualenv, every YAML/JSON file parses, the build produces what
 * the pipeline's deploy actions read, the Dockerfile is production-shaped,
 * and ECS (moto_server) accepts the task definition of every environment.
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

const DEFAULT_BASE_IMAGE = 'public.ecr.aws/docker/library/python:3.12-slim';

describe.each(variants)(
  'the skeleton rendered for $title',
  ({ form, routing }) => {
    const values = skeletonValues(form, routing);
    const outputs = actionOutputs(form, routing);
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
        'gunicorn.conf.py',
        'pyproject.toml',
        'requirements-dev.txt',
        'requirements.txt',
        'tests/__init__.py',
        'tests/conftest.py',
        'tests/test_api.py',
        'tests/test_base_path.py',
        'tests/test_config.py',
        'tests/test_health.py',
        'tests/test_logging.py',
        'wsgi.py',
        // Rolling: the task definitions live in ECS (README); no file pretends
        // to control them. Blue/green: one template, rendered per environment.
        ...(blueGreen
          ? [
              'appspec.yaml',
              'deploy/environments.json',
              'deploy/render_taskdefs.py',
              'deploy/test_render_taskdefs.py',
              'taskdef.json',
            ]
          : []),
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
      // 12 for the app, 4 behind a path prefix (gunicorn with SCRIPT_NAME), and
      // for blue/green the task definition renderer's own.
      expect(result.tests).toBeGreaterThanOrEqual(blueGreen ? 25 : 16);
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
      // the Deploy stages: ECS FileName, or CodeDeployToECS's template paths
      // (taskdef-<env>.json per environment) and Image1 artifact (imageDetail.json).
      const written = commands.slice(push + 1).join('\n');
      const taskdefs = form.environments.map(env => `taskdef-${env}.json`);
      const expected = blueGreen
        ? {
            artifacts: ['imageDetail.json', ...taskdefs, 'appspec.yaml'],
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

      // The task definitions are rendered after the tests and before anything
      // is built, by the repository's own script; every other artifact is
      // written by the build or taken from the repository as it is.
      const renders = preBuild.commands.findIndex((c: string) =>
        c.includes('deploy/render_taskdefs.py'),
      );
      expect(renders).toBe(blueGreen ? 2 : -1);
      const out = path.join(root, `${form.name}-artifacts`);
      await fs.mkdir(out, { recursive: true });
      if (blueGreen) {
        await run('python3', ['deploy/render_taskdefs.py', '--out-dir', out], {
          cwd: dir,
        });
      }
      expect((await fs.readdir(out)).sort()).toEqual(
        blueGreen ? [...taskdefs].sort() : [],
      );
      expect(
        expected.artifacts.filter(
          f =>
            !written.includes(`> ${f}`) &&
            !files.includes(f) &&
            !taskdefs.includes(f),
        ),
      ).toEqual([]);
    });

    it('builds on the base image the build project passes, from ECR Public by default', async () => {
      const buildspec = parseYaml(await read(dir, 'buildspec.yml'));
      // Project variables take precedence over the buildspec's: this is only
      // the default for a project without BASE_IMAGE.
      expect(buildspec.env.variables.BASE_IMAGE).toBe(DEFAULT_BASE_IMAGE);
      const dockerBuild = buildspec.phases.build.commands.find((c: string) =>
        c.startsWith('docker build'),
      );
      expect(dockerBuild).toContain('--build-arg BASE_IMAGE="$BASE_IMAGE"');

      const dockerfile = await read(dir, 'Dockerfile');
      const steps = dockerInstructions(dockerfile);
      const firstFrom = steps.findIndex(s => s.keyword === 'FROM');
      expect(steps.slice(0, firstFrom)).toContainEqual({
        keyword: 'ARG',
        args: `BASE_IMAGE=${DEFAULT_BASE_IMAGE}`,
      });
      const from = steps.filter(s => s.keyword === 'FROM');
      for (const stage of from)
        expect(stage.args).toMatch(/^\$\{BASE_IMAGE\} AS /);
      // Nothing is pulled anonymously from Docker Hub.
      expect(dockerfile).not.toMatch(/docker\.io|FROM python:/);
    });

    it('has a multi-stage, non-root Dockerfile with a health check and gunicorn', async () => {
      const steps = dockerInstructions(await read(dir, 'Dockerfile'));
      const from = steps.filter(s => s.keyword === 'FROM');
      expect(from.length).toBeGreaterThanOrEqual(2);
      expect(
        steps.some(s => s.keyword === 'COPY' && /--from=build/.test(s.args)),
      ).toBe(true);
      const finalStage = steps.slice(steps.lastIndexOf(from[from.length - 1]));
      const user = finalStage.filter(s => s.keyword === 'USER');
      expect(user).toHaveLength(1);
      expect(user[0].args).not.toMatch(/^(root|0)(:|$)/);
      const health = finalStage.find(s => s.keyword === 'HEALTHCHECK');
      expect(health?.args).toContain(
        `os.environ.get('SCRIPT_NAME', '') + '/health'`,
      );
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
      expect(ignored).toEqual(
        expect.arrayContaining(['.git', 'tests', '.venv']),
      );
    });

    it('renders one task definition per environment (blue/green) or says where it lives (rolling)', async () => {
      const readme = await read(dir, 'README.md');
      for (const env of form.environments) {
        expect(readme).toContain(
          `task definition family \`${form.name}-${env}\``,
        );
      }
      expect(readme).toContain(
        blueGreen ? 'taskdef-<environment>.json' : 'imagedefinitions.json',
      );
      const out = path.join(root, `${form.name}-taskdefs`);
      await fs.mkdir(out, { recursive: true });
      if (blueGreen) {
        await run('python3', ['deploy/render_taskdefs.py', '--out-dir', out], {
          cwd: dir,
        });
      }
      expect((await fs.readdir(out)).sort()).toEqual(
        (blueGreen ? form.environments : [])
          .map(env => `taskdef-${env}.json`)
          .sort(),
      );
      const rendered = blueGreen ? form.environments : [];
      const families = new Set<string>();
      for (const [i, env] of rendered.entries()) {
        const taskdef = JSON.parse(
          await fs.readFile(path.join(out, `taskdef-${env}.json`), 'utf8'),
        );
        families.add(taskdef.family);
        expect(taskdef).toMatchObject({
          family: `${form.name}-${env}`,
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
              'awslogs-group': outputs.logGroups[i],
              'awslogs-region': 'us-east-1',
            },
          },
        });
        // gunicorn serves the app under the base path; without one, no SCRIPT_NAME.
        expect(
          container.environment.filter((e: any) => e.name === 'SCRIPT_NAME'),
        ).toEqual(
          outputs.basePaths[i]
            ? [{ name: 'SCRIPT_NAME', value: outputs.basePaths[i] }]
            : [],
        );
        expect(container.healthCheck.command[1]).toContain(
          `'http://localhost:${form.port}${outputs.basePaths[i]}/health'`,
        );
        expect(JSON.stringify(taskdef).match(/<[A-Z0-9_]+>/g)).toEqual([
          '<IMAGE1_NAME>',
        ]);
      }
      expect(families.size).toBe(rendered.length);

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

      // ECS (moto_server) registers each with the image in place of <IMAGE1_NAME>.
      const image = `${outputs.repositoryUri}:abc1234`;
      for (const env of rendered) {
        const registered = await platformPy(
          moto,
          'register-task-definition',
          path.join(out, `taskdef-${env}.json`),
          image,
        );
        expect(registered).toMatchObject({
          family: `${form.name}-${env}`,
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
      }
    });

    it('explains the first run, the URLs, the alerts and the base image, with no manual step', async () => {
      const readme = await read(dir, 'README.md');
      expect(readme).not.toMatch(
        /Going live|--desired-count|scale .* by hand/i,
      );
      expect(readme).toContain('The first run starts the service');
      expect(readme).toContain('Start-tasks');
      for (const url of outputs.urls) expect(readme).toContain(url);
      expect(readme).toContain(outputs.alertTopicArn);
      expect(readme).toMatch(/confirmation e-mail/);
      expect(readme).toContain('BASE_IMAGE');
    });

    it('describes an entity with the owner, system, both ARN annotations and a link per environment', async () => {
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
      expect(entity.metadata.links).toEqual([
        { url: `https://github.com/acme/${form.name}`, title: 'Repository' },
        ...form.environments.map((env, i) => ({
          url: outputs.urls[i],
          title: `${env}: ${outputs.urls[i]}`,
          icon: 'web',
        })),
      ]);
    });
  },
);
