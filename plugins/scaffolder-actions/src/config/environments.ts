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
