/**
 * The benchmark world (issue 8): one component with 2 pipelines
 * Source → Build → Approval → Deploy and 3 ECS services in 2 clusters, all
 * found by tags. Payloads are shaped like real AWS JSON 1.1 answers, with
 * epoch-second timestamps.
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const COMPONENT_TAG = { key: 'slipway:component', value: 'bench-shop' };
/** The bench entity's owner, as the scaffolder tags what it creates. */
export const OWNER_TAG = { key: 'slipway:owner', value: 'group:default/shop' };

const now = () => Date.now() / 1000;
const COMMIT = '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';

export const pipelines = ['bench-shop-api', 'bench-shop-web'];
export const services = [
  { cluster: 'shop-prod', name: 'bench-shop-api' },
  { cluster: 'shop-prod', name: 'bench-shop-worker' },
  { cluster: 'shop-web', name: 'bench-shop-web' },
];

export const pipelineArn = (name: string) =>
  `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${name}`;
export const serviceArn = (cluster: string, name: string) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${name}`;

function action(
  name: string,
  category: string,
  provider: string,
  configuration: Record<string, string>,
) {
  return {
    name,
    actionTypeId: { category, owner: 'AWS', provider, version: '1' },
    runOrder: 1,
    configuration,
  };
}

export function getPipeline(name: string) {
  return {
    pipeline: {
      name,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-pipeline`,
      pipelineType: 'V2',
      executionMode: 'QUEUED',
      version: 4,
      artifactStore: { type: 'S3', location: 'bench-artifacts' },
      stages: [
        {
          name: 'Source',
          actions: [
            action('Source', 'Source', 'CodeStarSourceConnection', {
              FullRepositoryId: `acme/${name}`,
              BranchName: 'main',
            }),
          ],
        },
        {
          name: 'Build',
          actions: [
            action('Build', 'Build', 'CodeBuild', { ProjectName: name }),
          ],
        },
        {
          name: 'Approve',
          actions: [action('Approve', 'Approval', 'Manual', {})],
        },
        {
          name: 'Deploy',
          actions: [
            action('Deploy', 'Deploy', 'ECS', {
              ClusterName: 'shop-prod',
              ServiceName: name,
              FileName: 'imagedefinitions.json',
            }),
          ],
        },
      ],
    },
    metadata: {
      pipelineArn: pipelineArn(name),
      created: now() - 86400 * 30,
      updated: now() - 86400,
    },
  };
}

/** Pipelines whose pending approval has been decided (PutApprovalResult). */
const decided = new Map<string, string>();

export function putApprovalResult(input: {
  pipelineName: string;
  token: string;
  result: { status: string };
}) {
  if (
    input.token !== 'bench-approval-token' ||
    decided.has(input.pipelineName)
  ) {
    return { error: 'InvalidApprovalTokenException' };
  }
  decided.set(input.pipelineName, input.result.status);
  return { approvedAt: now() };
}

function approvalStatus(name: string): string {
  if (idle) return 'Succeeded';
  if (!decided.has(name)) return 'InProgress';
  return decided.get(name) === 'Approved' ? 'Succeeded' : 'Failed';
}

/** Changes per pipeline since the world was reset ({@link changePipeline}). */
const revisions = new Map<string, number>();

/**
 * A state change of the pipeline, as a new run would make: the execution id
 * of its stages moves to `revision` (so a viewer can tell which change it
 * sees). Returns the revision now shown.
 */
export function changePipeline(name: string): number {
  const revision = (revisions.get(name) ?? 0) + 1;
  revisions.set(name, revision);
  return revision;
}

/** The execution id the pipeline's stages show at a revision. */
export function executionIdAt(revision: number): string {
  return revision === 0
    ? '8d6b1c2a-3f4e-4a5b-9c8d-7e6f5a4b3c2d'
    : `8d6b1c2a-3f4e-4a5b-9c8d-${revision.toString(16).padStart(12, '0')}`;
}

/** The revision an answer's execution id shows (see {@link executionIdAt}). */
export function revisionOf(executionId: string | undefined): number {
  if (!executionId || executionId === executionIdAt(0)) return 0;
  return parseInt(executionId.split('-').pop() ?? '0', 16);
}

/**
 * Idle world: no run in progress and no approval waiting (the approvals are
 * decided), so the plugin caches and polls on its idle windows.
 */
let idle = false;
export function setIdle(value: boolean) {
  idle = value;
}

export function resetWorld() {
  decided.clear();
  revisions.clear();
  idle = false;
}

export function getPipelineState(name: string) {
  const execution = (status: string) => ({
    pipelineExecutionId: executionIdAt(revisions.get(name) ?? 0),
    status,
  });
  const actionState = (
    actionName: string,
    status: string,
    extra: object = {},
  ) => ({
    actionName,
    latestExecution: {
      actionExecutionId: `${actionName}-1`,
      status,
      lastStatusChange: now() - 300,
      ...extra,
    },
  });
  return {
    pipelineName: name,
    pipelineVersion: 4,
    created: now() - 86400 * 30,
    updated: now() - 86400,
    stageStates: [
      {
        stageName: 'Source',
        inboundTransitionState: { enabled: true },
        latestExecution: execution('Succeeded'),
        actionStates: [
          actionState('Source', 'Succeeded', {
            summary:
              '{"ProviderType":"GitHub","CommitMessage":"Speed up checkout"}',
            externalExecutionId: COMMIT,
          }),
        ],
      },
      {
        stageName: 'Build',
        inboundTransitionState: { enabled: true },
        latestExecution: execution('Succeeded'),
        actionStates: [
          actionState('Build', 'Succeeded', {
            externalExecutionId: `${name}:0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e`,
            externalExecutionUrl:
              'https://console.aws.amazon.com/codebuild/home',
          }),
        ],
      },
      {
        stageName: 'Approve',
        inboundTransitionState: { enabled: true },
        latestExecution: execution(approvalStatus(name)),
        actionStates: [
          actionState(
            'Approve',
            approvalStatus(name),
            decided.has(name) || idle ? {} : { token: 'bench-approval-token' },
          ),
        ],
      },
      {
        stageName: 'Deploy',
        inboundTransitionState: { enabled: true },
        latestExecution: {
          pipelineExecutionId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
          status: 'Succeeded',
        },
        actionStates: [actionState('Deploy', 'Succeeded')],
      },
    ],
  };
}

export function listPipelineExecutions(maxResults = 1) {
  return {
    pipelineExecutionSummaries: Array.from(
      { length: Math.min(maxResults, 20) },
      (_, i) => ({
        pipelineExecutionId: `8d6b1c2a-3f4e-4a5b-9c8d-7e6f5a4b3c${String(
          i,
        ).padStart(2, '0')}`,
        status: i === 0 && !idle ? 'InProgress' : 'Succeeded',
        startTime: now() - 600 - i * 3600,
        lastUpdateTime: now() - 300 - i * 3600,
        trigger: {
          triggerType: 'Webhook',
          triggerDetail:
            'arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b',
        },
        executionMode: 'QUEUED',
        executionType: 'STANDARD',
        sourceRevisions: [
          {
            actionName: 'Source',
            revisionId: COMMIT,
            revisionSummary:
              '{"ProviderType":"GitHub","CommitMessage":"Speed up checkout"}',
            revisionUrl: `https://github.com/acme/shop/commit/${COMMIT}`,
          },
        ],
      }),
    ),
  };
}

/**
 * The services of further bench entities (`benchEntities`): entity i has
 * `bench-e<i>-api` and `bench-e<i>-worker` in shop-prod and `bench-e<i>-web`
 * in shop-web, and pipelines `bench-e<i>-api` and `bench-e<i>-web`.
 */
export function entityResources(i: number) {
  return {
    pipelines: [`bench-e${i}-api`, `bench-e${i}-web`],
    services: [
      { cluster: 'shop-prod', name: `bench-e${i}-api` },
      { cluster: 'shop-prod', name: `bench-e${i}-worker` },
      { cluster: 'shop-web', name: `bench-e${i}-web` },
    ],
  };
}

function serviceExists(cluster: string, name: string) {
  if (services.some(s => s.cluster === cluster && s.name === name)) {
    return true;
  }
  const further = /^bench-e\d+-(api|worker|web)$/.exec(name);
  return Boolean(
    further &&
      (further[1] === 'web' ? cluster === 'shop-web' : cluster === 'shop-prod'),
  );
}

export function describeServices(cluster: string, names: string[]) {
  const found = names.filter(n => serviceExists(cluster, n));
  return {
    services: found.map(name => ({
      serviceArn: serviceArn(cluster, name),
      serviceName: name,
      clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`,
      status: 'ACTIVE',
      desiredCount: 3,
      runningCount: 3,
      pendingCount: 0,
      launchType: 'FARGATE',
      taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${name}:42`,
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
      },
      deploymentController: { type: 'ECS' },
      deployments: [
        {
          id: `ecs-svc/${name}-1`,
          status: 'PRIMARY',
          taskDefinition: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${name}:42`,
          desiredCount: 3,
          pendingCount: 0,
          runningCount: 3,
          failedTasks: 0,
          createdAt: now() - 7200,
          updatedAt: now() - 7000,
          launchType: 'FARGATE',
          rolloutState: 'COMPLETED',
          rolloutStateReason: 'ECS deployment completed.',
        },
      ],
      events: Array.from({ length: 5 }, (_, i) => ({
        id: `${name}-event-${i}`,
        createdAt: now() - i * 600,
        message: `(service ${name}) has reached a steady state.`,
      })),
      createdAt: now() - 86400 * 30,
    })),
    failures: names
      .filter(n => !found.includes(n))
      .map(n => ({ arn: serviceArn(cluster, n), reason: 'MISSING' })),
  };
}

export function taskArns(
  cluster: string,
  service: string,
  desiredStatus: string,
) {
  const count = desiredStatus === 'STOPPED' ? 1 : 3;
  return Array.from(
    { length: count },
    (_, i) =>
      `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${cluster}/${service.replace(
        /-/g,
        '',
      )}${desiredStatus === 'STOPPED' ? 's' : 'r'}${i}`,
  );
}

export function describeTasks(cluster: string, arns: string[]) {
  return {
    tasks: arns.map(arn => {
      const stopped = /s\d$/.test(arn);
      return {
        taskArn: arn,
        clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`,
        taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/bench:42`,
        lastStatus: stopped ? 'STOPPED' : 'RUNNING',
        desiredStatus: stopped ? 'STOPPED' : 'RUNNING',
        healthStatus: stopped ? 'UNKNOWN' : 'HEALTHY',
        launchType: 'FARGATE',
        availabilityZone: 'us-east-1a',
        startedAt: now() - 3600,
        ...(stopped
          ? {
              stoppedAt: now() - 1800,
              stoppedReason:
                'Scaling activity initiated by (deployment ecs-svc/1)',
              stopCode: 'ServiceSchedulerInitiated',
            }
          : {}),
        containers: [
          {
            name: 'app',
            lastStatus: stopped ? 'STOPPED' : 'RUNNING',
            exitCode: stopped ? 0 : undefined,
            healthStatus: 'HEALTHY',
            image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/bench:42',
          },
        ],
      };
    }),
    failures: [],
  };
}

export function getResources(resourceTypes: string[], extraPipelines = 0) {
  const arns = [
    ...(resourceTypes.includes('codepipeline:pipeline')
      ? [
          ...pipelines,
          ...Array.from({ length: extraPipelines }, (_, i) => `fanout-${i}`),
        ].map(pipelineArn)
      : []),
    ...(resourceTypes.includes('ecs:service')
      ? services.map(s => serviceArn(s.cluster, s.name))
      : []),
  ];
  return {
    ResourceTagMappingList: arns.map(arn => ({
      ResourceARN: arn,
      Tags: [{ Key: COMPONENT_TAG.key, Value: COMPONENT_TAG.value }],
    })),
    PaginationToken: '',
  };
}

/** ListTagsForResource of any bench pipeline: the tags Slipway's scaffolder gives it. */
export function pipelineTags() {
  return {
    tags: [
      COMPONENT_TAG,
      OWNER_TAG,
      { key: 'slipway:managed-by', value: 'backstage' },
    ],
  };
}
