/**
 * For the deploy tests: a local world that runs ECS deploys, ECS and ECR
 * resources made through it (so its interceptors see them) or in moto
 * directly, and polling.
 */
import type { BuildStore } from '../builds/store';
import type { PipelineObserver } from '../events/pipelineEvents';
import type { Clock } from '../pipelines/clock';
import {
  codeStarSourceRunner,
  delayRunner,
  type ActionRunner,
} from '../pipelines/runners';
import type { Where } from '../server/accounts';
import {
  startLocalWorldServer,
  type LocalWorldServer,
} from '../server/handler';
import type { CommandsRunnerOptions } from './commandsRunner';
import { ecsCall } from './ecsApi';
import { ecsDeployment, type EcsDeployment } from './ecsDeployment';
import { registerEcrImage } from './ecsImages';
import type { EcsRolloutsOptions } from './ecsRollouts';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
/** An image of a registry the local world does not check (taken as pullable). */
export const PUBLIC_IMAGE = 'public.ecr.aws/docker/library/python:3.12-slim';

export const ecrImage = (repository: string, tag: string) =>
  `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${repository}:${tag}`;

/**
 * A local world in front of moto (`upstream`) that runs ECS deploys and
 * Commands actions (rollout steps of `stepMs`); Source is the CodeStar
 * connection runner, Build is `build`, any other action a 1 s delay.
 * `builds` is shared by BatchGetBuilds and the Commands action.
 */
export async function startEcsDeployWorld(options: {
  upstream: string;
  clock: Clock;
  stepMs: number;
  build: ActionRunner;
  builds?: BuildStore;
  buildOptions?: CommandsRunnerOptions['buildOptions'];
  onChange?: EcsRolloutsOptions['onChange'];
  events?: PipelineObserver;
}): Promise<{ world: LocalWorldServer; deployment: EcsDeployment }> {
  const { upstream, clock, builds } = options;
  // Commands actions call the world when they run, once it has started.
  let url = '';
  const deployment = ecsDeployment({
    upstream,
    clock,
    stepMs: options.stepMs,
    onChange: options.onChange,
    commands: {
      endpointUrl: () => url,
      builds,
      buildOptions: options.buildOptions,
    },
  });
  const world = await startLocalWorldServer({
    upstream,
    clock,
    builds,
    interceptors: deployment.interceptors,
    events: options.events,
    runners: {
      byProvider: {
        'Source/AWS/CodeStarSourceConnection': codeStarSourceRunner(),
        'Build/AWS/CodeBuild': options.build,
        ...deployment.runners,
      },
      fallback: delayRunner(1000),
    },
  });
  url = world.url;
  return { world, deployment };
}

/** Registers `<repository>:<tag>` in moto's ECR, as the builds' docker stand-in does. */
export async function pushImage(
  upstream: string,
  repository: string,
  tag: string,
): Promise<string> {
  await registerEcrImage(upstream, REGION, repository, tag);
  return ecrImage(repository, tag);
}

/**
 * A cluster, a task definition `family` with one container `web` of `image`,
 * and a rolling-update service with the circuit breaker and rollback, created
 * through `endpoint` (the local world), in `where` (default: REGION of the
 * default account).
 */
export async function createService(
  endpoint: string,
  options: {
    cluster: string;
    service: string;
    family: string;
    image: string;
    desiredCount: number;
  },
  where: Where = REGION,
): Promise<{ taskDefinitionArn: string }> {
  await ecsCall(endpoint, where, 'CreateCluster', {
    clusterName: options.cluster,
  });
  const { taskDefinition } = await ecsCall(
    endpoint,
    where,
    'RegisterTaskDefinition',
    {
      family: options.family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'web',
          image: options.image,
          essential: true,
          portMappings: [{ containerPort: 8000, protocol: 'tcp' }],
        },
      ],
      tags: [{ key: 'slipway:component', value: options.service }],
    },
  );
  await ecsCall(endpoint, where, 'CreateService', {
    cluster: options.cluster,
    serviceName: options.service,
    taskDefinition: taskDefinition.taskDefinitionArn,
    desiredCount: options.desiredCount,
    launchType: 'FARGATE',
    deploymentController: { type: 'ECS' },
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      minimumHealthyPercent: 100,
      maximumPercent: 200,
    },
  });
  return { taskDefinitionArn: taskDefinition.taskDefinitionArn };
}

/** Polls (real time) until `probe` gives a value. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last ? `: ${last}` : ''}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}
