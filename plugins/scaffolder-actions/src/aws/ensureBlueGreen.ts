import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SNSClient } from '@aws-sdk/client-sns';
import { NotFoundError } from '@backstage/errors';
import {
  BlueGreenDesign,
  BlueGreenResult,
  listeners,
} from '../blueGreenDesign';
import { Alarms, ensureTargetGroupAlarms } from './cloudwatch';
import type { AwsClientFactory, AwsTarget } from './clients';
import { BlueGreenGroupRequest, CodeDeploy } from './codedeploy';
import { EcsServices } from './ecs';
import { LoadBalancing } from './elbv2';
import { ensureAlertTopic, subscribeEmails } from './ensureAlerts';
import { ensure, Run, settingDifference } from './lookBeforeCreate';
import {
  ensureListenerRule,
  ensureTargetGroup,
  lookUpEntrance,
  serviceAddress,
} from './routing';
import { SnsTopics } from './sns';

/** The adapters blue/green needs, for one account and region. */
export async function blueGreenClients(
  clients: AwsClientFactory,
  target: AwsTarget,
) {
  return {
    elb: new LoadBalancing(
      await clients.get(ElasticLoadBalancingV2Client, target),
      target,
    ),
    alarms: new Alarms(await clients.get(CloudWatchClient, target), target),
    codedeploy: new CodeDeploy(
      await clients.get(CodeDeployClient, target),
      target,
    ),
    ecs: new EcsServices(await clients.get(ECSClient, target), target),
    topics: new SnsTopics(await clients.get(SNSClient, target), target),
  };
}

/**
 * Blue and green target groups, the service's rule on the production and
 * test listeners (forwarding to blue: CodeDeploy swaps them), the alarms of
 * both target groups (after this account's alert topic, when they notify
 * it) and the application; with a service, the deployment group that rolls
 * back on those alarms.
 */
export async function ensureBlueGreen(
  run: Run,
  aws: Awaited<ReturnType<typeof blueGreenClients>>,
  design: BlueGreenDesign,
): Promise<BlueGreenResult> {
  const { elb } = aws;
  const { route, groups } = design;
  const topic = design.accountAlertTopic;
  if (topic) {
    const { arn } = await ensureAlertTopic(run, aws.topics, topic);
    await subscribeEmails(run, aws.topics, arn, topic.emails);
  }
  const entrance = await lookUpEntrance(elb, route.productionListenerArn);
  const group = (name: string) =>
    ensureTargetGroup(run, elb, {
      name,
      port: design.port,
      vpcId: design.vpcId,
      healthCheckPath: route.healthCheckPath,
    });
  const blue = await group(groups.blue);
  const green = await group(groups.green);
  const ruleArns: string[] = [];
  for (const listenerArn of listeners(route)) {
    const rule = await ensureListenerRule(run, elb, {
      listenerArn,
      condition: route.condition,
      targetGroupArns: [blue, green],
    });
    ruleArns.push(rule.arn);
  }
  const alarmNames: string[] = [];
  for (const targetGroupArn of [blue, green]) {
    alarmNames.push(
      ...(await ensureTargetGroupAlarms(run, aws.alarms, {
        targetGroupArn,
        loadBalancerArn: entrance.loadBalancerArn,
        topicArn: design.alarmTopicArn,
      })),
    );
  }
  await ensureApplication(run, aws.codedeploy, design.application);
  if (design.service) {
    const { name, roleArn } = design.service;
    if (!(await aws.ecs.findService(design.cluster, name))) {
      throw new NotFoundError(
        `The ECS service '${name}' does not exist on the cluster '${design.cluster}' ${run.where}; run slipway:ecs:create-service (deploymentController codedeploy) before this step`,
      );
    }
    await ensureDeploymentGroup(run, aws.codedeploy, {
      application: design.application,
      name: design.deploymentGroup,
      serviceRoleArn: roleArn,
      deploymentConfigName: design.deploymentConfigName,
      terminateBlueAfterMinutes: design.terminateBlueAfterMinutes,
      cluster: design.cluster,
      service: name,
      targetGroupNames: [groups.blue, groups.green],
      productionListenerArn: route.productionListenerArn,
      testListenerArn: route.testListenerArn,
      alarmNames,
    });
  }
  const { url, basePath } = serviceAddress(route, entrance);
  return {
    blueTargetGroupArn: blue,
    greenTargetGroupArn: green,
    productionListenerRuleArn: ruleArns[0],
    testListenerRuleArn: ruleArns[1],
    url,
    basePath,
    alarmNames,
    deploymentGroupReady: !!design.service,
  };
}

async function ensureApplication(
  run: Run,
  codedeploy: CodeDeploy,
  name: string,
): Promise<void> {
  await ensure(run, {
    what: `the CodeDeploy application '${name}'`,
    find: () => codedeploy.applicationPlatform(name),
    ownerTags: () => codedeploy.tags(name),
    differences: platform =>
      settingDifference('its compute platform is', platform, 'ECS'),
    advice: 'choose another component name or delete the application',
    reuse: () => name,
    create: async () => {
      await codedeploy.createApplication(name, run.tags);
      return name;
    },
    remove: () => codedeploy.deleteApplication(name),
  });
}

async function ensureDeploymentGroup(
  run: Run,
  codedeploy: CodeDeploy,
  request: BlueGreenGroupRequest,
): Promise<void> {
  await ensure(run, {
    what: `the deployment group '${request.name}'`,
    find: () =>
      codedeploy.findDeploymentGroup(request.application, request.name),
    ownerTags: () => codedeploy.tags(request.application, request.name),
    differences: existing => [
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
      ...request.alarmNames
        .filter(alarm => !existing.alarmNames.includes(alarm))
        .map(alarm => `it does not roll back on the alarm '${alarm}'`),
    ],
    advice: 'change it in the CodeDeploy console or delete it and re-run',
    reuse: () => request.name,
    create: async () => {
      await codedeploy.createBlueGreenGroup(request, run.tags);
      return request.name;
    },
    remove: () =>
      codedeploy.deleteDeploymentGroup(request.application, request.name),
  });
}
