import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import slipwayScaffolderModule from '@slipway/plugin-scaffolder-backend-module-aws';
import request from 'supertest';
import { localPublishModule, LOCAL_PUBLISH_ACTION_ID } from './localPublish';
import { slipwayEnvironment, type Platform } from 'local-world';

export type { Platform };
import { TEMPLATE_FILE } from './paths';
import { loadTemplate } from './templateFiles';
import type { FormInput, Routing } from './variants';

export const STATIC_CREDENTIALS = {
  mainAccount: { accessKeyId: 'testing', secretAccessKey: 'testing' },
};

/** The owner group of the default form, with the e-mail the alert topic subscribes. */
export const OWNER_GROUP: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: {
    type: 'team',
    children: [],
    profile: { email: 'payments-team@example.com' },
  },
};

/**
 * slipway.environments for the platform in moto: each environment's load
 * balancer routes by host name (`<name>.<env>.example.com`) or by path
 * (`/services/<name>`).
 */
export function slipwayEnvironments(platform: Platform, routing: Routing) {
  return Object.fromEntries(
    Object.keys(platform.environments).map(name => [
      name,
      slipwayEnvironment(platform, name, {
        routing:
          routing === 'host'
            ? { domain: `${name}.example.com` }
            : { pathPrefix: '/services' },
        connectionArn:
          'arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-e2e',
      }),
    ]),
  );
}

/**
 * The template as the tests run it: no catalog registration (the catalog is
 * a mock) and, with `localPublish`, GitHub publishing replaced by a copy to a
 * local directory. Without it the real publish:github runs, with no token.
 */
async function templateEntityForTest(localPublish: boolean) {
  const template = await loadTemplate();
  template.metadata.annotations = {
    'backstage.io/managed-by-location': `file:${TEMPLATE_FILE}`,
  };
  template.spec.steps = template.spec.steps
    .filter((step: any) => step.action !== 'catalog:register')
    .map((step: any) =>
      localPublish && step.action === 'publish:github'
        ? {
            ...step,
            action: LOCAL_PUBLISH_ACTION_ID,
            input: { repoUrl: step.input.repoUrl },
          }
        : step,
    );
  template.spec.output.links = template.spec.output.links.filter(
    (link: any) => !link.entityRef,
  );
  return template as Entity;
}

export interface TaskEvent {
  stepId: string;
  status?: string;
  message: string;
}

export interface TemplateRun {
  taskId: string;
  status: string;
  output?: any;
  events: TaskEvent[];
  /** "<stepId> <message>" per log line. */
  log: string[];
}

/**
 * Runs the template through the real scaffolder backend with Slipway's
 * actions against moto (AWS_ENDPOINT_URL must be set in this process).
 * @param options.publishTo a directory: publish there instead of GitHub.
 */
export async function runTemplate(options: {
  form: FormInput;
  platform: Platform;
  routing: Routing;
  publishTo?: string;
}): Promise<TemplateRun> {
  const localPublish = options.publishTo !== undefined;
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      slipwayScaffolderModule,
      localPublish ? localPublishModule(options.publishTo!) : githubModule,
      catalogServiceMock.factory({
        entities: [await templateEntityForTest(localPublish), OWNER_GROUP],
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          // No token: publish:github fails before any request to GitHub.
          integrations: { github: [{ host: 'github.com' }] },
          aws: STATIC_CREDENTIALS,
          slipway: {
            environments: slipwayEnvironments(
              options.platform,
              options.routing,
            ),
          },
        },
      }),
    ],
  });
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({
      templateRef: 'template:default/flask-ecs-service',
      values: options.form,
    });
  expect(created.status).toBe(201);
  const taskId: string = created.body.id;
  let status = 'open';
  for (
    let i = 0;
    i < 900 && !['completed', 'failed', 'cancelled'].includes(status);
    i++
  ) {
    await new Promise(resolve => setTimeout(resolve, 200));
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${taskId}`)
      .set('Authorization', mockCredentials.user.header());
    status = task.body.status;
  }
  const response = await request(server)
    .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
    .set('Authorization', mockCredentials.user.header());
  const all = response.body as any[];
  const events: TaskEvent[] = all
    .filter(e => e.type === 'log')
    .map(e => ({
      stepId: e.body.stepId ?? '',
      status: e.body.status,
      message: String(e.body.message),
    }));
  const completion = all.find(e => e.type === 'completion');
  return {
    taskId,
    status,
    output: completion?.body.output,
    events,
    log: events.map(e => `${e.stepId} ${e.message}`),
  };
}

/** The last status each step reported. */
export function stepStatuses(run: TemplateRun): Record<string, string> {
  const statuses: Record<string, string> = {};
  for (const event of run.events) {
    if (event.stepId && event.status) statuses[event.stepId] = event.status;
  }
  return statuses;
}
