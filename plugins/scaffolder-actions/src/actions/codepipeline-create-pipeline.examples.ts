import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'pipeline',
        action: 'slipway:codepipeline:create-pipeline',
        name: 'Create the pipeline',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'Pipeline for one environment with ECS rolling deploys, started by pushes to main; its Start-tasks step brings the new service to one task after the first deploy. In a template, roleArn is ${{ steps.roles.output.codePipelineRoleArn }}.',
    example: step({
      component: 'orders',
      owner: 'group:default/payments',
      environment: 'dev',
      roleArn: 'arn:aws:iam::123456789012:role/slipway/orders-codepipeline',
      repositoryId: 'acme/orders',
      buildProjectName: 'orders-build',
    }),
  },
  {
    description:
      'Staging then prod with CodeDeploy blue/green (each stage deploys its own taskdef-<env>.json), a manual approval before prod, superseded runs, two tasks per environment.',
    example: step({
      component: 'orders-api',
      owner: 'group:default/payments',
      environment: 'staging',
      roleArn: 'arn:aws:iam::123456789012:role/slipway/orders-api-codepipeline',
      repositoryId: 'acme/orders-api',
      branch: 'release',
      deployEnvironments: ['staging', 'prod'],
      approvalBefore: ['prod'],
      deploymentStrategy: 'blue-green',
      executionMode: 'SUPERSEDED',
      desiredCount: 2,
    }),
  },
];
