import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'The blue/green sequence of a template: target groups and application first, then the service behind the blue target group, then the deployment group (canary 10% for 5 minutes).',
    example: yaml.stringify({
      steps: [
        {
          id: 'bluegreen',
          action: 'slipway:codedeploy:create-blue-green',
          name: 'Create the target groups and CodeDeploy application',
          input: {
            component: '${{ parameters.component }}',
            owner: '${{ parameters.owner }}',
            environment: 'prod',
            hostHeader: '${{ parameters.component }}.example.com',
          },
        },
        {
          id: 'service',
          action: 'slipway:ecs:create-service',
          name: 'Create the ECS service',
          input: {
            component: '${{ parameters.component }}',
            owner: '${{ parameters.owner }}',
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
            component: '${{ parameters.component }}',
            owner: '${{ parameters.owner }}',
            environment: 'prod',
            hostHeader: '${{ parameters.component }}.example.com',
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
      'Linear shifting every 3 minutes on a path of a shared listener, keeping the old tasks for an hour.',
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
            pathPattern: '/orders/*',
            containerPort: 5000,
            healthCheckPath: '/orders/health',
          },
        },
      ],
    }),
  },
];
