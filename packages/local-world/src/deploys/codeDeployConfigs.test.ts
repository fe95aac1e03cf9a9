import { FakeClock } from '../pipelines/clock';
import { DeploymentConfigStore, trafficSteps } from './codeDeployConfigs';

describe('deployment configurations', () => {
  const store = new DeploymentConfigStore(new FakeClock());
  const steps = (name: string) =>
    trafficSteps(store.get('eu-west-1', name).trafficRoutingConfig);

  it('shifts traffic as the predefined ECS configurations say', () => {
    expect(steps('CodeDeployDefault.ECSAllAtOnce')).toEqual([
      { greenPercent: 100, holdMinutes: 0 },
    ]);
    expect(steps('CodeDeployDefault.ECSCanary10Percent15Minutes')).toEqual([
      { greenPercent: 10, holdMinutes: 15 },
      { greenPercent: 100, holdMinutes: 0 },
    ]);
    expect(
      steps('CodeDeployDefault.ECSLinear10PercentEvery3Minutes').map(
        s => `${s.greenPercent}/${s.holdMinutes}`,
      ),
    ).toEqual([
      '10/3',
      '20/3',
      '30/3',
      '40/3',
      '50/3',
      '60/3',
      '70/3',
      '80/3',
      '90/3',
      '100/0',
    ]);
  });

  it('keeps custom configurations per account and region and refuses invalid or duplicate ones', () => {
    store.create('eu-west-1', {
      deploymentConfigName: 'Linear33Every2',
      computePlatform: 'ECS',
      trafficRoutingConfig: {
        type: 'TimeBasedLinear',
        timeBasedLinear: { linearPercentage: 33, linearInterval: 2 },
      },
    });
    expect(steps('Linear33Every2').map(s => s.greenPercent)).toEqual([
      33, 66, 99, 100,
    ]);
    expect(store.list('eu-west-1')).toContain('Linear33Every2');
    expect(() => store.get('us-east-1', 'Linear33Every2')).toThrow(
      expect.objectContaining({
        type: 'DeploymentConfigDoesNotExistException',
      }),
    );
    const prod = { accountId: '210987654321', region: 'eu-west-1' };
    expect(() => store.get(prod, 'Linear33Every2')).toThrow(
      expect.objectContaining({
        type: 'DeploymentConfigDoesNotExistException',
      }),
    );
    expect(store.list(prod)).not.toContain('Linear33Every2');
    expect(
      store.get(
        { accountId: '123456789012', region: 'eu-west-1' },
        'Linear33Every2',
      ).deploymentConfigName,
    ).toBe('Linear33Every2');
    expect(() =>
      store.create('eu-west-1', {
        deploymentConfigName: 'Linear33Every2',
        computePlatform: 'ECS',
      }),
    ).toThrow(
      expect.objectContaining({
        type: 'DeploymentConfigAlreadyExistsException',
      }),
    );
    expect(() =>
      store.create('eu-west-1', {
        deploymentConfigName: 'Canary0',
        computePlatform: 'ECS',
        trafficRoutingConfig: {
          type: 'TimeBasedCanary',
          timeBasedCanary: { canaryPercentage: 0, canaryInterval: 5 },
        },
      }),
    ).toThrow(
      expect.objectContaining({
        type: 'InvalidTrafficRoutingConfigurationException',
      }),
    );
    expect(() =>
      store.delete('eu-west-1', 'CodeDeployDefault.ECSAllAtOnce'),
    ).toThrow();
  });
});
