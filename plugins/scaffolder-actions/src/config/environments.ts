import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

const ENVIRONMENTS_KEY = 'slipway.environments';

const arn = (service: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), {
    message: `must be an ${service} ARN`,
  });

const environmentSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, { message: 'must be 12 digits' }),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'must be a region code' }),
  cluster: z.string().min(1),
  subnets: z.array(z.string().min(1)).min(1),
  securityGroups: z.array(z.string().min(1)).min(1),
  connectionArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:(codestar-connections|codeconnections):/, {
      message: 'must be a CodeStar / CodeConnections connection ARN',
    }),
  artifactBucket: z.string().min(3),
  vpcId: z.string().min(1).optional(),
  loadBalancer: z
    .object({
      productionListenerArn: arn('elasticloadbalancing'),
      testListenerArn: arn('elasticloadbalancing').optional(),
      domain: z
        .string()
        .regex(/^(?=.{1,200}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, {
          message: 'must be a DNS domain such as dev.example.com',
        })
        .optional(),
      pathPrefix: z
        .string()
        .regex(/^(\/[a-z0-9][a-z0-9-]*)*$/, {
          message: 'must be a path such as /services or empty',
        })
        .optional(),
    })
    .optional(),
  alerts: z
    .object({
      emails: z.array(z.string().email()).optional(),
    })
    .optional(),
  roles: z
    .object({
      codeBuildRoleArn: arn('iam').optional(),
      codePipelineRoleArn: arn('iam').optional(),
      taskExecutionRoleArn: arn('iam').optional(),
      codeDeployRoleArn: arn('iam').optional(),
    })
    .optional(),
});

/** One `slipway.environments.<name>` entry, validated. */
export type SlipwayEnvironment = z.infer<typeof environmentSchema> & {
  name: string;
};

/**
 * Reads and validates `slipway.environments.<name>`.
 *
 * Every required key is checked even when the calling action needs only a few
 * of them: an incomplete environment then fails the template at its first AWS
 * step, before anything has been created, rather than half-way through.
 *
 * @throws InputError naming the missing or invalid key.
 */
export function readEnvironment(
  config: Config,
  name: string,
): SlipwayEnvironment {
  const environments = config.getOptionalConfig(ENVIRONMENTS_KEY);
  const configured = environments?.keys() ?? [];
  if (!configured.includes(name)) {
    const known = configured.length
      ? `configured environments: ${configured.join(', ')}`
      : `no environments are configured under ${ENVIRONMENTS_KEY}`;
    throw new InputError(
      `Unknown environment '${name}': ${ENVIRONMENTS_KEY}.${name} is not set (${known})`,
    );
  }

  // Read the raw object rather than config.get(`…${name}`): config keys are dot-separated.
  const raw = environments!.get<Record<string, unknown>>()[name];
  const result = environmentSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = [ENVIRONMENTS_KEY, name, ...issue.path.map(String)].join('.');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    throw new InputError(
      missing ? `${key} is not set` : `${key} is invalid: ${issue.message}`,
    );
  }
  return { ...result.data, name };
}

export type LoadBalancerSettings = NonNullable<
  SlipwayEnvironment['loadBalancer']
>;

/**
 * The environment's load balancer settings, which every service needs to be
 * reachable: the production listener and one way of routing to a service
 * (`domain` → host `<name>.<domain>`, or `pathPrefix` → `<pathPrefix>/<name>`).
 * @throws InputError naming the missing key, at dry run as at run time.
 */
export function requireLoadBalancer(
  environment: SlipwayEnvironment,
): LoadBalancerSettings & { routing: 'host' | 'path' } {
  const key = `${ENVIRONMENTS_KEY}.${environment.name}.loadBalancer`;
  const settings = environment.loadBalancer;
  if (!settings) {
    throw new InputError(
      `${key} is not set: every service sits behind its environment's load balancer (set productionListenerArn and domain or pathPrefix)`,
    );
  }
  if (settings.domain === undefined && settings.pathPrefix === undefined) {
    throw new InputError(
      `${key}.domain or ${key}.pathPrefix is not set: one of them routes requests to each service (host <name>.<domain>, or path <pathPrefix>/<name>)`,
    );
  }
  if (!environment.vpcId) {
    throw new InputError(
      `${ENVIRONMENTS_KEY}.${environment.name}.vpcId is not set: the service's target group is created in it`,
    );
  }
  return {
    ...settings,
    routing: settings.domain !== undefined ? 'host' : 'path',
  };
}

/** `slipway.build.baseImage`: the Python base image the Dockerfile builds on. */
export const DEFAULT_BASE_IMAGE =
  'public.ecr.aws/docker/library/python:3.12-slim';

export function readBaseImage(config: Config): string {
  return (
    config.getOptionalString('slipway.build.baseImage') ?? DEFAULT_BASE_IMAGE
  );
}
