/**
 * The `Deploy/AWS/ECS` action runner (CodePipeline's "Amazon ECS" standard
 * deployment): reads the image definitions file of its input artifact,
 * registers a revision of the service's task definition with those images and
 * updates the service to it, then waits for the rollout (see ./ecsRollouts),
 * as CodePipeline does: Succeeded when the deployment is COMPLETED, Failed
 * when the circuit breaker fails it (the service rolls back) or the
 * deployment timeout passes. With a `roleArn`, all of it happens in the
 * role's account (see ./actionRole).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  failedAction,
  type ActionRunContext,
  type ActionRunner,
} from '../pipelines/runners';
import type { Place } from '../server/accounts';
import { actionPlace, roleProblem } from './actionRole';
import { ecsCall, nameOf, UpstreamAwsError } from './ecsApi';
import {
  isRunning,
  type EmulatedDeployment,
  type EmulatedService,
} from './ecsModel';
import type { EcsRollouts } from './ecsRollouts';

export interface EcsDeployRunnerOptions {
  /** moto_server's URL. */
  upstream: string;
  /** The rollout emulation (give the same one to the server's interceptors). */
  rollouts: EcsRollouts;
}

/** What RegisterTaskDefinition takes of a described task definition. */
const REGISTERED = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
] as const;

class DeployError extends Error {}

interface ImageDefinition {
  name: string;
  imageUri: string;
}

/** The image definitions file, or why it cannot be read (CodePipeline's wording). */
async function readImageDefinitions(
  context: ActionRunContext,
  fileName: string,
): Promise<ImageDefinition[]> {
  const artifact = context.action.inputArtifacts?.[0]?.name ?? '';
  const folder = context.inputArtifacts?.[artifact];
  const unreadable = `Exception while trying to read the image artifact file from the artifact: ${artifact}.`;
  if (!folder) {
    throw new DeployError(
      `${unreadable} (local world: no earlier action of this execution produced its files)`,
    );
  }
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, fileName), 'utf8');
  } catch {
    throw new DeployError(`${unreadable} (no ${fileName} in it)`);
  }
  const invalid = `Exception while trying to parse the image URI file from the artifact: ${artifact}.`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DeployError(`${invalid} (${fileName} is not JSON)`);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length === 0 ||
    parsed.some(
      item =>
        typeof item?.name !== 'string' ||
        !item.name ||
        typeof item?.imageUri !== 'string' ||
        !item.imageUri,
    )
  ) {
    throw new DeployError(
      `${invalid} (${fileName} must be a JSON array of {"name", "imageUri"})`,
    );
  }
  return parsed as ImageDefinition[];
}

/** Registers the service's task definition again with the images replaced; the new ARN. */
async function registerRevision(
  upstream: string,
  place: Place,
  current: string,
  images: ImageDefinition[],
): Promise<string> {
  const { taskDefinition, tags } = await ecsCall(
    upstream,
    place,
    'DescribeTaskDefinition',
    {
      taskDefinition: current,
      include: ['TAGS'],
    },
  );
  const containers: { name: string; image: string }[] =
    taskDefinition.containerDefinitions ?? [];
  for (const { name } of images) {
    if (!containers.some(c => c.name === name)) {
      throw new DeployError(`The AWS ECS container ${name} does not exist`);
    }
  }
  const request: Record<string, unknown> = {};
  for (const field of REGISTERED) {
    if (taskDefinition[field] !== undefined)
      request[field] = taskDefinition[field];
  }
  request.containerDefinitions = containers.map(c => ({
    ...c,
    image: images.find(i => i.name === c.name)?.imageUri ?? c.image,
  }));
  if (tags?.length) request.tags = tags;
  const registered = await ecsCall(
    upstream,
    place,
    'RegisterTaskDefinition',
    request,
  );
  return registered.taskDefinition.taskDefinitionArn;
}

/** The service to deploy to, or why there is none. */
async function describeService(
  upstream: string,
  place: Place,
  cluster: string,
  serviceName: string,
): Promise<Record<string, any>> {
  let answer: any;
  try {
    answer = await ecsCall(upstream, place, 'DescribeServices', {
      cluster,
      services: [serviceName],
    });
  } catch (error) {
    if (
      error instanceof UpstreamAwsError &&
      error.type === 'ClusterNotFoundException'
    ) {
      throw new DeployError(`The AWS ECS cluster ${cluster} does not exist`);
    }
    throw error;
  }
  const service = answer.services?.[0];
  if (!service || service.status !== 'ACTIVE') {
    throw new DeployError(
      `The AWS ECS service ${serviceName} does not exist in the cluster ${cluster}`,
    );
  }
  const controller = service.deploymentController?.type ?? 'ECS';
  if (controller !== 'ECS') {
    throw new DeployError(
      `The AWS ECS service ${serviceName} uses the ${controller} deployment controller; the Amazon ECS standard deployment action needs the ECS (rolling update) controller`,
    );
  }
  return service;
}

const consoleUrl = (region: string, cluster: string, service: string) =>
  `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(
    cluster,
  )}/services/${encodeURIComponent(service)}/deployments?region=${region}`;

function progress(service: EmulatedService, deployment: EmulatedDeployment) {
  const running = service.tasks.filter(
    t => t.deploymentId === deployment.id && isRunning(t),
  ).length;
  const desired = deployment.desiredCount;
  return {
    summary: `Deploying ${nameOf(deployment.taskDefinition)} to ${
      service.serviceName
    }: ${running} of ${desired} tasks running (${deployment.rolloutState})`,
    percentComplete: desired ? Math.floor((100 * running) / desired) : 0,
  };
}

type Outcome =
  | { kind: 'COMPLETED' | 'FAILED'; deployment: EmulatedDeployment }
  | { kind: 'GONE' | 'TIMEOUT' };

/** Waits until the deployment is COMPLETED or FAILED (or gone, or the timeout passes). */
function rolloutOutcome(
  rollouts: EcsRollouts,
  service: EmulatedService,
  deploymentId: string,
  context: ActionRunContext,
  timeoutMs: number,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let unwatch = () => {};
    let cancelTimer = () => {};
    const finish = (outcome: Outcome) => {
      unwatch();
      cancelTimer();
      context.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    function onAbort() {
      unwatch();
      cancelTimer();
      reject(context.signal.reason);
    }
    const check = () => {
      const deployment = service.deployments.find(d => d.id === deploymentId);
      if (
        !deployment ||
        rollouts.get(service, service.clusterName, service.serviceName) !==
          service
      ) {
        finish({ kind: 'GONE' });
        return;
      }
      if (deployment.rolloutState !== 'IN_PROGRESS') {
        finish({ kind: deployment.rolloutState, deployment });
        return;
      }
      context.report(progress(service, deployment));
    };
    if (context.signal.aborted) {
      reject(context.signal.reason);
      return;
    }
    context.signal.addEventListener('abort', onAbort, { once: true });
    unwatch = rollouts.watch(service, check);
    cancelTimer = context.clock.schedule(timeoutMs, () =>
      finish({ kind: 'TIMEOUT' }),
    );
    check();
  });
}

export function ecsDeployRunner(options: EcsDeployRunnerOptions): ActionRunner {
  const { upstream, rollouts } = options;
  return {
    async run(context) {
      const config = context.resolvedConfiguration;
      const cluster = config.ClusterName;
      const serviceName = config.ServiceName;
      if (!cluster || !serviceName) {
        return failedAction(
          'Invalid action configuration: ClusterName and ServiceName are required',
          'ConfigurationError',
        );
      }
      const timeoutMinutes = Number(config.DeploymentTimeout) || 60;
      let deployment: EmulatedDeployment;
      let service: EmulatedService;
      let previous: string;
      const place = actionPlace(context);
      try {
        const unassumable = await roleProblem(upstream, context);
        if (unassumable) throw new DeployError(unassumable);
        const images = await readImageDefinitions(
          context,
          config.FileName || 'imagedefinitions.json',
        );
        const described = await describeService(
          upstream,
          place,
          cluster,
          serviceName,
        );
        const before = await rollouts.seenUpstream(place, cluster, serviceName);
        previous =
          before?.deployments[0]?.taskDefinition ?? described.taskDefinition;
        const revision = await registerRevision(
          upstream,
          place,
          previous,
          images,
        );
        ({ service, deployment } = await rollouts.deploy(
          place,
          cluster,
          serviceName,
          revision,
        ));
      } catch (error) {
        if (error instanceof DeployError) return failedAction(error.message);
        throw error;
      }
      const external = {
        externalExecutionId: deployment.id,
        externalExecutionUrl: consoleUrl(context.region, cluster, serviceName),
      };
      context.report({ ...external, ...progress(service, deployment) });
      const outcome = await rolloutOutcome(
        rollouts,
        service,
        deployment.id,
        context,
        timeoutMinutes * 60_000,
      );
      const revision = nameOf(deployment.taskDefinition);
      if (outcome.kind === 'COMPLETED') {
        return {
          status: 'Succeeded',
          ...external,
          summary: `ECS deployment ${
            deployment.id
          } completed: ${serviceName} runs ${revision} (${
            deployment.desiredCount
          } ${deployment.desiredCount === 1 ? 'task' : 'tasks'})`,
          percentComplete: 100,
        };
      }
      if (outcome.kind === 'FAILED') {
        const rollback = service.deployments.find(
          d => d.rollback && d.status === 'PRIMARY',
        );
        const detail = [
          `Deployment ${deployment.id} of ${revision} failed: ${deployment.rolloutStateReason}`,
          deployment.problem ? `A task stopped: ${deployment.problem}.` : '',
          rollback
            ? `The service rolls back to ${nameOf(
                rollback.taskDefinition,
              )} (deployment ${rollback.id}).`
            : `The service keeps ${nameOf(previous)}'s tasks.`,
        ];
        return {
          ...failedAction(detail.filter(Boolean).join(' ')),
          ...external,
        };
      }
      if (outcome.kind === 'TIMEOUT') {
        return {
          ...failedAction(
            `The ECS deployment ${deployment.id} of ${revision} did not complete within ${timeoutMinutes} minutes (DeploymentTimeout)`,
          ),
          ...external,
        };
      }
      return {
        ...failedAction(
          `The ECS deployment ${deployment.id} of ${revision} was replaced by another deployment of ${serviceName} before it completed`,
        ),
        ...external,
      };
    },
  };
}
