import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  MotoServer,
  startMotoServer,
  verifyPy,
} from './__testUtils__/motoServer';
import { snapshot } from './__testUtils__/snapshot';
import { Strategy, World } from './__testUtils__/world';

/**
 * The emulator does not run pipelines, so each stage's actions are played in
 * order against moto (verify.py play): the Build stage's push leaves an
 * image in ECR; a Deploy stage's deploy action registers a new revision of
 * the environment's task definition family with that image and puts the
 * service on it (ECS standard deploy, or what a CodeDeploy ECS deployment
 * leaves behind); its Start-tasks Commands action runs its own commands in
 * bash with the real AWS CLI pointed at moto (only `aws ecs wait
 * services-stable` is emulated: moto lists no deployments). An approval-gated
 * environment is played only after its approval stage.
 *
 * After every step: no service desires tasks on an image that does not
 * exist in ECR.
 */

jest.setTimeout(180_000);

let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
});

interface ServiceState {
  cluster: string;
  name: string;
  desiredCount: number;
  taskDefinition: string;
  images: string[];
  imagesExist: boolean;
}

interface PlayedAction {
  name: string;
  provider: string;
  runOrder: number;
  taskDefinition?: string;
  commands?: string[];
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  approved?: boolean;
  notPlayed?: boolean;
}

const DESIRED = 2;

async function services(component: string) {
  const all = await verifyPy<ServiceState[]>('services');
  const of = all.filter(s => s.name === component);
  // Never: a service that desires tasks of an image ECR does not hold.
  expect(
    of.filter(s => s.desiredCount > 0 && !s.imagesExist).map(s => s.cluster),
  ).toEqual([]);
  return Object.fromEntries(
    of.map(s => [s.cluster.replace(/-cluster$/, ''), s]),
  );
}

async function play(component: string, stage: string, image: string) {
  return verifyPy<PlayedAction[]>('play', component, stage, image);
}

describe.each<Strategy>(['rolling', 'canary'])(
  'pipeline stages played in order against moto_server (%s)',
  strategy => {
    it('each environment runs its desired tasks of the commit image once its deploy stage ran, not before; prod waits for approval', async () => {
      const world = await World.create();
      const component = `play-${strategy}`;
      const steps = await world.runTemplate(component, strategy, {
        desiredCount: DESIRED,
      });
      const repository = steps.ecr.outputs.repositoryUri as string;
      const pipeline = (await snapshot()).pipelines.find(
        p => p.name === component,
      );
      expect(pipeline.stages.map((s: any) => s.name)).toEqual([
        'Source',
        'Build',
        'Deploy-dev',
        'Approve-prod',
        'Deploy-prod',
      ]);

      // Before any stage: both services exist with 0 tasks (no image yet).
      let state = await services(component);
      expect([state.dev.desiredCount, state.prod.desiredCount]).toEqual([0, 0]);

      // Source: nothing to play in moto (no connection); Build: the image is pushed.
      const { image } = await verifyPy<{ image: string }>(
        'push-image',
        component,
        'c0ffee1',
      );
      expect(image).toBe(`${repository}:c0ffee1`);
      state = await services(component);
      expect([state.dev.desiredCount, state.prod.desiredCount]).toEqual([0, 0]);

      // Deploy-dev: deploy (runOrder 1), then Start-tasks (runOrder 2).
      const dev = await play(component, 'Deploy-dev', image);
      expect(dev.map(a => [a.name, a.provider])).toEqual([
        [
          expect.any(String),
          strategy === 'rolling' ? 'ECS' : 'CodeDeployToECS',
        ],
        ['Start-tasks', 'Commands'],
      ]);
      expect(dev[0].runOrder).toBeLessThan(dev[1].runOrder);
      expect(dev[1]).toMatchObject({ exitCode: 0 });
      const commands = dev[1].commands!.join('\n');
      expect(commands).toMatch(/aws ecs describe-services/);
      expect(commands).toMatch(/aws ecs update-service/);
      expect(commands).toMatch(/--desired-count/);
      expect(commands).toMatch(/aws ecs wait services-stable/);
      state = await services(component);
      expect(state.dev).toMatchObject({
        desiredCount: DESIRED,
        images: [image],
        imagesExist: true,
        taskDefinition: dev[0].taskDefinition,
      });
      expect(state.dev.taskDefinition).toContain(
        `:task-definition/${component}-dev:`,
      );
      // prod is behind its approval: untouched.
      expect(state.prod.desiredCount).toBe(0);
      expect(state.prod.images).not.toContain(image);

      // Approve-prod given, then Deploy-prod.
      const approval = await play(component, 'Approve-prod', image);
      expect(approval).toEqual([
        expect.objectContaining({ provider: 'Manual', approved: true }),
      ]);
      state = await services(component);
      expect(state.prod.desiredCount).toBe(0);
      const prod = await play(component, 'Deploy-prod', image);
      expect(prod[1]).toMatchObject({ name: 'Start-tasks', exitCode: 0 });
      state = await services(component);
      expect(state.prod).toMatchObject({
        desiredCount: DESIRED,
        images: [image],
        imagesExist: true,
      });
      // Each environment deployed its own family.
      expect(state.prod.taskDefinition).toContain(
        `:task-definition/${component}-prod:`,
      );

      // The next commit: Start-tasks leaves a running service's count alone
      // (here scaled by hand to 3).
      await verifyPy('push-image', component, 'c0ffee2');
      await world.readers.ecs.send(
        new UpdateServiceCommand({
          cluster: 'dev-cluster',
          service: component,
          desiredCount: 3,
        }),
      );
      await play(component, 'Deploy-dev', `${repository}:c0ffee2`);
      state = await services(component);
      expect(state.dev).toMatchObject({
        desiredCount: 3,
        images: [`${repository}:c0ffee2`],
      });
      // eslint-disable-next-line no-console
      console.log(
        `pipeline played (${strategy}): before deploy dev 0 / prod 0; after Deploy-dev dev ${DESIRED} / prod 0 (behind approval); after Approve-prod + Deploy-prod dev ${DESIRED} / prod ${DESIRED}; a later deploy keeps a hand-set count (3)`,
      );
    });
  },
);
