import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  DeleteApplicationCommand,
  DeleteDeploymentGroupCommand,
  GetApplicationCommand,
  GetDeploymentGroupCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-codedeploy';
import type { AwsTarget } from './clients';
import { isAwsError, withAwsErrors } from './errors';
import { retryWhileRolePropagates } from './retry';
import { regionalArn } from './resourceLocations';
import { asKeyValueTags, fromKeyValueTags, TagMap } from './tags';

/** What Slipway asks of an ECS blue/green deployment group. */
export interface BlueGreenGroupRequest {
  application: string;
  name: string;
  serviceRoleArn: string;
  deploymentConfigName: string;
  terminateBlueAfterMinutes: number;
  cluster: string;
  service: string;
  targetGroupNames: [string, string];
  productionListenerArn: string;
  testListenerArn?: string;
  /** CloudWatch alarms that stop a deployment and roll it back. */
  alarmNames: string[];
}

export interface DeploymentGroup {
  name: string;
  serviceRoleArn: string;
  deploymentConfigName: string;
  ecsService: string;
  targetGroupNames: string[];
  /** Enabled alarms only. */
  alarmNames: string[];
}

/** CodeDeploy applications and deployment groups of one account and region. */
export class CodeDeploy {
  constructor(
    private readonly codedeploy: CodeDeployClient,
    private readonly target: AwsTarget,
  ) {}

  /** Tags of the application, or of one of its deployment groups. */
  async tags(application: string, group?: string): Promise<TagMap> {
    const arn = regionalArn(
      this.target,
      'codedeploy',
      group
        ? `deploymentgroup:${application}/${group}`
        : `application:${application}`,
    );
    return this.call(`read the tags of ${arn}`, async () => {
      const { Tags } = await this.codedeploy.send(
        new ListTagsForResourceCommand({ ResourceArn: arn }),
      );
      return fromKeyValueTags(Tags);
    });
  }

  /** The application's compute platform, or `undefined` when it does not exist. */
  async applicationPlatform(name: string): Promise<string | undefined> {
    return this.call(
      `look up the CodeDeploy application '${name}'`,
      async () => {
        try {
          const { application } = await this.codedeploy.send(
            new GetApplicationCommand({ applicationName: name }),
          );
          return application?.computePlatform ?? 'Server';
        } catch (error) {
          if (isAwsError(error, 'ApplicationDoesNotExistException'))
            return undefined;
          throw error;
        }
      },
    );
  }

  async createApplication(name: string, tags: TagMap): Promise<void> {
    await this.call(`create the CodeDeploy application '${name}'`, () =>
      this.codedeploy.send(
        new CreateApplicationCommand({
          applicationName: name,
          computePlatform: 'ECS',
          tags: asKeyValueTags(tags),
        }),
      ),
    );
  }

  async deleteApplication(name: string): Promise<void> {
    await this.call(`delete the CodeDeploy application '${name}'`, () =>
      this.codedeploy.send(
        new DeleteApplicationCommand({ applicationName: name }),
      ),
    );
  }

  async findDeploymentGroup(
    application: string,
    name: string,
  ): Promise<DeploymentGroup | undefined> {
    return this.call(`look up the deployment group '${name}'`, async () => {
      try {
        const { deploymentGroupInfo: info } = await this.codedeploy.send(
          new GetDeploymentGroupCommand({
            applicationName: application,
            deploymentGroupName: name,
          }),
        );
        const service = info?.ecsServices?.[0];
        return {
          name,
          serviceRoleArn: info?.serviceRoleArn ?? '',
          deploymentConfigName: info?.deploymentConfigName ?? '',
          ecsService: service
            ? `${service.clusterName}/${service.serviceName}`
            : '',
          targetGroupNames: (
            info?.loadBalancerInfo?.targetGroupPairInfoList?.[0]
              ?.targetGroups ?? []
          ).map(t => t.name ?? ''),
          alarmNames: info?.alarmConfiguration?.enabled
            ? (info.alarmConfiguration.alarms ?? []).map(a => a.name ?? '')
            : [],
        };
      } catch (error) {
        if (
          isAwsError(
            error,
            'DeploymentGroupDoesNotExistException',
            'ApplicationDoesNotExistException',
          )
        ) {
          return undefined;
        }
        throw error;
      }
    });
  }

  async createBlueGreenGroup(
    request: BlueGreenGroupRequest,
    tags: TagMap,
  ): Promise<void> {
    await this.call(`create the deployment group '${request.name}'`, () =>
      retryWhileRolePropagates(() =>
        this.codedeploy.send(
          new CreateDeploymentGroupCommand({
            applicationName: request.application,
            deploymentGroupName: request.name,
            serviceRoleArn: request.serviceRoleArn,
            deploymentConfigName: request.deploymentConfigName,
            deploymentStyle: {
              deploymentType: 'BLUE_GREEN',
              deploymentOption: 'WITH_TRAFFIC_CONTROL',
            },
            blueGreenDeploymentConfiguration: {
              terminateBlueInstancesOnDeploymentSuccess: {
                action: 'TERMINATE',
                terminationWaitTimeInMinutes: request.terminateBlueAfterMinutes,
              },
              deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT' },
            },
            loadBalancerInfo: {
              targetGroupPairInfoList: [
                {
                  targetGroups: request.targetGroupNames.map(name => ({
                    name,
                  })),
                  prodTrafficRoute: {
                    listenerArns: [request.productionListenerArn],
                  },
                  ...(request.testListenerArn && {
                    testTrafficRoute: {
                      listenerArns: [request.testListenerArn],
                    },
                  }),
                },
              ],
            },
            ecsServices: [
              { clusterName: request.cluster, serviceName: request.service },
            ],
            alarmConfiguration: {
              enabled: request.alarmNames.length > 0,
              ignorePollAlarmFailure: false,
              alarms: request.alarmNames.map(name => ({ name })),
            },
            autoRollbackConfiguration: {
              enabled: true,
              events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
            },
            tags: asKeyValueTags(tags),
          }),
        ),
      ),
    );
  }

  async deleteDeploymentGroup(
    application: string,
    name: string,
  ): Promise<void> {
    await this.call(`delete the deployment group '${name}'`, () =>
      this.codedeploy.send(
        new DeleteDeploymentGroupCommand({
          applicationName: application,
          deploymentGroupName: name,
        }),
      ),
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}
