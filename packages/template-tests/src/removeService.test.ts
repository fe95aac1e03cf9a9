import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import slipwayScaffolderModule from '@slipway/plugin-scaffolder-backend-module-aws';
import fs from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT, SKELETON_DIR } from './__testUtils__/paths';
import {
  inventory,
  Inventory,
  inventoryCount,
  motoForSuite,
  platformPy,
} from './__testUtils__/processes';
import {
  Platform,
  runTemplate,
  slipwayEnvironments,
  STATIC_CREDENTIALS,
} from './__testUtils__/scaffolderRun';
import { loadTemplate } from './__testUtils__/templateFiles';
import { defaultForm } from './__testUtils__/variants';

/**
 * templates/remove-service: its form, and a run of it through the real
 * scaffolder backend with Slipway's actions against the local world, on a
 * service that the flask-ecs-service template created there. What is left
 * is read back with boto3 (__testUtils__/inventory.py), not through the
 * actions' code.
 */

jest.setTimeout(300_000);

const REMOVE_TEMPLATE = path.join(
  REPO_ROOT,
  'templates/remove-service/template.yaml',
);

const loadRemoveTemplate = async () =>
  parseYaml(await fs.readFile(REMOVE_TEMPLATE, 'utf8'));

describe('the remove-service form', () => {
  // The app's own form code, as form.test.ts loads it.
  const fromApp = (file: string) =>
    require(path.join(REPO_ROOT, 'node_modules', file));
  const { extractSchemaFromStep } = fromApp(
    '@backstage/plugin-scaffolder-react/dist/next/lib/schema.esm.js',
  );
  const validator = fromApp('@rjsf/validator-ajv8').customizeValidator();

  let steps: any[];
  beforeAll(async () => {
    steps = (await loadRemoveTemplate()).spec.parameters;
  });

  /** The form's errors for the step holding `field`: "<property> <keyword>". */
  const errorsOf = (field: string, formData: Record<string, unknown>) => {
    const step = steps.find(s => field in s.properties);
    const { schema } = extractSchemaFromStep(step);
    return validator
      .validateFormData(formData, schema)
      .errors.map((e: any) => `${e.property.replace(/^\./, '')} ${e.name}`);
  };

  it('needs a service, environments and the confirmation', () => {
    expect(errorsOf('component', {})).toEqual(
      expect.arrayContaining(['component required', 'environments required']),
    );
    expect(errorsOf('confirm', {})).toEqual(['confirm required']);
  });

  it.each([
    ['orders-api', true],
    ['a-very-long-service-name-32-char', true],
    ['component:default/orders-api', false],
    ['Orders-API', false],
    ['orders-', false],
    ['', false],
  ])('takes %p as a confirmation: %p', (confirm, valid) => {
    expect(errorsOf('confirm', { confirm })).toEqual(
      valid ? [] : ['confirm pattern'],
    );
  });

  it('offers the environments of flask-ecs-service, with the same labels, all ticked', async () => {
    const create = (await loadTemplate()).spec.parameters.find(
      (s: any) => 'environments' in s.properties,
    ).properties.environments;
    const remove = steps[0].properties.environments;

    expect(remove.items).toEqual(create.items);
    expect(remove.default).toEqual(
      create.items.oneOf.map((o: { const: string }) => o.const),
    );
    expect(remove['ui:widget']).toBe('checkboxes');
  });

  it('picks only components carrying the annotation Slipway’s skeleton writes', async () => {
    const picker = steps[0].properties.component;
    const skeletonEntity = await fs.readFile(
      path.join(SKELETON_DIR, 'catalog-info.yaml'),
      'utf8',
    );

    expect(picker['ui:field']).toBe('EntityPicker');
    const filter = picker['ui:options'].catalogFilter;
    expect(filter.kind).toBe('Component');
    const [annotation] = Object.entries(filter)
      .filter(([key]) => key.startsWith('metadata.annotations.'))
      .map(([key, value]) => [
        key.slice('metadata.annotations.'.length),
        value,
      ]);
    expect(annotation).toEqual([
      'aws.amazon.com/aws-codepipeline-arn',
      { exists: true },
    ]);
    expect(skeletonEntity).toContain(`${annotation[0]}:`);
  });
});

/** A repository's catalog-info.yaml, registered the way catalog:register registers it. */
interface Registered {
  entity: Entity;
  location: { id: string; type: string; target: string; entityRef: string };
}

async function registered(publishedTo: string, uid: string) {
  const entity = parseYaml(
    await fs.readFile(path.join(publishedTo, 'catalog-info.yaml'), 'utf8'),
  ) as Entity;
  const target = `https://github.com/acme/${entity.metadata.name}/blob/main/catalog-info.yaml`;
  entity.metadata = {
    ...entity.metadata,
    namespace: 'default',
    uid,
    annotations: {
      ...entity.metadata.annotations,
      [ANNOTATION_LOCATION]: `url:${target}`,
      [ANNOTATION_ORIGIN_LOCATION]: `url:${target}`,
    },
  };
  const location = {
    id: `location-${uid}`,
    type: 'url',
    target,
    entityRef: `location:default/generated-${uid}`,
  };
  return { entity, location } as Registered;
}

/**
 * The in-memory catalog of plugin-catalog-node's testUtils with the
 * registered locations it lacks: unregistering a location removes what it
 * emitted, as the catalog backend does.
 */
function catalogWith(services: Registered[], template: Entity) {
  const catalog = catalogServiceMock({
    entities: [template, ...services.map(s => s.entity)],
  });
  let locations = services.map(s => s.location);
  const refOf = (l: { type: string; target: string }) =>
    `${l.type}:${l.target}`;
  catalog.getLocationByRef = async ref => locations.find(l => refOf(l) === ref);
  catalog.removeLocationById = async id => {
    const location = locations.find(l => l.id === id)!;
    locations = locations.filter(l => l !== location);
    const { items } = await catalog.getEntities({
      filter: {
        [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: refOf(location),
      },
    });
    for (const e of items) await catalog.removeEntityByUid(e.metadata.uid!);
  };
  return {
    catalog,
    entityRefs: async () =>
      (await catalog.getEntities({ filter: { kind: 'Component' } })).items
        .map(e => stringifyEntityRef(e))
        .sort(),
    locations: () => locations.map(refOf).sort(),
  };
}

async function removalBackend(
  catalog: ReturnType<typeof catalogWith>['catalog'],
  platform: Platform,
) {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      slipwayScaffolderModule,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          aws: STATIC_CREDENTIALS,
          slipway: { environments: slipwayEnvironments(platform, 'host') },
        },
      }),
    ],
  });
  return server;
}

interface Removal {
  status: string;
  output?: { text?: { title: string; content: string }[] };
  /** "<stepId> <message>" per log line. */
  log: string[];
}

/** Runs the template as the Create page does, and waits for it to end. */
async function runRemoval(
  server: Awaited<ReturnType<typeof removalBackend>>,
  values: Record<string, unknown>,
): Promise<Removal> {
  const user = mockCredentials.user.header();
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', user)
    .send({ templateRef: 'template:default/remove-service', values });
  expect(created.status).toBe(201);
  const taskId: string = created.body.id;
  let status = 'open';
  for (let i = 0; i < 900 && !['completed', 'failed'].includes(status); i++) {
    await new Promise(resolve => setTimeout(resolve, 200));
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${taskId}`)
      .set('Authorization', user);
    status = task.body.status;
  }
  const events = (
    await request(server)
      .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
      .set('Authorization', user)
  ).body as any[];
  return {
    status,
    output: events.find(e => e.type === 'completion')?.body.output,
    log: events
      .filter(e => e.type === 'log')
      .map(e => `${e.body.stepId ?? ''} ${e.body.message}`),
  };
}

const nothing = (found: Inventory) =>
  Object.fromEntries(Object.keys(found).map(kind => [kind, []]));

describe('removing a service that flask-ecs-service created, in the local world', () => {
  const suite = motoForSuite('slipway-remove-');
  const gone = 'orders-gone';
  const kept = 'orders-kept';
  let platform: Platform;
  let template: Entity;
  let services: Registered[];

  beforeAll(async () => {
    platform = await platformPy<Platform>(
      suite.moto,
      'setup',
      'dev=remove-dev',
      'prod=remove-prod',
    );
    services = [];
    for (const [i, name] of [gone, kept].entries()) {
      const publishTo = path.join(suite.work, name);
      const created = await runTemplate({
        form: {
          ...defaultForm,
          name,
          repoUrl: `github.com?owner=acme&repo=${name}`,
        },
        platform,
        routing: 'host',
        publishTo,
      });
      if (created.status !== 'completed') {
        throw new Error(
          `Creating ${name} ${created.status}:\n${created.log
            .slice(-15)
            .join('\n')}`,
        );
      }
      services.push(await registered(publishTo, `uid-${i}`));
    }
    template = await loadRemoveTemplate();
    template.metadata.annotations = {
      [ANNOTATION_LOCATION]: `file:${REMOVE_TEMPLATE}`,
    };
  });

  const form = (confirm: string) => ({
    component: `component:default/${gone}`,
    environments: ['dev', 'prod'],
    removeFromCatalog: true,
    confirm,
  });

  it('refuses a confirmation that is not the service’s name, and removes nothing', async () => {
    const world = catalogWith(services, template);
    const before = await inventory(suite.moto);

    const run = await runRemoval(
      await removalBackend(world.catalog, platform),
      form(kept),
    );

    expect(run.status).toBe('failed');
    expect(run.log.join('\n')).toContain(
      `Teardown of '${gone}' needs confirm: ${gone} (got '${kept}'); nothing was removed`,
    );
    expect(await inventory(suite.moto)).toEqual(before);
    expect(await world.entityRefs()).toHaveLength(2);
  });

  it('on a dry run, shows what it would remove and removes nothing', async () => {
    const world = catalogWith(services, template);
    const before = await inventory(suite.moto);
    const server = await removalBackend(world.catalog, platform);

    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({ template, values: form(gone), directoryContents: [] });

    expect(response.status).toBe(200);
    const text = response.body.output.text;
    expect(text.map((t: { title: string }) => t.title)).toEqual([
      'What a real run would do',
    ]);
    expect(text[0].content).toContain(
      `- Remove the ECR repository (with its images) ${gone} in account 123456789012 (us-east-1)`,
    );
    expect(text[0].content).toContain(
      `- Unregister the location ${services[0].location.type}:${services[0].location.target}, which removes component:default/${gone} from the catalog`,
    );
    expect(await inventory(suite.moto)).toEqual(before);
    expect(await world.entityRefs()).toHaveLength(2);
  });

  it('leaves none of its resources in the emulator, nor its catalog entry, and lists what it removed', async () => {
    const world = catalogWith(services, template);
    const existing = await inventory(suite.moto, gone);
    const neighbour = await inventory(suite.moto, kept);
    expect(inventoryCount(existing).total).toBeGreaterThan(20);

    const run = await runRemoval(
      await removalBackend(world.catalog, platform),
      form(gone),
    );

    expect({ status: run.status, log: run.log.slice(-12) }).toMatchObject({
      status: 'completed',
    });
    const left = await inventory(suite.moto, gone);
    expect(left).toEqual(nothing(left));
    expect(await inventory(suite.moto, kept)).toEqual(neighbour);
    expect(await world.entityRefs()).toEqual([`component:default/${kept}`]);
    expect(world.locations()).toEqual([
      `url:https://github.com/acme/${kept}/blob/main/catalog-info.yaml`,
    ]);

    // The run page: one text, the removed resources one per line.
    const [text, ...more] = run.output?.text ?? [];
    expect(more).toEqual([]);
    expect(text.title).toBe('Removed');
    const removedLines = run.log.filter(
      line => line.startsWith('teardown ') && line.includes('Removed the '),
    );
    // eslint-disable-next-line no-console
    console.log(`${text.content}\n(${removedLines.length} log lines)`);
    expect(text.content).toContain(
      `#### Removed from AWS (${removedLines.length})`,
    );
    for (const line of removedLines) {
      const resource = line.replace(/^.*Removed the (.*) in account .*$/, '$1');
      expect(text.content.split('\n')).toContain(`- ${resource}`);
    }
    for (const resource of [
      `ECR repository (with its images) ${gone}`,
      `pipeline ${gone}`,
      `ECS service remove-dev/${gone}`,
      `ECS service remove-prod/${gone}`,
    ]) {
      expect(text.content.split('\n')).toContain(`- ${resource}`);
    }
    expect(text.content).toContain(
      `Removed \`component:default/${gone}\`, with its location \`url:https://github.com/acme/${gone}/blob/main/catalog-info.yaml\`. Its repository is kept.`,
    );
  });
});
