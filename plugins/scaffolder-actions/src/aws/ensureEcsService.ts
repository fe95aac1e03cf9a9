import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  EcsService,
  EcsServices,
  ServiceRequest,
  TaskDefinitionDocument,
} from './ecs';
import {
  componentTagDifference,
  reportExisting,
  Rollback,
  settingDifference,
} from './lookBeforeCreate';
import type { Ownership, TagMap } from './tags';
import { sameTaskDefinition } from '../taskDefinition';

interface Scope {
  where: string;
  subject: Ownership;
  tags: TagMap;
}

/**
 * Reuses the latest revision of the family when it is the same as the
 * requested one; otherwise registers a new revision (deregistered and
 * deleted again if a later step of this run fails: a revision that is only
 * deregistered stays, INACTIVE and tagged, in the account).
 */
export async function ensureTaskDefinition(
  ecs: EcsServices,
  document: TaskDefinitionDocument,
  scope: Scope,
  logger: LoggerService,
  rollback: Rollback,
): Promise<string> {
  const latest = await ecs.latestTaskDefinition(document.family!);
  if (latest && sameTaskDefinition(latest.document, document)) {
    logger.info(
      `The task definition ${latest.arn} is as requested; reusing it`,
    );
    return latest.arn;
  }
  const arn = await ecs.registerTaskDefinition(document, scope.tags);
  rollback.created(`the task definition revision ${arn}`, () =>
    ecs.deleteTaskDefinition(arn),
  );
  logger.info(`Registered the task definition ${arn} ${scope.where}`);
  return arn;
}

/**
 * An existing service is reported and left unchanged, with one exception
 * that makes the zero-task start resumable: our own service still at 0 tasks,
 * re-run with an `image`, is moved to a task definition with that image
 * (ECS controller) and scaled to `desiredCount`.
 */
export async function reuseExistingService(args: {
  ecs: EcsServices;
  existing: EcsService;
  request: Omit<ServiceRequest, 'taskDefinitionArn'>;
  document: TaskDefinitionDocument;
  input: { component: string; image?: string };
  scope: Scope;
  logger: LoggerService;
  rollback: Rollback;
  desiredCount: number;
}): Promise<{ arn: string; taskDefinitionArn: string; created: boolean }> {
  const { ecs, existing, request, input, scope, logger } = args;
  const differences = [
    ...settingDifference('its launch type is', existing.launchType, 'FARGATE'),
    ...settingDifference(
      'its deployment controller is',
      existing.deploymentController,
      request.deploymentController,
    ),
    ...(request.loadBalancer &&
    !existing.targetGroupArns.includes(request.loadBalancer.targetGroupArn)
      ? [
          `it is not behind the target group ${request.loadBalancer.targetGroupArn}`,
        ]
      : []),
    ...componentTagDifference(existing.tags, scope.subject),
  ];
  reportExisting(
    logger,
    `the ECS service '${existing.name}'`,
    scope.where,
    differences,
    'delete it or choose another serviceName to get the requested settings',
  );
  let taskDefinitionArn = existing.taskDefinitionArn;
  if (
    !differences.length &&
    existing.desiredCount === 0 &&
    input.image &&
    args.desiredCount > 0
  ) {
    const rolling = existing.deploymentController === 'ECS';
    if (rolling) {
      taskDefinitionArn = await ensureTaskDefinition(
        ecs,
        args.document,
        scope,
        logger,
        args.rollback,
      );
    }
    await ecs.updateService(request.cluster, existing.name, {
      desiredCount: args.desiredCount,
      ...(rolling && { taskDefinitionArn }),
    });
    logger.info(
      `Scaled the ECS service '${existing.name}' to ${args.desiredCount} task(s) now that an image exists`,
    );
  }
  return { arn: existing.arn, taskDefinitionArn, created: false };
}
