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
 * @param options.environments environment → ECS cluster name
 * @param options.env AWS_ENDPOINT_URL (127.0.0.1) and credentials, e.g. the launcher's `env`
 */
export async function createPlatform(options: {
  environments: Record<string, string>;
  env: NodeJS.ProcessEnv;
}): Promise<Platform> {
  const pairs = Object.entries(options.environments).map(
    ([env, cluster]) => `${env}=${cluster}`,
  );
  const { stdout } = await promisify(execFile)(
    'python3',
    [PLATFORM_PY, 'setup', ...pairs],
    { env: { ...process.env, ...options.env } },
  );
  return JSON.parse(stdout) as Platform;
}
