import path from 'node:path';
import { runPython } from './motoServer';
import { namesOwnedBy, ownedBy, snapshot, Snapshot } from './snapshot';
import { ACCOUNT, Placement, REGION, Strategy, World } from './world';

/**
 * The two-account setup of the cross-account suites: the home account
 * (pipeline, dev) and prod's own account, whose credentials
 * integration-aws-node gets through `sts:AssumeRole` (`aws.accounts`), which
 * moto honours; and each account read back on its own with boto3.
 */

export const HOME: Placement = { accountId: ACCOUNT, region: REGION };
export const PROD_ACCOUNT = '210987654321';
/** The role `aws.accounts` names for Backstage in the prod account (moto does not require it to exist). */
const PROVISIONER_ROLE = 'SlipwayProvisioner';
export const AWS_CONFIG = {
  mainAccount: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  accounts: [{ accountId: PROD_ACCOUNT, roleName: PROVISIONER_ROLE }],
};

/**
 * A new world with dev and the pipeline in the home account and prod at
 * `prod`, and the template run once for the component; `world.faults.calls`
 * holds that run's AWS calls.
 */
export async function provisionAcrossAccounts(
  prod: Placement,
  component: string,
  strategy: Strategy,
) {
  const world = await World.create({
    placement: { dev: HOME, prod },
    aws: AWS_CONFIG,
  });
  world.faults.arm();
  const steps = await world.runTemplate(component, strategy);
  return { world, steps };
}

const ACCOUNT_READS = path.resolve(__dirname, 'accountReads.py');

/** accountReads.py: what verify.py's snapshot does not read, per account. */
export interface AccountReads {
  account: string;
  region: string;
  repositoryPolicies: Record<string, any>;
  pipelines: {
    name: string;
    roleArn: string;
    artifactStore?: any;
    artifactStores?: Record<string, any>;
    actions: {
      stage: string;
      name: string;
      provider: string;
      roleArn?: string;
      region?: string;
      configuration: Record<string, string>;
    }[];
  }[];
  artifactKeys: {
    alias: string;
    aliasArn: string;
    keyArn: string;
    keyState: string;
    policy: any;
    tags: Record<string, string>;
  }[];
  /** Customer-managed key ARN → KeyState. */
  keyStates: Record<string, string>;
}

/** One account and region, read with its own credentials. */
export async function readAccount(world: World, where: Placement) {
  const env = await world.awsEnv(where);
  const [s, reads] = await Promise.all([
    snapshot(env),
    runPython<AccountReads>(ACCOUNT_READS, env),
  ]);
  return { env, s, reads };
}

export type AccountRead = Awaited<ReturnType<typeof readAccount>>;

export const iamRoleArn = (account: string, name: string) =>
  `arn:aws:iam::${account}:role/slipway/${name}`;

/** Every resource of the snapshot by kind, names only. */
export const namesByKind = (s: Snapshot) =>
  Object.fromEntries(
    Object.entries(s)
      .filter(([, items]) => items.length)
      .map(([kind, items]) => [kind, items.map(i => i.name ?? i.arn)]),
  );

export const kindsOf = (s: Snapshot, component: string) =>
  Object.entries(namesOwnedBy(s, component))
    .map(([kind, names]) => `${kind} ${names.length}`)
    .join(', ');

/** The environment tags the component's resources in the snapshot carry ('(none)' for home-wide ones). */
export function environmentsTagged(s: Snapshot, component: string): string[] {
  return [
    ...new Set(
      Object.values(ownedBy(s, component)).flatMap(items =>
        items.map(i => i.tags['slipway:environment'] ?? '(none)'),
      ),
    ),
  ].sort();
}

/** The statements of a role's inline policy by Sid. */
export function statementsOf(role: any): Record<string, any> {
  return Object.fromEntries(
    role.inlinePolicies['slipway-least-privilege'].Statement.map((x: any) => [
      x.Sid,
      x,
    ]),
  );
}
