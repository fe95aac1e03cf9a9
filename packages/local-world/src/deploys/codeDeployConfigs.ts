import { randomUUID } from 'node:crypto';
import type { Clock } from '../pipelines/clock';
import { placeOf, type Where } from '../server/accounts';
import { CodeDeployError } from './codeDeployErrors';

/** CodeDeploy's TrafficRoutingConfig (GetDeploymentConfig's shape). */
export interface TrafficRoutingConfig {
  type: 'AllAtOnce' | 'TimeBasedCanary' | 'TimeBasedLinear';
  timeBasedCanary?: { canaryPercentage: number; canaryInterval: number };
  timeBasedLinear?: { linearPercentage: number; linearInterval: number };
}

export interface DeploymentConfig {
  deploymentConfigId: string;
  deploymentConfigName: string;
  computePlatform: 'ECS' | 'Lambda' | 'Server';
  createTime: Date;
  trafficRoutingConfig: TrafficRoutingConfig;
}

/** One step of the traffic shift: the replacement's share, then how long to hold it. */
export interface TrafficStep {
  greenPercent: number;
  /** AWS minutes to wait after this step before the next one (0 for the last). */
  holdMinutes: number;
}

const canary = (percent: number, minutes: number): TrafficRoutingConfig => ({
  type: 'TimeBasedCanary',
  timeBasedCanary: { canaryPercentage: percent, canaryInterval: minutes },
});
const linear = (percent: number, minutes: number): TrafficRoutingConfig => ({
  type: 'TimeBasedLinear',
  timeBasedLinear: { linearPercentage: percent, linearInterval: minutes },
});

/** The predefined ECS configurations AWS has in every region. */
const PREDEFINED: Record<string, TrafficRoutingConfig> = {
  'CodeDeployDefault.ECSAllAtOnce': { type: 'AllAtOnce' },
  'CodeDeployDefault.ECSCanary10Percent5Minutes': canary(10, 5),
  'CodeDeployDefault.ECSCanary10Percent15Minutes': canary(10, 15),
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes': linear(10, 1),
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes': linear(10, 3),
};

/** The traffic shift a configuration makes, step by step. */
export function trafficSteps(config: TrafficRoutingConfig): TrafficStep[] {
  if (config.type === 'TimeBasedCanary' && config.timeBasedCanary) {
    const { canaryPercentage, canaryInterval } = config.timeBasedCanary;
    return [
      { greenPercent: canaryPercentage, holdMinutes: canaryInterval },
      { greenPercent: 100, holdMinutes: 0 },
    ];
  }
  if (config.type === 'TimeBasedLinear' && config.timeBasedLinear) {
    const { linearPercentage, linearInterval } = config.timeBasedLinear;
    const steps: TrafficStep[] = [];
    for (let green = linearPercentage; green < 100; green += linearPercentage) {
      steps.push({ greenPercent: green, holdMinutes: linearInterval });
    }
    return [...steps, { greenPercent: 100, holdMinutes: 0 }];
  }
  return [{ greenPercent: 100, holdMinutes: 0 }];
}

function validRouting(config: unknown): config is TrafficRoutingConfig {
  const routing = config as TrafficRoutingConfig | undefined;
  const whole = (n: unknown, min: number, max: number) =>
    Number.isInteger(n) && (n as number) >= min && (n as number) <= max;
  if (routing?.type === 'AllAtOnce') return true;
  if (routing?.type === 'TimeBasedCanary') {
    const c = routing.timeBasedCanary;
    return (
      whole(c?.canaryPercentage, 1, 99) && whole(c?.canaryInterval, 1, 2880)
    );
  }
  if (routing?.type === 'TimeBasedLinear') {
    const l = routing.timeBasedLinear;
    return (
      whole(l?.linearPercentage, 1, 99) && whole(l?.linearInterval, 1, 2880)
    );
  }
  return false;
}

/**
 * Deployment configurations: AWS's predefined ECS ones plus the custom ones
 * created through CreateDeploymentConfig (moto 5.2.1 has none of these
 * operations), per account and region.
 */
export class DeploymentConfigStore {
  private readonly custom = new Map<string, DeploymentConfig>();

  constructor(private readonly clock: Clock) {}

  private key(where: Where, name: string) {
    const { accountId, region } = placeOf(where);
    return `${accountId}/${region}/${name}`;
  }

  get(where: Where, name: string): DeploymentConfig {
    const predefined = PREDEFINED[name];
    if (predefined) {
      return {
        deploymentConfigId: `predefined-${name}`,
        deploymentConfigName: name,
        computePlatform: 'ECS',
        createTime: new Date('2019-11-26T00:00:00Z'),
        trafficRoutingConfig: predefined,
      };
    }
    const custom = this.custom.get(this.key(where, name));
    if (!custom) {
      throw new CodeDeployError(
        'DeploymentConfigDoesNotExistException',
        `The deployment configuration ${name} does not exist with the user or AWS account.`,
      );
    }
    return custom;
  }

  create(
    where: Where,
    input: Record<string, any>,
  ): { deploymentConfigId: string } {
    const name = String(input.deploymentConfigName ?? '');
    if (!name) {
      throw new CodeDeployError(
        'DeploymentConfigNameRequiredException',
        'Deployment configuration name is required',
      );
    }
    if (
      name.startsWith('CodeDeployDefault.') ||
      this.custom.has(this.key(where, name))
    ) {
      throw new CodeDeployError(
        'DeploymentConfigAlreadyExistsException',
        `A deployment configuration with the name ${name} already exists with the user or AWS account.`,
      );
    }
    const computePlatform = input.computePlatform ?? 'Server';
    const routing = input.trafficRoutingConfig ?? { type: 'AllAtOnce' };
    if (computePlatform !== 'Server' && !validRouting(routing)) {
      throw new CodeDeployError(
        'InvalidTrafficRoutingConfigurationException',
        'The traffic routing configuration is not valid',
      );
    }
    const config: DeploymentConfig = {
      deploymentConfigId: randomUUID(),
      deploymentConfigName: name,
      computePlatform,
      createTime: this.clock.now(),
      trafficRoutingConfig: routing,
    };
    this.custom.set(this.key(where, name), config);
    return { deploymentConfigId: config.deploymentConfigId };
  }

  delete(where: Where, name: string): void {
    if (name.startsWith('CodeDeployDefault.')) {
      throw new CodeDeployError(
        'InvalidOperationException',
        'The default deployment configurations cannot be deleted',
      );
    }
    this.custom.delete(this.key(where, name));
  }

  list(where: Where): string[] {
    const prefix = this.key(where, '');
    const custom = [...this.custom.keys()]
      .filter(key => key.startsWith(prefix))
      .map(key => key.slice(prefix.length));
    return [...Object.keys(PREDEFINED), ...custom];
  }
}
