import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const PLATFORM_PY = resolvePackagePath(
  'local-world',
  'src/platform/setup_platform.py',
);

/** What a platform team provides, created by {@link createPlatform}. */
export interface Platform {
  vpcId: string;
  subnets: string[];
  securityGroups: string[];
  artifactBucket: string;
  environments: Record<
    string,
    {
      cluster: string;
      loadBalancerArn: string;
      loadBalancerDnsName: string;
      productionListenerArn: string;
      testListenerArn: string;
    }
  >;
}

/**
 * Creates the platform team's part of the environments (VPC, subnets,
 * security group, artifact bucket, per environment an ECS cluster and an ALB
 * with production and test listeners) in the local world, with boto3
 * (setup_platform.py; boto3 comes with moto).
 * Everything is created in the account of the credentials in `env` (moto
 * keeps resources per account: credentials from `sts:AssumeRole` into
 * another account's role create them in that account) and in its
 * `AWS_REGION`.
 * @param options.environments environment → ECS cluster name
 * @param options.env AWS_ENDPOINT_URL (127.0.0.1) and credentials, e.g. the launcher's `env`
 * @param options.artifactBucket the bucket's name; default `slipway-artifacts`.
 *   S3 bucket names are global: a second account or region needs another.
 */
export async function createPlatform(options: {
  environments: Record<string, string>;
  env: NodeJS.ProcessEnv;
  artifactBucket?: string;
}): Promise<Platform> {
  const pairs = Object.entries(options.environments).map(
    ([env, cluster]) => `${env}=${cluster}`,
  );
  const bucket = options.artifactBucket
    ? ['--artifact-bucket', options.artifactBucket]
    : [];
  const { stdout } = await promisify(execFile)(
    'python3',
    [PLATFORM_PY, 'setup', ...bucket, ...pairs],
    { env: { ...process.env, ...options.env } },
  );
  return JSON.parse(stdout) as Platform;
}

/** How an environment's load balancer reaches each service: by host (`domain`) or by path (`pathPrefix`). */
export type Routing = { domain?: string; pathPrefix?: string };

/**
 * The `slipway.environments.<name>` entry that points at what createPlatform
 * made for `name` (by default in account 123456789012, moto's; the
 * connection is named by ARN only, as moto does not emulate CodeStar
 * connections).
 * @param options.accountId the account createPlatform made it in
 */
export function slipwayEnvironment(
  platform: Platform,
  name: string,
  options: {
    routing: Routing;
    region?: string;
    accountId?: string;
    connectionArn?: string;
    alertEmails?: string[];
  },
) {
  const region = options.region ?? 'us-east-1';
  const environment = platform.environments[name];
  return {
    accountId: options.accountId ?? '123456789012',
    region,
    cluster: environment.cluster,
    subnets: platform.subnets,
    securityGroups: platform.securityGroups,
    connectionArn:
      options.connectionArn ??
      `arn:aws:codestar-connections:${region}:123456789012:connection/0a1b2c3d-local`,
    artifactBucket: platform.artifactBucket,
    vpcId: platform.vpcId,
    loadBalancer: {
      productionListenerArn: environment.productionListenerArn,
      testListenerArn: environment.testListenerArn,
      ...options.routing,
    },
    ...(options.alertEmails && { alerts: { emails: options.alertEmails } }),
  };
}
