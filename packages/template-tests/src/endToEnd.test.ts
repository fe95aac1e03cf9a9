import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import codePipelinePlugin from '@slipway/plugin-codepipeline-backend';
import fs from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import {
  inventory,
  inventoryCount,
  platformPy,
  run as runProgram,
  serviceTaskDefinition,
  motoForSuite,
} from './__testUtils__/processes';
import {
  Platform,
  runTemplate,
  STATIC_CREDENTIALS,
} from './__testUtils__/scaffolderRun';
import { defaultForm, FormInput, Routing } from './__testUtils__/variants';

/**
 * The template for real, against moto_server: the scaffolder runs every step
 * with Slipway's actions (GitHub publish replaced by a local directory, in
 * this test only), the rendered catalog-info.yaml is the entity the
 * CodePipeline backend serves, and its ECS status route finds the service the
 * template created. What was created is read back with boto3
 * (__testUtils__/inventory.py), independently of the actions' code. moto does
 * not emulate CodePipeline executions or CodeStar connections: the
 * pipeline's definition is checked with boto3, its runs are not.
 */

jest.setTimeout(240_000);

const suite = motoForSuite('slipway-e2e-');

async function ecsStatus(entity: Entity) {
  const { server } = await startTestBackend({
    features: [
      codePipelinePlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.rootConfig.factory({
        data: {
          aws: STATIC_CREDENTIALS,
          codepipeline: { aws: { maxAttempts: 1 } },
        },
      }),
    ],
  });
  return request(server)
    .get(
      `/api/codepipeline/v1/entities/component/default/${entity.metadata.name}/ecs`,
    )
    .set('Authorization', mockCredentials.user.header());
}

describe.each([
  {
    strategy: 'rolling' as const,
    name: 'orders-e2e',
    controller: 'ECS',
    routing: 'host' as Routing,
  },
  {
    strategy: 'canary' as const,
    name: 'checkout-e2e',
    controller: 'CODE_DEPLOY',
    routing: 'path' as Routing,
  },
])(
  'the template run against moto_server ($strategy, $routing routing)',
  ({ strategy, name, controller, routing }) => {
    it('provisions a reachable, watched delivery path, and the backend reports the created service', async () => {
      const platform = await platformPy<Platform>(
        suite.moto,
        'setup',
        `dev=${name}-dev`,
        `prod=${name}-prod`,
      );
      const form: FormInput = {
        ...defaultForm,
        name,
        strategy,
        repoUrl: `github.com?owner=acme&repo=${name}`,
      };
      const published = path.join(suite.work, name);

      const run = await runTemplate({
        form,
        platform,
        routing,
        publishTo: published,
      });
      expect({
        status: run.status,
        log: run.status === 'completed' ? [] : run.log.slice(-15),
      }).toEqual({ status: 'completed', log: [] });
      // Nothing failed, so the cleanup step ran no teardown.
      expect(
        run.events.filter(
          e => e.stepId === 'cleanup' && e.message.startsWith('Running step'),
        ),
      ).toEqual([]);

      // The repository (here: a directory) holds the rendered service.
      const entity = parseYaml(
        await fs.readFile(path.join(published, 'catalog-info.yaml'), 'utf8'),
      ) as Entity;
      const annotations = entity.metadata.annotations!;
      const serviceArns =
        annotations['aws.amazon.com/amazon-ecs-service-arn'].split(',');
      expect(serviceArns).toEqual([
        `arn:aws:ecs:us-east-1:123456789012:service/${name}-dev/${name}`,
        `arn:aws:ecs:us-east-1:123456789012:service/${name}-prod/${name}`,
      ]);
      expect(entity.spec).toMatchObject({
        owner: form.owner,
        system: form.system,
      });

      // Reachable: one URL per environment, in the entity's links and the
      // template's output, behind that environment's load balancer.
      expect(run.output.links.map((l: any) => l.title)).toEqual([
        'Repository',
        'Pipeline in the AWS console',
        'Deployments tab',
        ...form.environments.map(env => `Service in ${env}`),
      ]);
      const urls = form.environments.map(env => {
        const link = run.output.links.find(
          (l: any) => l.title === `Service in ${env}`,
        );
        expect(link?.url).toBeDefined();
        return link.url as string;
      });
      for (const [i, env] of form.environments.entries()) {
        expect(urls[i]).toMatch(
          routing === 'host'
            ? new RegExp(`^http://${name}\\.${env}\\.example\\.com$`)
            : new RegExp(`^http://[^/]+/services/${name}$`),
        );
      }
      expect(
        (entity.metadata.links ?? []).filter(l => l.title !== 'Repository'),
      ).toEqual(
        form.environments.map((env, i) => ({
          url: urls[i],
          title: `${env}: ${urls[i]}`,
          icon: 'web',
        })),
      );

      // What happens next: no manual step.
      const next = run.output.text[0].content as string;
      expect(next).toContain('dev → prod (prod once a person approves)');
      expect(next).toContain('Nothing to do by hand');
      expect(next).toContain(
        `arn:aws:sns:us-east-1:123456789012:${name}-alerts`,
      );
      expect(next).not.toMatch(/Going live|scale each/);

      // The pipeline ARN written into catalog-info.yaml before the pipeline
      // existed is the one the pipeline step then reported.
      const pipelineLink = run.output.links.find(
        (l: any) => l.title === 'Pipeline in the AWS console',
      );
      expect(pipelineLink.url).toContain(`/pipelines/${name}/view`);
      expect(annotations['aws.amazon.com/aws-codepipeline-arn']).toBe(
        `arn:aws:codepipeline:us-east-1:123456789012:${name}`,
      );

      // The pipeline definition, read with boto3 (moto has no executions to
      // show): each deploy stage deploys its own environment's task
      // definition, and starts the tasks after the deploy action.
      const pipeline = await platformPy(suite.moto, 'pipeline', name);
      expect(pipeline.stages.map((s: any) => s.name)).toEqual([
        'Source',
        'Build',
        'Deploy-dev',
        'Approve-prod',
        'Deploy-prod',
      ]);
      const deployStages = pipeline.stages.filter((s: any) =>
        s.name.startsWith('Deploy-'),
      );
      const deploys = deployStages.map((s: any) => s.actions[0]);
      for (const stage of deployStages) {
        expect(stage.actions.map((a: any) => a.provider)).toEqual([
          strategy === 'rolling' ? 'ECS' : 'CodeDeployToECS',
          'Commands',
        ]);
      }
      const buildspec = parseYaml(
        await fs.readFile(path.join(published, 'buildspec.yml'), 'utf8'),
      );
      expect(buildspec.artifacts.files).toEqual(
        strategy === 'rolling'
          ? [deploys[0].configuration.FileName]
          : [
              'imageDetail.json',
              ...deploys.map(
                (d: any) => d.configuration.TaskDefinitionTemplatePath,
              ),
              deploys[0].configuration.AppSpecTemplatePath,
            ],
      );
      expect(
        deploys.map((d: any) => d.configuration.TaskDefinitionTemplatePath),
      ).toEqual(
        form.environments.map(env =>
          strategy === 'rolling' ? undefined : `taskdef-${env}.json`,
        ),
      );

      // Blue/green: what the pipeline will register in each environment
      // (taskdef-<env>.json, rendered by the repository's own script) is what
      // the service runs now, but for the image: family, log group, path
      // prefix, health check, size.
      const renderedDir = path.join(suite.work, `${name}-taskdefs`);
      await fs.mkdir(renderedDir, { recursive: true });
      const blueGreenEnvironments =
        strategy === 'rolling' ? [] : form.environments;
      if (blueGreenEnvironments.length) {
        await runProgram(
          'python3',
          ['deploy/render_taskdefs.py', '--out-dir', renderedDir],
          { cwd: published },
        );
      }
      for (const [i, env] of blueGreenEnvironments.entries()) {
        const rendered = JSON.parse(
          await fs.readFile(
            path.join(renderedDir, `taskdef-${env}.json`),
            'utf8',
          ),
        );
        const running = await serviceTaskDefinition(suite.moto, serviceArns[i]);
        const essence = (d: any) => ({
          family: d.family,
          cpu: d.cpu,
          memory: d.memory,
          executionRoleArn: d.executionRoleArn,
          containers: d.containerDefinitions.map((c: any) => ({
            name: c.name,
            ports: c.portMappings.map((p: any) => p.containerPort),
            scriptName: c.environment?.find(
              (e: any) => e.name === 'SCRIPT_NAME',
            )?.value,
            healthCheck: c.healthCheck?.command,
            logs: c.logConfiguration?.options?.['awslogs-group'],
          })),
        });
        expect(essence(rendered)).toEqual(essence(running));
        expect(essence(rendered).containers[0]).toMatchObject({
          scriptName: routing === 'path' ? `/services/${name}` : undefined,
          logs: `/slipway/${name}/${env}/ecs`,
        });
      }

      // What exists in moto, read back with boto3.
      const found = await inventory(suite.moto, name);
      // eslint-disable-next-line no-console
      console.log(
        `${strategy}: a run created`,
        JSON.stringify(inventoryCount(found)),
      );
      expect(found.ecrRepositories).toEqual([name]);
      expect(found.codeBuildProjects).toEqual([`${name}-build`]);
      expect(found.pipelines).toEqual([name]);
      expect(found.ecsServices.sort()).toEqual(
        [`service/${name}-dev/${name}`, `service/${name}-prod/${name}`].sort(),
      );
      // One listener rule per environment on the production listener (and,
      // blue/green, on the test listener), each routing by host or path.
      const productionRules = found.listenerRules.filter(r => /:80 /.test(r));
      expect(productionRules).toHaveLength(form.environments.length);
      for (const rule of productionRules) {
        expect(rule).toMatch(
          routing === 'host'
            ? new RegExp(`host-header=${name}\\.(dev|prod)\\.example\\.com`)
            : new RegExp(
                `path-pattern=/services/${name},/services/${name}/\\*`,
              ),
        );
      }
      // Watched: an alert topic with the owner group's e-mail, the pipeline's
      // failures routed to it, and two alarms per target group.
      expect(found.snsTopics).toEqual([`${name}-alerts`]);
      expect(found.snsSubscriptions).toEqual([
        `${name}-alerts email payments-team@example.com`,
      ]);
      expect(found.eventRules).toEqual([`${name}-pipeline-failed`]);
      expect(found.eventTargets).toEqual([
        `${name}-pipeline-failed -> arn:aws:sns:us-east-1:123456789012:${name}-alerts`,
      ]);
      const targetGroups = found.targetGroups.length;
      expect(targetGroups).toBe(
        form.environments.length * (strategy === 'rolling' ? 1 : 2),
      );
      expect(found.alarms).toHaveLength(2 * targetGroups);
      expect(found.taskDefinitions.map(t => t.split(':')[0]).sort()).toEqual(
        expect.arrayContaining([`${name}-dev`, `${name}-prod`]),
      );

      // The CodePipeline backend's ECS route, reading the rendered entity.
      const response = await ecsStatus(entity);
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      for (const arn of serviceArns) expect(text).toContain(arn);
      expect(text).toContain(controller);
    });
  },
);
