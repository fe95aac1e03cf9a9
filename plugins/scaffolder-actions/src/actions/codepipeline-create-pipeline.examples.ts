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
      'Pipeline for one environment with ECS rolling deploys, started by pushes to main.',
    example: step({
      component: '${{ parameters.component }}',
      owner: '${{ parameters.owner }}',
      environment: 'dev',
      roleArn: '${{ steps.roles.output.codePipelineRoleArn }}',
      repositoryId:
        '${{ (parameters.repoUrl | parseRepoUrl).owner }}/${{ (parameters.repoUrl | parseRepoUrl).repo }}',
      buildProjectName: '${{ steps.build.output.projectName }}',
    }),
  },
  {
    description:
      'Staging then prod with CodeDeploy blue/green, a manual approval before prod, superseded runs.',
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
    }),
  },
];
