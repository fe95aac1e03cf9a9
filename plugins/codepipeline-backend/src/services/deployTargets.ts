import type { LookupFailure } from './EntityResourceResolver';
import type { EcsServiceRef, PipelineRef } from './resourceRefs';

/** Where a Deploy action's targets live. */
export type DeployTargetLocation = Pick<
  EcsServiceRef,
  'partition' | 'accountId' | 'region'
>;

/**
 * A cross-account Deploy action runs as a role in the account it deploys to
 * (`roleArn`), and a cross-region one names its `region`; otherwise the
 * targets are in the pipeline's own account and region.
 */
export function deployTargetLocation(
  pipeline: PipelineRef,
  action: { roleArn?: string; region?: string },
): DeployTargetLocation {
  const roleAccount = /^arn:[a-z-]+:iam::(\d{12}):role\//.exec(
    action.roleArn ?? '',
  )?.[1];
  const region = /^[a-z]{2}(?:-[a-z]+)+-\d$/.test(action.region ?? '')
    ? action.region!
    : pipeline.region;
  return {
    partition: pipeline.partition,
    accountId: roleAccount ?? pipeline.accountId,
    region,
  };
}

export function deployAccountNotAllowed(
  pipeline: PipelineRef,
  action: { name: string },
  target: DeployTargetLocation,
): LookupFailure {
  const description = `Deploy targets of pipeline ${pipeline.name} (action ${action.name})`;
  return {
    description,
    error: {
      kind: 'account-not-configured',
      message: `${description} are in AWS account ${target.accountId}, which codepipeline.allowedAccountIds does not allow.`,
    },
  };
}
