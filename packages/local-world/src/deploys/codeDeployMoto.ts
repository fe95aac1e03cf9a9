import type { Where } from '../server/accounts';
import { UpstreamAwsError, upstreamJson } from './ecsApi';
import { CodeDeployError } from './codeDeployErrors';

const ECS = 'AmazonEC2ContainerServiceV20141113.';
const CODEDEPLOY = 'CodeDeploy_20141006.';

export interface MotoService {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  taskDefinition: string;
  desiredCount: number;
  deploymentController?: { type?: string };
  networkConfiguration?: Record<string, unknown>;
  taskSets?: Array<{
    id: string;
    taskSetArn: string;
    status: string;
    externalId?: string;
    taskDefinition: string;
  }>;
}

/** What the CodeDeploy emulation asks moto: ECS and CodeDeploy's deployment groups. */
export class CodeDeployMoto {
  constructor(private readonly upstream: string) {}

  private async call(
    where: Where,
    target: string,
    body: object,
    service: string,
  ): Promise<any> {
    try {
      return await upstreamJson(this.upstream, where, target, body, service);
    } catch (error) {
      if (!(error instanceof UpstreamAwsError)) throw error;
      throw new CodeDeployError(
        error.type,
        error.message || `${target}: HTTP ${error.status}`,
      );
    }
  }

  /** GetDeploymentGroup's deploymentGroupInfo (moto's errors pass through). */
  async deploymentGroup(
    where: Where,
    applicationName: string,
    deploymentGroupName: string,
  ): Promise<Record<string, any>> {
    const json = await this.call(
      where,
      `${CODEDEPLOY}GetDeploymentGroup`,
      { applicationName, deploymentGroupName },
      'codedeploy',
    );
    return json.deploymentGroupInfo;
  }

  async registerTaskDefinition(
    where: Where,
    definition: Record<string, unknown>,
  ): Promise<Record<string, any>> {
    const json = await this.call(
      where,
      `${ECS}RegisterTaskDefinition`,
      definition,
      'ecs',
    );
    return json.taskDefinition;
  }

  async describeTaskDefinition(
    where: Where,
    taskDefinition: string,
  ): Promise<Record<string, any>> {
    const json = await this.call(
      where,
      `${ECS}DescribeTaskDefinition`,
      { taskDefinition },
      'ecs',
    );
    return json.taskDefinition;
  }

  async describeService(
    where: Where,
    cluster: string,
    service: string,
  ): Promise<MotoService | undefined> {
    const json = await this.call(
      where,
      `${ECS}DescribeServices`,
      { cluster, services: [service] },
      'ecs',
    );
    const found = (json.services ?? [])[0];
    return found && found.status !== 'INACTIVE' ? found : undefined;
  }

  /** A task set without tasks: moto would start tasks only with a `scale`, and needs real subnets for them. */
  async createTaskSet(
    where: Where,
    service: MotoService,
    taskDefinition: string,
    externalId?: string,
  ): Promise<{ id: string; taskSetArn: string }> {
    const network = service.networkConfiguration;
    const json = await this.call(
      where,
      `${ECS}CreateTaskSet`,
      {
        cluster: service.clusterArn,
        service: service.serviceName,
        taskDefinition,
        ...(externalId ? { externalId } : {}),
        launchType: 'FARGATE',
        ...(network && Object.keys(network).length
          ? { networkConfiguration: network }
          : {}),
      },
      'ecs',
    );
    return json.taskSet;
  }

  async makePrimary(where: Where, service: MotoService, taskSetArn: string) {
    await this.call(
      where,
      `${ECS}UpdateServicePrimaryTaskSet`,
      {
        cluster: service.clusterArn,
        service: service.serviceName,
        primaryTaskSet: taskSetArn,
      },
      'ecs',
    );
  }

  async deleteTaskSet(where: Where, service: MotoService, taskSetArn: string) {
    await this.call(
      where,
      `${ECS}DeleteTaskSet`,
      {
        cluster: service.clusterArn,
        service: service.serviceName,
        taskSet: taskSetArn,
      },
      'ecs',
    ).catch(error => {
      if (!(error instanceof CodeDeployError && /NotFound/.test(error.type)))
        throw error;
    });
  }
}
