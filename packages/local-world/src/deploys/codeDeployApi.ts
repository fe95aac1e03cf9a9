import type { AwsAnswer, AwsCall, Interceptor } from '../server/interceptors';
import { CodeDeployError } from './codeDeployErrors';
import type { CodeDeployDeployments } from './codeDeployDeployments';
import { deploymentInfo, deploymentTarget } from './codeDeployModel';

const PREFIX = 'CodeDeploy_20141006.';
const PAGE = 100;

type Operation = (
  deployments: CodeDeployDeployments,
  call: AwsCall,
) => Promise<object | undefined> | object | undefined;

function page<T>(items: T[], nextToken: unknown) {
  const start = Number(nextToken ?? 0) || 0;
  const next = start + PAGE < items.length ? String(start + PAGE) : undefined;
  return { items: items.slice(start, start + PAGE), nextToken: next };
}

function targetOf(deployments: CodeDeployDeployments, call: AwsCall) {
  return deployments.require(call, call.input.deploymentId);
}

/**
 * The CodeDeploy operations moto 5.2.1 lacks or cannot answer for the
 * deployments the local world runs, in the caller's account and region
 * (the call is its place). An undefined answer sends the call on to moto
 * (deployments moto itself holds).
 */
const operations: Record<string, Operation> = {
  CreateDeployment: (deployments, { input, ...place }) =>
    deployments.create(place, input),
  GetDeployment: (deployments, { input, ...place }) => {
    const d = deployments.get(place, String(input.deploymentId ?? ''));
    return d && { deploymentInfo: deploymentInfo(d) };
  },
  BatchGetDeployments: (deployments, { input, ...place }) => {
    const ids: string[] = input.deploymentIds ?? [];
    if (ids.length > 25) {
      throw new CodeDeployError(
        'BatchLimitExceededException',
        'The maximum number of deployment IDs is 25.',
      );
    }
    return {
      deploymentsInfo: ids.flatMap(id => {
        const d = deployments.get(place, id);
        return d ? [deploymentInfo(d)] : [];
      }),
    };
  },
  ListDeployments: (deployments, { input, ...place }) => {
    if (input.applicationName && !input.deploymentGroupName) {
      throw new CodeDeployError(
        'DeploymentGroupNameRequiredException',
        'If applicationName is specified, then deploymentGroupName must be specified.',
      );
    }
    const { items, nextToken } = page(
      deployments.list(place, input),
      input.nextToken,
    );
    return { deployments: items.map(d => d.deploymentId), nextToken };
  },
  ListDeploymentTargets: (deployments, call) => ({
    targetIds: [targetOf(deployments, call).target.targetId],
  }),
  BatchGetDeploymentTargets: (deployments, call) => {
    const d = targetOf(deployments, call);
    const ids: string[] = call.input.targetIds ?? [];
    const unknown = ids.find(id => id !== d.target.targetId);
    if (unknown) {
      throw new CodeDeployError(
        'DeploymentTargetDoesNotExistException',
        `The deployment target ${unknown} does not exist in deployment ${d.deploymentId}.`,
      );
    }
    return { deploymentTargets: ids.map(() => deploymentTarget(d)) };
  },
  GetDeploymentTarget: (deployments, call) => {
    const d = targetOf(deployments, call);
    if (call.input.targetId !== d.target.targetId) {
      throw new CodeDeployError(
        'DeploymentTargetDoesNotExistException',
        `The deployment target ${call.input.targetId} does not exist in deployment ${d.deploymentId}.`,
      );
    }
    return { deploymentTarget: deploymentTarget(d) };
  },
  StopDeployment: (deployments, { input, ...place }) =>
    deployments.stop(place, input.deploymentId, input.autoRollbackEnabled),
  ContinueDeployment: (deployments, { input, ...place }) => {
    deployments.continue(place, input.deploymentId, input.deploymentWaitType);
    return {};
  },
  GetDeploymentConfig: (deployments, { input, ...place }) => ({
    deploymentConfigInfo: deployments.configs.get(
      place,
      String(input.deploymentConfigName ?? ''),
    ),
  }),
  CreateDeploymentConfig: (deployments, { input, ...place }) =>
    deployments.configs.create(place, input),
  DeleteDeploymentConfig: (deployments, { input, ...place }) => {
    deployments.configs.delete(place, String(input.deploymentConfigName ?? ''));
    return {};
  },
  ListDeploymentConfigs: (deployments, place) => ({
    deploymentConfigsList: deployments.configs.list(place),
  }),
};

/** Interceptors answering CodeDeploy's deployment operations from `deployments`. */
export function codeDeployInterceptors(
  deployments: CodeDeployDeployments,
): Interceptor[] {
  return [
    {
      targets: Object.keys(operations).map(name => `${PREFIX}${name}`),
      async answer(call): Promise<AwsAnswer | undefined> {
        const operation = operations[call.target.slice(PREFIX.length)];
        try {
          const json = await operation(deployments, call);
          return json && { status: 200, json };
        } catch (error) {
          if (error instanceof CodeDeployError) return error.toAnswer();
          throw error;
        }
      },
    },
  ];
}
