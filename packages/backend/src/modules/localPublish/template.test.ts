import {
  createServiceFactory,
  type UrlReaderService,
} from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type {
  AddLocationRequest,
  AddLocationResponse,
} from '@backstage/catalog-client';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { startLocalWorldServer, type LocalWorldServer } from 'local-world';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { localGit, type LocalGit } from 'local-world';
import { localWorldPublishModule, LOCAL_WORLD_URL_VARIABLE } from '.';

const TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../../../templates/flask-ecs-service/template.yaml',
);

/** The portal's config on the local world, as far as publishing and registering go. */
const configData = {
  backend: {
    baseUrl: 'http://localhost:7007',
    reading: { allow: [{ host: '127.0.0.1:1024-65535', paths: ['/git/'] }] },
  },
  integrations: { github: [{ host: 'github.com' }] },
  scaffolder: {
    defaultEnvironment: { parameters: { publishTo: 'local-world' } },
  },
};

/**
 * A catalog that registers a URL location the way the real one reads it:
 * through the backend's URL reader (so backend.reading.allow applies).
 */
class ReadingCatalog extends InMemoryCatalogClient {
  readonly registered: string[] = [];
  constructor(entities: any[], private readonly reader: UrlReaderService) {
    super({ entities });
  }
  async addLocation(
    location: AddLocationRequest,
  ): Promise<AddLocationResponse> {
    const file = await this.reader.readUrl(location.target);
    const entity = yaml.parse((await file.buffer()).toString('utf8'));
    if (!location.dryRun) this.registered.push(location.target);
    return {
      location: {
        id: 'location-1',
        type: 'url',
        target: location.target,
        entityRef: 'location:default/generated-orders-api',
      },
      entities: [entity],
      exists: false,
    };
  }
}

/**
 * The Flask template's repository steps as it ships them (publish to GitHub,
 * or to the local world; register), after a step that writes the entity.
 */
async function templateEntity() {
  const template = yaml.parse(await fs.readFile(TEMPLATE_FILE, 'utf8'));
  const steps = template.spec.steps.filter((step: any) =>
    ['publish', 'publishLocal', 'register'].includes(step.id),
  );
  return {
    ...template,
    metadata: { ...template.metadata, namespace: 'default' },
    spec: {
      ...template.spec,
      parameters: [
        {
          properties: { name: { type: 'string' }, repoUrl: { type: 'string' } },
        },
      ],
      steps: [
        {
          id: 'write',
          action: 'catalog:write',
          input: {
            entity: {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: '${{ parameters.name }}' },
              spec: {
                type: 'service',
                lifecycle: 'experimental',
                owner: 'group:payments-team',
              },
            },
          },
        },
        ...steps,
      ],
      output: {
        links: template.spec.output.links.filter((link: any) =>
          ['Repository', 'Open in catalog'].includes(link.title),
        ),
      },
    },
  };
}

describe('the Flask template on a portal without GitHub', () => {
  let work: string;
  let git: LocalGit;
  let world: LocalWorldServer;

  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'local-publish-template-'));
    git = localGit({
      root: path.join(work, 'repositories'),
      publicUrl: () => world.url,
    });
    world = await startLocalWorldServer({
      upstream: 'http://127.0.0.1:9',
      routes: [git.route],
    });
    process.env[LOCAL_WORLD_URL_VARIABLE] = world.url;
  });

  afterAll(async () => {
    delete process.env[LOCAL_WORLD_URL_VARIABLE];
    await world?.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  it("publishes to the local world's git server and registers the entity from there", async () => {
    const reader = UrlReaders.default({
      config: new ConfigReader(configData),
      logger: mockServices.logger.mock(),
    });
    const catalog = new ReadingCatalog([await templateEntity()], reader);
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        localWorldPublishModule,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.rootConfig.factory({ data: configData }),
      ],
    });
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/flask-ecs-service',
        values: {
          name: 'orders-api',
          repoUrl: 'github.com?owner=acme&repo=orders-api',
        },
      });
    expect(created.status).toBe(201);
    let task: any;
    for (let i = 0; i < 300; i++) {
      task = (
        await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', mockCredentials.user.header())
      ).body;
      if (['completed', 'failed'].includes(task.status)) break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    const events = (
      await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        .set('Authorization', mockCredentials.user.header())
    ).body as any[];
    const statuses = Object.fromEntries(
      events
        .filter(e => e.type === 'log' && e.body.stepId && e.body.status)
        .map(e => [e.body.stepId, e.body.status]),
    );
    expect({ status: task.status, statuses }).toEqual({
      status: 'completed',
      statuses: {
        write: 'completed',
        publish: 'skipped',
        publishLocal: 'completed',
        register: 'completed',
      },
    });

    const repository = `${world.url}/git/acme/orders-api`;
    expect(catalog.registered).toEqual([
      `${repository}/raw/main/catalog-info.yaml`,
    ]);
    const completion = events.find(e => e.type === 'completion');
    expect(completion.body.output.links).toEqual([
      { title: 'Repository', url: `${repository}.git` },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'component:default/orders-api',
      },
    ]);
    expect(
      await git.repositories.branchHead(
        { owner: 'acme', repo: 'orders-api' },
        'main',
      ),
    ).toMatch(/^[0-9a-f]{40}$/);
  });
});
