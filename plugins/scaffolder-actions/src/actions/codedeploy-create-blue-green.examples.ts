import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'The blue/green sequence of a template: target groups, the service’s listener rules, alarms and application first, then the service behind the blue target group, then the deployment group (canary 10% for 5 minutes) rolling back on the alarms.',
    example: yaml.stringify({
      steps: [
        {
          id: 'bluegreen',
          action: 'slipway:codedeploy:create-blue-green',
          name: 'Create the target groups and CodeDeploy application',
          input: {
            component: 'orders',
            owner: 'group:default/payments',
            environment: 'prod',
            alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:orders-alerts',
          },
        },
        {
          id: 'service',
          action: 'slipway:ecs:create-service',
          name: 'Create the ECS service',
          input: {
            component: 'orders',
            owner: 'group:default/payments',
            environment: 'prod',
            repositoryUri: '${{ steps.ecr.output.repositoryUri }}',
            executionRoleArn: '${{ steps.roles.output.taskExecutionRoleArn }}',
            deploymentController: 'codedeploy',
            targetGroupArn: '${{ steps.bluegreen.output.blueTargetGroupArn }}',
          },
        },
        {
          id: 'deploymentgroup',
          action: 'slipway:codedeploy:create-blue-green',
          name: 'Create the deployment group',
          input: {
            component: 'orders',
            owner: 'group:default/payments',
            environment: 'prod',
            alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:orders-alerts',
            serviceName: '${{ steps.service.output.serviceName }}',
            serviceRoleArn: '${{ steps.roles.output.codeDeployRoleArn }}',
            strategy: 'canary10Percent5Minutes',
          },
        },
      ],
    }),
  },
  {
    description:
      'Linear shifting every 3 minutes, keeping the old tasks for an hour; an app on port 5000 whose health path is /healthz (under its base path when the environment routes by path).',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploymentgroup',
          action: 'slipway:codedeploy:create-blue-green',
          name: 'Create the deployment group',
          input: {
            component: 'orders-api',
            owner: 'group:default/payments',
            environment: 'staging',
            serviceName: 'orders-api',
            serviceRoleArn:
              'arn:aws:iam::123456789012:role/slipway/orders-api-codedeploy',
            strategy: 'linear10PercentEvery3Minutes',
            terminateBlueAfterMinutes: 60,
            containerPort: 5000,
            healthCheckPath: '/healthz',
          },
        },
      ],
    }),
  },
];
