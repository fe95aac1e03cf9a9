import { z } from 'zod';

/**
 * A state change AWS reported through EventBridge, reduced to the resource
 * Slipway caches it under:
 * - `pipeline`: a pipeline's ARN (pipeline, stage and action execution
 *   changes; builds a pipeline started);
 * - `ecs-service`: a service's ARN (deployment state changes, service
 *   actions, stopped tasks of a service);
 * - `codedeploy-group`: a deployment group, mapped to its ECS services
 *   through the resolver's cached lookup.
 */
export type AwsResourceChange =
  | { kind: 'pipeline'; arn: string }
  | { kind: 'ecs-service'; arn: string }
  | {
      kind: 'codedeploy-group';
      partition: string;
      accountId: string;
      region: string;
      application: string;
      deploymentGroup: string;
      deploymentId?: string;
    };

/** The EventBridge envelope, as the SQS message body carries it. */
const envelope = z.object({
  source: z.string(),
  'detail-type': z.string(),
  account: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  resources: z.array(z.string()).default([]),
  detail: z.record(z.string(), z.unknown()).default({}),
});
type Envelope = z.infer<typeof envelope>;

const text = (value: unknown) =>
  typeof value === 'string' && value ? value : undefined;

const partitionOf = (event: Envelope) =>
  /^arn:([a-z-]+):/.exec(event.resources[0] ?? '')?.[1] ?? 'aws';

function pipelineChange(event: Envelope): AwsResourceChange | undefined {
  const fromResources = event.resources.find(r =>
    /^arn:[a-z-]+:codepipeline:/.test(r),
  );
  const name = text(event.detail.pipeline);
  const arn =
    fromResources ??
    (name &&
      `arn:${partitionOf(event)}:codepipeline:${event.region}:${
        event.account
      }:${name}`);
  return arn ? { kind: 'pipeline', arn } : undefined;
}

/** Builds matter only as pipeline actions: the initiator names the pipeline. */
function buildChange(event: Envelope): AwsResourceChange | undefined {
  const info = event.detail['additional-information'] as
    | Record<string, unknown>
    | undefined;
  const pipeline = /^codepipeline\/(.+)$/.exec(text(info?.initiator) ?? '');
  if (!pipeline) return undefined;
  return {
    kind: 'pipeline',
    arn: `arn:${partitionOf(event)}:codepipeline:${event.region}:${
      event.account
    }:${pipeline[1]}`,
  };
}

function ecsChange(event: Envelope): AwsResourceChange | undefined {
  const service = event.resources.find(r =>
    /^arn:[a-z-]+:ecs:[^:]+:\d{12}:service\/[^/]+\/[^/]+$/.test(r),
  );
  if (service) return { kind: 'ecs-service', arn: service };
  // Task state changes name the task; its group names the service.
  const cluster = /^arn:([a-z-]+):ecs:([^:]+):(\d{12}):cluster\/(.+)$/.exec(
    text(event.detail.clusterArn) ?? '',
  );
  const serviceName = /^service:(.+)$/.exec(text(event.detail.group) ?? '');
  if (!cluster || !serviceName) return undefined;
  const [, partition, region, account, clusterName] = cluster;
  return {
    kind: 'ecs-service',
    arn: `arn:${partition}:ecs:${region}:${account}:service/${clusterName}/${serviceName[1]}`,
  };
}

function codeDeployChange(event: Envelope): AwsResourceChange | undefined {
  const application = text(event.detail.application);
  const deploymentGroup = text(event.detail.deploymentGroup);
  if (!application || !deploymentGroup) return undefined;
  return {
    kind: 'codedeploy-group',
    partition: partitionOf(event),
    accountId: event.account,
    region: event.region,
    application,
    deploymentGroup,
    deploymentId: text(event.detail.deploymentId),
  };
}

const bySource: Record<
  string,
  (event: Envelope) => AwsResourceChange | undefined
> = {
  'aws.codepipeline': pipelineChange,
  'aws.codebuild': buildChange,
  'aws.ecs': ecsChange,
  'aws.codedeploy': codeDeployChange,
};

/**
 * The resource an EventBridge event changed, or undefined for an event
 * Slipway does not show (another source, a build no pipeline started, a
 * malformed body). Accepts the envelope as an object or as JSON text.
 */
export function resourceChangeOf(
  payload: unknown,
): AwsResourceChange | undefined {
  let body = payload;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return undefined;
  return bySource[parsed.data.source]?.(parsed.data);
}

/** The EventBridge sources and detail types Slipway's rule forwards (README, provisioning). */
export const SLIPWAY_EVENT_PATTERN = {
  source: ['aws.codepipeline', 'aws.codebuild', 'aws.ecs', 'aws.codedeploy'],
  'detail-type': [
    'CodePipeline Pipeline Execution State Change',
    'CodePipeline Stage Execution State Change',
    'CodePipeline Action Execution State Change',
    'CodeBuild Build State Change',
    'CodeBuild Build Phase Change',
    'ECS Deployment State Change',
    'ECS Service Action',
    'ECS Task State Change',
    'CodeDeploy Deployment State-change Notification',
  ],
} as const;
