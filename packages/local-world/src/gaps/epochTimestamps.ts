import type { AwsAnswer, Interceptor } from '../server/interceptors';

/** The moto operations (JSON 1.1) that answer with timestamps. */
const TARGETS = [
  'CodePipeline_20150709.GetPipeline',
  'CodePipeline_20150709.ListPipelines',
  'CodeDeploy_20141006.GetApplication',
  'CodeDeploy_20141006.BatchGetApplications',
  'CodeDeploy_20141006.GetDeploymentGroup',
  'CodeDeploy_20141006.GetDeployment',
  'CodeDeploy_20141006.BatchGetDeployments',
];

const ISO_TIMESTAMP =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/;

/** A JSON value with every ISO-8601 timestamp string as epoch seconds. */
export function toEpochSeconds(value: unknown): unknown {
  if (typeof value === 'string' && ISO_TIMESTAMP.test(value)) {
    return Date.parse(value) / 1000;
  }
  if (Array.isArray(value)) return value.map(toEpochSeconds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, toEpochSeconds(item)]),
    );
  }
  return value;
}

/**
 * moto answers CodePipeline and CodeDeploy reads with ISO-8601 strings where
 * AWS sends epoch seconds, which the AWS SDK for JavaScript cannot parse
 * ("Expected real number"); rewrites them.
 */
export function epochTimestamps(): Interceptor {
  return {
    targets: TARGETS,
    async rewrite(_call, answer): Promise<AwsAnswer> {
      return { ...answer, json: toEpochSeconds(answer.json) };
    },
  };
}
