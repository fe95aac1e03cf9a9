/**
 * An action's `roleArn`, as CodePipeline uses it: the action's AWS calls are
 * made with that role, so they act in the role's account (a cross-account
 * deploy), in the action's region (`region`, else the pipeline's).
 */
import type { ActionRunContext } from '../pipelines/runners';
import { accountOfArn, defaultAccountId, type Place } from '../server/accounts';
import { upstreamQuery } from '../server/upstream';

/** Where the action's AWS calls act: its role's account, else the pipeline's. */
export function actionPlace(context: ActionRunContext): Place {
  const roleArn = context.action.roleArn;
  return {
    accountId: (roleArn && accountOfArn(roleArn)) || defaultAccountId(),
    region: context.region,
  };
}

const unassumable = (roleArn: string) =>
  `CodePipeline is not authorized to perform AssumeRole on role ${roleArn}`;

/**
 * Why the action's role cannot be assumed (CodePipeline's wording), or
 * undefined when it can or the action has none: the role must exist in its
 * account (moto's sts:AssumeRole assumes any ARN; IAM GetRole tells).
 */
export async function roleProblem(
  upstream: string,
  context: ActionRunContext,
): Promise<string | undefined> {
  const roleArn = context.action.roleArn;
  if (!roleArn) return undefined;
  const accountId = accountOfArn(roleArn);
  if (!accountId) return unassumable(roleArn);
  const { status, text } = await upstreamQuery(
    upstream,
    { accountId, region: context.region },
    'iam',
    {
      Action: 'GetRole',
      Version: '2010-05-08',
      RoleName: roleArn.slice(roleArn.lastIndexOf('/') + 1),
    },
  );
  if (status === 200) return undefined;
  if (/NoSuchEntity/.test(text)) return unassumable(roleArn);
  throw new Error(`IAM GetRole upstream: HTTP ${status} ${text.slice(0, 200)}`);
}

/** Temporary credentials, as the AWS variables of a process. */
export interface RoleCredentials {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

const tag = (xml: string, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** sts:AssumeRole of `roleArn` against moto, whose keys of it act in the role's account. */
export async function assumeRole(
  upstream: string,
  roleArn: string,
  sessionName: string,
): Promise<RoleCredentials> {
  const { status, text } = await upstreamQuery(upstream, 'us-east-1', 'sts', {
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: sessionName.slice(0, 64),
  });
  const accessKeyId = tag(text, 'AccessKeyId');
  const secretAccessKey = tag(text, 'SecretAccessKey');
  if (status !== 200 || !accessKeyId || !secretAccessKey) {
    throw new Error(
      `STS AssumeRole upstream: HTTP ${status} ${text.slice(0, 200)}`,
    );
  }
  return {
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_SESSION_TOKEN: tag(text, 'SessionToken') ?? '',
  };
}

/**
 * The credentials CodePipeline gives the compute of a Commands action with a
 * role: an sts:AssumeRole of it. Undefined for an action without a role.
 */
export function assumeActionRole(
  upstream: string,
  context: ActionRunContext,
): Promise<RoleCredentials | undefined> {
  const roleArn = context.action.roleArn;
  if (!roleArn) return Promise.resolve(undefined);
  return assumeRole(
    upstream,
    roleArn,
    `codepipeline-${context.actionExecutionId}`,
  );
}
