import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { NotFoundError } from '@backstage/errors';
import { rolling, ServiceDesign, ServiceResult } from '../serviceDesign';
import { sameTaskDefinition } from '../taskDefinition';
import { Alarms, ensureTargetGroupAlarms } from './cloudwatch';
import type { AwsClientFactory, AwsTarget } from './clients';
import type {
  EcsService,
  EcsServices as EcsServicesType,
  ServiceRequest,
  TaskDefinitionDocument,
} from './ecs';
import { EcsServices } from './ecs';
import { LoadBalancing } from './elbv2';
import { ensureLogGroup, LogGroups } from './logs';
import {
  reportExisting,
  Run,
  settingDifference,
  refuseUnlessOwned,
} from './lookBeforeCreate';
import {
  ensureListenerRule,
  ensureTargetGroup,
  lookUpEntrance,
  serviceAddress,
} from './routing';
import { SERVICE_URL_TAG, SLIPWAY_TAG_KEYS } from './tags';

/** The adapters a service needs, for one account and region. */
export async function serviceClients(
  clients: AwsClientFactory,
  target: AwsTarget,
) {
  return {
    ecs: new EcsServices(await clients.get(ECSClient, target), target),
    logs: new LogGroups(
      await clients.get(CloudWatchLogsClient, target),
      target,
    ),
    elb: new LoadBalancing(
      await clients.get(ElasticLoadBalancingV2Client, target),
      target,
    ),
    alarms: new Alarms(await clients.get(CloudWatchClient, target), target),
  };
}

/**
 * Creates (or reuses) the service behind the environment's load balancer.
 * ECS controller: its own target group, listener rule and alarms first (the
 * target group must be routed to before ECS accepts it), then the service
 * with the alarms in its deployment configuration. CODE_DEPLOY controller:
 * behind the given blue target group, whose routing the blue/green action owns.
 */
export async function ensureEcsService(
  run: Run,
  aws: Awaited<ReturnType<typeof serviceClients>>,
  design: ServiceDesign,
): Promise<ServiceResult> {
  const { ecs, elb } = aws;
  const { request, route } = design;
  const status = await ecs.clusterStatus(request.cluster);
  if (status !== 'ACTIVE') {
    throw new NotFoundError(
      `The ECS cluster '${request.cluster}' named by slipway.environments.${
        design.environment
      }.cluster ${status ? `is ${status}` : 'does not exist'} ${
        run.where
      }; create it (or fix the name) before creating services`,
    );
  }
  const entrance = await lookUpEntrance(elb, route.productionListenerArn);
  const { url, basePath } = serviceAddress(route, entrance);
  let targetGroupArn = design.targetGroup.arn ?? '';
  let listenerRuleArn: string | undefined;
  let alarmNames: string[] = [];
  if (rolling(design)) {
    targetGroupArn = await ensureTargetGroup(run, elb, {
      name: design.targetGroup.name,
      port: design.document.containerDefinitions![0].portMappings![0]
        .containerPort!,
      vpcId: design.vpcId,
      healthCheckPath: route.healthCheckPath,
    });
    listenerRuleArn = (
      await ensureListenerRule(run, elb, {
        listenerArn: route.productionListenerArn,
        condition: route.condition,
        targetGroupArns: [targetGroupArn],
      })
    ).arn;
    alarmNames = await ensureTargetGroupAlarms(run, aws.alarms, {
      targetGroupArn,
      loadBalancerArn: entrance.loadBalancerArn,
      topicArn: design.alarmTopicArn,
    });
  }
  const full = {
    ...request,
    loadBalancer: {
      targetGroupArn,
      containerName: design.document.containerDefinitions![0].name!,
      containerPort:
        design.document.containerDefinitions![0].portMappings![0]
          .containerPort!,
    },
    alarmNames,
  };
  const routing = {
    url,
    basePath,
    targetGroupArn,
    listenerRuleArn,
    alarmNames,
  };
  const existing = await ecs.findService(request.cluster, request.name);
  if (existing) {
    return {
      ...routing,
      ...(await reuseExistingService(run, ecs, existing, full, design, url)),
    };
  }
  await ensureLogGroup(
    aws.logs,
    { name: design.logGroup, retentionInDays: design.logRetentionDays },
    run,
  );
  const taskDefinitionArn = await ensureTaskDefinition(
    run,
    ecs,
    design.document,
  );
  const serviceArn = await ecs.createService(
    { ...full, taskDefinitionArn },
    { ...run.tags, [SERVICE_URL_TAG]: url },
  );
  run.rollback.created(`the ECS service '${request.name}'`, () =>
    ecs.deleteService(request.cluster, request.name),
  );
  run.logger.info(
    `Created the ECS service '${request.name}' on '${request.cluster}' ${run.where} with ${request.desiredCount} task(s), answering on ${url}`,
  );
  return { ...routing, serviceArn, taskDefinitionArn, created: true };
}

/**
 * Reuses the latest revision of the family when it is the same as the
 * requested one; otherwise registers a new revision (deregistered and
 * deleted again if a later step of this run fails: a revision that is only
 * deregistered stays, INACTIVE and tagged, in the account). A family whose
 * latest revision is tagged for another component or owner is not touched;
 * an untagged one (a pipeline's deploy registers revisions without Slipway's
 * tags) is taken as this component's by its name.
 */
export async function ensureTaskDefinition(
  run: Run,
  ecs: EcsServicesType,
  document: TaskDefinitionDocument,
): Promise<string> {
  const latest = await ecs.latestTaskDefinition(document.family!);
  if (
    latest &&
    (latest.tags[SLIPWAY_TAG_KEYS.component] ||
      latest.tags[SLIPWAY_TAG_KEYS.owner])
  ) {
    refuseUnlessOwned(
      run,
      `the task definition family '${document.family}'`,
      latest.tags,
      'choose another component name, or ask its owners',
    );
  }
  if (latest && sameTaskDefinition(latest.document, document)) {
    run.logger.info(
      `The task definition ${latest.arn} is as requested; reusing it`,
    );
    return latest.arn;
  }
  const arn = await ecs.registerTaskDefinition(document, run.tags);
  run.rollback.created(`the task definition revision ${arn}`, () =>
    ecs.deleteTaskDefinition(arn),
  );
  run.logger.info(`Registered the task definition ${arn} ${run.where}`);
  return arn;
}

/**
 * An existing service is reused only when it is this component's; it is
 * reported and left unchanged, with two exceptions: its URL tag is brought up to date, and a service still at
 * 0 tasks, re-run with an `image`, is moved to a task definition with that
 * image (ECS controller) and scaled to `desiredCount`.
 */
async function reuseExistingService(
  run: Run,
  ecs: EcsServicesType,
  existing: EcsService,
  request: Omit<ServiceRequest, 'taskDefinitionArn'>,
  design: ServiceDesign,
  url: string,
): Promise<{
  serviceArn: string;
  taskDefinitionArn: string;
  created: boolean;
}> {
  refuseUnlessOwned(
    run,
    `the ECS service '${existing.name}'`,
    existing.tags,
    'delete it or choose another serviceName',
  );
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
    ...(request.alarmNames ?? [])
      .filter(name => !existing.alarmNames.includes(name))
      .map(name => `its deployments do not roll back on the alarm '${name}'`),
  ];
  reportExisting(
    run.logger,
    `the ECS service '${existing.name}'`,
    run.where,
    differences,
    'delete it or choose another serviceName to get the requested settings',
  );
  if (existing.tags[SERVICE_URL_TAG] !== url) {
    await ecs.tagService(existing.arn, { [SERVICE_URL_TAG]: url });
  }
  let taskDefinitionArn = existing.taskDefinitionArn;
  const image = design.request.desiredCount > 0;
  if (!differences.length && existing.desiredCount === 0 && image) {
    const isRolling = existing.deploymentController === 'ECS';
    if (isRolling) {
      taskDefinitionArn = await ensureTaskDefinition(run, ecs, design.document);
    }
    await ecs.updateService(request.cluster, existing.name, {
      desiredCount: design.desiredCount,
      ...(isRolling && { taskDefinitionArn }),
    });
    run.logger.info(
      `Scaled the ECS service '${existing.name}' to ${design.desiredCount} task(s) now that an image exists`,
    );
  }
  return { serviceArn: existing.arn, taskDefinitionArn, created: false };
}
