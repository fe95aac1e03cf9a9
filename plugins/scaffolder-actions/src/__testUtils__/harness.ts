import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { AwsStub } from 'aws-sdk-client-mock';
import { AwsClientFactory } from '../aws/clients';

/** Shared fixtures for the action tests: environments, clients, contexts, AWS errors. */

export const devEnvironment = {
  accountId: '123456789012',
  region: 'eu-west-1',
  cluster: 'dev-cluster',
  subnets: ['subnet-0a1', 'subnet-0b2'],
  securityGroups: ['sg-0c3'],
  connectionArn:
    'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc',
  artifactBucket: 'slipway-artifacts-dev',
  vpcId: 'vpc-0d4',
  loadBalancer: {
    productionListenerArn:
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/dev/1a/80',
    testListenerArn:
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/dev/1a/8080',
    /** Host routing: service `orders` answers on orders.dev.example.com. */
    domain: 'dev.example.com',
  },
  alerts: { emails: ['oncall@example.com'] },
};

/** `sandbox` below has neither: a load balancer is missing. */

/** Same account, another region: a cross-region pipeline. */
export const prodEnvironment = {
  ...devEnvironment,
  region: 'us-east-1',
  cluster: 'prod-cluster',
  artifactBucket: 'slipway-artifacts-prod',
  connectionArn:
    'arn:aws:codestar-connections:us-east-1:123456789012:connection/def',
  loadBalancer: {
    productionListenerArn:
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod/2b/443',
    /** Path routing: service `orders` answers under /services/orders. */
    pathPrefix: '/services',
  },
};

export const otherAccountEnvironment = {
  ...devEnvironment,
  accountId: '210987654321',
};

const { vpcId: _vpc, loadBalancer: _lb, ...withoutBlueGreen } = devEnvironment;

export const config = new ConfigReader({
  slipway: {
    environments: {
      dev: devEnvironment,
      prod: prodEnvironment,
      partner: otherAccountEnvironment,
      sandbox: {
        ...withoutBlueGreen,
        roles: {
          codeBuildRoleArn: 'arn:aws:iam::123456789012:role/platform/build',
        },
      },
    },
  },
});

export const clients = new AwsClientFactory({
  getCredentialProvider: async () => ({
    sdkCredentialProvider: async () => ({
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
    }),
  }),
});

export const deps = { config, clients };

/** An error shaped like the AWS SDK's service exceptions. */
export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { requestId: 'req-1' },
  });
}

export const accessDenied = (action: string) =>
  awsError(
    'AccessDeniedException',
    `User: arn:aws:sts::123456789012:assumed-role/backstage/s is not authorized to perform: ${action} on resource: *`,
  );

export function runContext(
  input: Record<string, unknown>,
  options: { isDryRun?: boolean; workspacePath?: string } = {},
) {
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      logger,
      ...(options.workspacePath && { workspacePath: options.workspacePath }),
    }),
    isDryRun: options.isDryRun ?? false,
  };
  jest.spyOn(ctx, 'checkpoint');
  return {
    ctx,
    logger,
    outputs: () =>
      Object.fromEntries((ctx.output as jest.Mock).mock.calls) as Record<
        string,
        any
      >,
  };
}

const READ_ONLY = /^(Describe|Get|List|BatchGet)/;

/** Names of the commands a mocked client received that change something. */
export function mutatingCalls(...mocks: AwsStub<any, any, any>[]): string[] {
  return mocks.flatMap(mock =>
    mock
      .calls()
      .map(call => (call.args[0] as object).constructor.name)
      .filter(name => !READ_ONLY.test(name)),
  );
}
