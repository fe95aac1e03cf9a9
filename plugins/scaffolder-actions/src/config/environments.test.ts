import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readEnvironment } from './environments';

const completeProd = {
  accountId: '123456789012',
  region: 'eu-west-1',
  cluster: 'prod-cluster',
  subnets: ['subnet-0a1', 'subnet-0b2'],
  securityGroups: ['sg-0c3'],
  connectionArn:
    'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc',
  artifactBucket: 'slipway-artifacts-prod',
};

type ConfigObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

function configWith(environments: Record<string, ConfigObject>) {
  return new ConfigReader({ slipway: { environments } });
}

describe('readEnvironment', () => {
  it('returns a complete environment with its name', () => {
    const env = readEnvironment(configWith({ prod: completeProd }), 'prod');
    expect(env).toEqual({ ...completeProd, name: 'prod' });
  });

  it('keeps the optional blue/green settings and roles', () => {
    const blueGreen = {
      ...completeProd,
      vpcId: 'vpc-0d4',
      loadBalancer: {
        productionListenerArn:
          'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/lb/1/2',
        testListenerArn:
          'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/lb/1/3',
      },
      roles: { codeBuildRoleArn: 'arn:aws:iam::123456789012:role/build' },
    };
    const env = readEnvironment(configWith({ prod: blueGreen }), 'prod');
    expect(env.loadBalancer?.testListenerArn).toContain('listener/app/lb/1/3');
    expect(env.roles?.codeBuildRoleArn).toBe(
      'arn:aws:iam::123456789012:role/build',
    );
  });

  it('names the missing key', () => {
    const { cluster: _, ...withoutCluster } = completeProd;
    const read = () =>
      readEnvironment(configWith({ prod: withoutCluster }), 'prod');
    expect(read).toThrow(InputError);
    expect(read).toThrow('slipway.environments.prod.cluster is not set');
  });

  it('names an invalid key and why', () => {
    const read = () =>
      readEnvironment(
        configWith({ prod: { ...completeProd, accountId: '1234' } }),
        'prod',
      );
    expect(read).toThrow(
      'slipway.environments.prod.accountId is invalid: must be 12 digits',
    );
  });

  it('names an invalid nested key', () => {
    const read = () =>
      readEnvironment(
        configWith({
          prod: { ...completeProd, roles: { codeDeployRoleArn: 'deployer' } },
        }),
        'prod',
      );
    expect(read).toThrow(
      'slipway.environments.prod.roles.codeDeployRoleArn is invalid: must be an iam ARN',
    );
  });

  it('lists the configured environments when the name is unknown', () => {
    const read = () =>
      readEnvironment(
        configWith({ dev: completeProd, prod: completeProd }),
        'staging',
      );
    expect(read).toThrow(
      "Unknown environment 'staging': slipway.environments.staging is not set (configured environments: dev, prod)",
    );
  });

  it('says when no environment is configured at all', () => {
    expect(() => readEnvironment(new ConfigReader({}), 'dev')).toThrow(
      'no environments are configured under slipway.environments',
    );
  });
});
