import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  Service,
  Task,
} from '@aws-sdk/client-ecs';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { EcsServiceRef } from '../resourceRefs';
import { ACCOUNT, CLUSTER, REGION, serviceArn } from './ecsServices';

export function ecsServiceRef(
  serviceName: string,
  cluster = CLUSTER,
): EcsServiceRef {
  return {
    arn: serviceArn(serviceName, cluster),
    partition: 'aws',
    accountId: ACCOUNT,
    region: REGION,
    clusterName: cluster,
    serviceName,
  };
}

const clusterOf = (arn: string | undefined) => arn?.split('/')[1];

/**
 * Answers DescribeServices, ListTasks (paginated) and DescribeTasks the way ECS
 * would for a cluster holding `services` and `tasks`; services and tasks it
 * does not hold come back as `MISSING` failures.
 */
export function serveEcsFrom(
  ecsMock: AwsClientStub<ECSClient>,
  world: { services: Service[]; tasks: Task[] },
) {
  ecsMock.on(DescribeServicesCommand).callsFake(async input => {
    const names: string[] = input.services ?? [];
    const found = names.map(name =>
      world.services.find(
        s =>
          s.serviceName === name && clusterOf(s.clusterArn) === input.cluster,
      ),
    );
    return {
      services: found.filter(Boolean),
      failures: names
        .filter((_, i) => !found[i])
        .map(name => ({
          arn: serviceArn(name, input.cluster),
          reason: 'MISSING',
        })),
    };
  });
  ecsMock.on(ListTasksCommand).callsFake(async input => {
    const arns = world.tasks
      .filter(
        t =>
          clusterOf(t.clusterArn) === input.cluster &&
          t.group === `service:${input.serviceName}` &&
          t.desiredStatus === input.desiredStatus,
      )
      .map(t => t.taskArn!);
    const start = Number(input.nextToken ?? 0);
    const end = start + (input.maxResults ?? 100);
    return {
      taskArns: arns.slice(start, end),
      nextToken: end < arns.length ? String(end) : undefined,
    };
  });
  ecsMock.on(DescribeTasksCommand).callsFake(async input => ({
    tasks: world.tasks.filter(t => input.tasks.includes(t.taskArn)),
    failures: [],
  }));
}
