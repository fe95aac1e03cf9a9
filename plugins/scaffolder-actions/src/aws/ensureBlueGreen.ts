import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BlueGreenGroupRequest, CodeDeploy } from './codedeploy';
import type { LoadBalancing, RuleMatch, TargetGroup } from './elbv2';
import {
  componentTagDifference,
  reportExisting,
  Rollback,
  settingDifference,
} from './lookBeforeCreate';
import type { Ownership, TagMap } from './tags';

export interface Run {
  logger: LoggerService;
  rollback: Rollback;
  where: string;
  subject: Ownership;
  tags: TagMap;
}

export async function ensureTargetGroup(
  elb: LoadBalancing,
  request: Omit<TargetGroup, 'arn' | 'targetType'>,
  run: Run,
): Promise<string> {
  const what = `the target group '${request.name}'`;
  const existing = await elb.findTargetGroup(request.name);
  if (existing) {
    reportExisting(
      run.logger,
      what,
      run.where,
      [
        ...settingDifference('its port is', existing.port, request.port),
        ...settingDifference('its VPC is', existing.vpcId, request.vpcId),
        ...settingDifference('its target type is', existing.targetType, 'ip'),
        ...settingDifference(
          'its health check path is',
          existing.healthCheckPath,
          request.healthCheckPath,
        ),
        ...componentTagDifference(await elb.tags(existing.arn), run.subject),
      ],
      'delete it or adjust it in the EC2 console',
    );
    return existing.arn;
  }
  const arn = await elb.createTargetGroup(request, run.tags);
  run.rollback.created(what, () => elb.deleteTargetGroup(arn));
  run.logger.info(`Created ${what} ${run.where}`);
  return arn;
}

/**
 * Makes the listener send matching requests to the blue target group, unless
 * one of its rules already forwards to blue or green (CodeDeploy swaps them).
 * A new rule takes the priority after the listener's highest one.
 */
export async function ensureListenerRule(
  elb: LoadBalancing,
  listenerArn: string,
  targetGroupArns: [string, string],
  match: RuleMatch,
  run: Run,
): Promise<string> {
  const rules = await elb.rules(listenerArn);
  const ours = rules.find(r =>
    r.targetGroupArns.some(arn => targetGroupArns.includes(arn)),
  );
  if (ours) {
    run.logger.info(
      `The listener ${listenerArn} already forwards to this service (rule ${ours.arn}); reusing it`,
    );
    return ours.arn;
  }
  const priorities = rules
    .map(r => Number(r.priority))
    .filter(p => Number.isInteger(p));
  const priority = Math.max(0, ...priorities) + 1;
  const arn = await elb.createForwardRule(
    listenerArn,
    priority,
    match,
    targetGroupArns[0],
    run.tags,
  );
  run.rollback.created(`the listener rule ${arn}`, () => elb.deleteRule(arn));
  run.logger.info(
    `Added rule ${priority} to the listener ${listenerArn}, forwarding to the blue target group`,
  );
  return arn;
}

export async function ensureApplication(
  codedeploy: CodeDeploy,
  name: string,
  run: Run,
): Promise<boolean> {
  const what = `the CodeDeploy application '${name}'`;
  const platform = await codedeploy.applicationPlatform(name);
  if (platform) {
    reportExisting(
      run.logger,
      what,
      run.where,
      settingDifference('its compute platform is', platform, 'ECS'),
      'choose another component name or delete the application',
    );
    return false;
  }
  await codedeploy.createApplication(name, run.tags);
  run.rollback.created(what, () => codedeploy.deleteApplication(name));
  run.logger.info(`Created ${what} ${run.where}`);
  return true;
}

export async function ensureDeploymentGroup(
  codedeploy: CodeDeploy,
  request: BlueGreenGroupRequest,
  run: Run,
): Promise<boolean> {
  const what = `the deployment group '${request.name}'`;
  const existing = await codedeploy.findDeploymentGroup(
    request.application,
    request.name,
  );
  if (existing) {
    reportExisting(
      run.logger,
      what,
      run.where,
      [
        ...settingDifference(
          'its deployment configuration is',
          existing.deploymentConfigName,
          request.deploymentConfigName,
        ),
        ...settingDifference(
          'its service role is',
          existing.serviceRoleArn,
          request.serviceRoleArn,
        ),
        ...settingDifference(
          'its ECS service is',
          existing.ecsService,
          `${request.cluster}/${request.service}`,
        ),
        ...settingDifference(
          'its target groups are',
          existing.targetGroupNames.join(', '),
          request.targetGroupNames.join(', '),
        ),
      ],
      'change it in the CodeDeploy console or delete it and re-run',
    );
    return false;
  }
  await codedeploy.createBlueGreenGroup(request, run.tags);
  run.rollback.created(what, () =>
    codedeploy.deleteDeploymentGroup(request.application, request.name),
  );
  run.logger.info(
    `Created ${what} (${request.deploymentConfigName}) ${run.where}`,
  );
  return true;
}
