import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'service',
        action: 'slipway:ecs:create-service',
        name: 'Create the ECS service',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'Rolling-update service behind its own target group and listener rule on the environment’s load balancer, rolled back by its alarms (which also notify the alert topic); starts with 0 tasks until the pipeline deploys the first image. Outputs url for the catalog links.',
    example: step({
      component: 'orders',
      owner: 'group:default/payments',
      environment: 'dev',
      repositoryUri: '${{ steps.ecr.output.repositoryUri }}',
      executionRoleArn: '${{ steps.roles.output.taskExecutionRoleArn }}',
      containerPort: 8080,
      healthCheckPath: '/health',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:orders-alerts',
    }),
  },
  {
    description:
      'Rolling service of an environment in another account than the pipeline’s: its alarms notify the component’s alert topic of that account, which the action creates there and subscribes the owner group’s e-mail (looked up by catalog:fetch) and the environment’s alerts.emails to, each address once.',
    example: step({
      component: 'orders',
      owner: 'group:default/payments',
      environment: 'prod',
      repositoryUri: '${{ steps.ecr.output.repositoryUri }}',
      executionRoleArn: '${{ steps.roles.output.taskExecutionRoleArn }}',
      alarmTopicArn: '${{ steps.alerts.output.topicArn }}',
      alertEmails:
        '${{ [steps.ownerGroup.output.entity.spec.profile.email] if steps.ownerGroup.output.entity.spec.profile.email else [] }}',
    }),
  },
  {
    description:
      'CodeDeploy-controlled service registered from the repository’s taskdef.json, behind the blue target group whose routing slipway:codedeploy:create-blue-green created.',
    example: step({
      component: 'orders-api',
      owner: 'group:default/payments',
      environment: 'prod',
      repositoryUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api',
      executionRoleArn:
        'arn:aws:iam::123456789012:role/slipway/orders-api-ecs-task-execution',
      taskDefinitionFile: './taskdef.json',
      deploymentController: 'codedeploy',
      targetGroupArn: '${{ steps.bluegreen.output.blueTargetGroupArn }}',
    }),
  },
  {
    description:
      'Service started at once from an image that already exists, with two tasks and 1 vCPU / 2 GiB.',
    example: step({
      component: 'billing',
      owner: 'group:default/payments',
      environment: 'staging',
      repositoryUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:1.4.2',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      cpu: '1024',
      memory: '2048',
      desiredCount: 2,
      environmentVariables: { LOG_LEVEL: 'info' },
    }),
  },
];
