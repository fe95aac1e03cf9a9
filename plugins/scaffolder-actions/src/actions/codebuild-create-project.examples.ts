import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'build',
        action: 'slipway:codebuild:create-project',
        name: 'Create the build project',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'Build project for a rolling-update service, wired to the outputs of the ECR and IAM steps. BASE_IMAGE comes from slipway.build.baseImage (default public.ecr.aws/docker/library/python:3.12-slim).',
    example: step({
      component: 'orders-api',
      owner: 'group:default/payments',
      environment: 'dev',
      serviceRoleArn: '${{ steps.roles.output.codeBuildRoleArn }}',
      repositoryUri: '${{ steps.ecr.output.repositoryUri }}',
    }),
  },
  {
    description:
      'Blue/green build on a bigger machine with a custom buildspec path and a week of logs.',
    example: step({
      component: 'orders-api',
      owner: 'group:default/payments',
      environment: 'staging',
      serviceRoleArn:
        'arn:aws:iam::123456789012:role/slipway/orders-api-codebuild',
      repositoryUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api',
      containerName: 'web',
      deployStrategy: 'blue-green',
      buildspec: 'ci/buildspec.yml',
      computeType: 'BUILD_GENERAL1_MEDIUM',
      logRetentionDays: 7,
    }),
  },
];
