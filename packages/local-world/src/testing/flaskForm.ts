/** What a developer fills in on the Flask template's form. */
export interface FormInput {
  name: string;
  description?: string;
  owner: string;
  system?: string;
  repoUrl: string;
  environments: string[];
  strategy: 'rolling' | 'blue-green' | 'canary' | 'linear';
  approvalBefore: string;
  cpu: string;
  memory: string;
  port: number;
  desiredCount: number;
}

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export const defaultForm: FormInput = {
  name: 'orders-api',
  description: 'Order intake API',
  owner: 'group:default/payments-team',
  system: 'system:default/payments',
  repoUrl: 'github.com?owner=acme&repo=orders-api',
  environments: ['dev', 'prod'],
  strategy: 'rolling',
  approvalBefore: 'prod',
  cpu: '256',
  memory: '512',
  port: 8080,
  desiredCount: 2,
};

/** How the environments' load balancers route to a service (slipway.environments.<env>.loadBalancer). */
export type Routing = 'host' | 'path';

/**
 * What the actions would output for a form, in the shapes the template reads
 * (steps with `each` give arrays, one entry per environment), following
 * Slipway's naming convention (plugins/scaffolder-actions/src/names.ts).
 */
export function actionOutputs(f: FormInput, routing: Routing = 'host') {
  const clusters = f.environments.map(env => `${env}-cluster`);
  const basePaths = f.environments.map(() =>
    routing === 'path' ? `/services/${f.name}` : '',
  );
  return {
    repositoryUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${f.name}`,
    repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${f.name}`,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/slipway/${f.name}-ecs-task-execution`,
    buildProjectName: `${f.name}-build`,
    clusters,
    serviceArns: clusters.map(
      c => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${c}/${f.name}`,
    ),
    logGroups: f.environments.map(env => `/slipway/${f.name}/${env}/ecs`),
    basePaths,
    urls: f.environments.map((env, i) =>
      routing === 'path'
        ? `http://platform-${env}-1234567890.${REGION}.elb.amazonaws.com${basePaths[i]}`
        : `https://${f.name}.${env}.example.com`,
    ),
    alertTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:${f.name}-alerts`,
  };
}

/**
 * The `values` the template's fetch step passes to the skeleton, built the
 * way template.yaml builds them (template-tests' dryRun.test.ts keeps the two
 * in step).
 */
export function skeletonValues(f: FormInput, routing: Routing = 'host') {
  const out = actionOutputs(f, routing);
  const slug = new URLSearchParams(f.repoUrl.split('?')[1]);
  return {
    name: f.name,
    description: f.description,
    owner: f.owner,
    system: f.system,
    repoSlug: `${slug.get('owner')}/${slug.get('repo')}`,
    environments: f.environments,
    strategy: f.strategy,
    approvalBefore: f.approvalBefore,
    cpu: f.cpu,
    memory: f.memory,
    port: f.port,
    desiredCount: f.desiredCount,
    accountId: ACCOUNT,
    region: REGION,
    repositoryUri: out.repositoryUri,
    executionRoleArn: out.executionRoleArn,
    executionRoleArns: Object.fromEntries(
      f.environments.map(env => [env, out.executionRoleArn]),
    ),
    buildProjectName: out.buildProjectName,
    serviceArns: out.serviceArns,
    logGroups: out.logGroups,
    urls: out.urls,
    basePaths: out.basePaths,
    alertTopicArn: out.alertTopicArn,
    pipelineName: f.name,
    pipelineArn: `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${f.name}`,
  };
}
