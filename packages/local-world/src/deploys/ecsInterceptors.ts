/**
 * The ECS calls the rollout emulation answers or corrects: moto's services
 * get the emulated deployments, counts and events; CreateService and
 * UpdateService start rollouts; ListTasks and DescribeTasks show the emulated
 * tasks (moto starts none for a service).
 */
import type { AwsAnswer, Interceptor } from '../server/interceptors';
import { ECS_TARGET, nameOf } from './ecsApi';
import {
  isStopped,
  overlayService,
  renderTask,
  taskId,
  type EmulatedService,
} from './ecsModel';
import type { EcsRollouts } from './ecsRollouts';

const target = (operation: string) => ECS_TARGET + operation;

const ok = (answer: AwsAnswer) => answer.status === 200;

/** Tasks of a service with the given desired status, newest first. */
function tasksOf(service: EmulatedService, desiredStatus: string) {
  return service.tasks
    .filter(t => (desiredStatus === 'STOPPED') === isStopped(t))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

function page(arns: string[], input: Record<string, any>) {
  const start = input.nextToken
    ? Number(Buffer.from(String(input.nextToken), 'base64').toString()) || 0
    : 0;
  const size = Math.min(Math.max(Number(input.maxResults) || 100, 1), 100);
  const end = start + size;
  return {
    taskArns: arns.slice(start, end),
    ...(end < arns.length && {
      nextToken: Buffer.from(String(end)).toString('base64'),
    }),
  };
}

async function overlayOne(
  answer: AwsAnswer,
  track: (moto: Record<string, any>) => Promise<EmulatedService | undefined>,
): Promise<AwsAnswer> {
  if (!ok(answer) || !answer.json.service) return answer;
  // moto has made the change; if the emulation cannot follow, its answer stands.
  const service = await track(answer.json.service).catch(() => undefined);
  if (!service) return answer;
  return {
    ...answer,
    json: {
      ...answer.json,
      service: overlayService(service, answer.json.service),
    },
  };
}

export function ecsRolloutInterceptors(rollouts: EcsRollouts): Interceptor[] {
  return [
    {
      targets: [target('DescribeServices')],
      async rewrite(call, answer) {
        if (!ok(answer)) return answer;
        const services = await Promise.all(
          (answer.json.services ?? []).map(
            async (moto: Record<string, any>) => {
              const service = await rollouts
                .seen(call, moto)
                .catch(() => undefined);
              return service ? overlayService(service, moto) : moto;
            },
          ),
        );
        return { ...answer, json: { ...answer.json, services } };
      },
    },
    {
      targets: [target('CreateService')],
      rewrite: (call, answer) =>
        overlayOne(answer, moto => rollouts.created(call, call.input, moto)),
    },
    {
      targets: [target('UpdateService')],
      async answer(call) {
        // What ran before the update, for services not seen yet.
        await rollouts
          .seenUpstream(
            call,
            call.input.cluster,
            String(call.input.service ?? ''),
          )
          .catch(() => undefined);
        return undefined;
      },
      rewrite: (call, answer) =>
        overlayOne(answer, moto => rollouts.updated(call, call.input, moto)),
    },
    {
      targets: [target('DeleteService')],
      async rewrite(call, answer) {
        if (ok(answer)) {
          rollouts.forget(
            call,
            call.input.cluster,
            String(call.input.service ?? ''),
          );
        }
        return answer;
      },
    },
    {
      targets: [target('ListTasks')],
      async answer(call) {
        const name = call.input.serviceName;
        if (!name) return undefined;
        const service = await rollouts
          .seenUpstream(call, call.input.cluster, String(name))
          .catch(() => undefined);
        if (!service) return undefined;
        const arns = tasksOf(
          service,
          call.input.desiredStatus ?? 'RUNNING',
        ).map(t => t.taskArn);
        return { status: 200, json: page(arns, call.input) };
      },
      async rewrite(call, answer) {
        if (!ok(answer) || answer.json.nextToken || call.input.nextToken) {
          return answer;
        }
        const ours = rollouts
          .inCluster(call, call.input.cluster)
          .flatMap(s => tasksOf(s, call.input.desiredStatus ?? 'RUNNING'))
          .map(t => t.taskArn);
        return {
          ...answer,
          json: {
            ...answer.json,
            taskArns: [...(answer.json.taskArns ?? []), ...ours],
          },
        };
      },
    },
    {
      targets: [target('DescribeTasks')],
      async rewrite(call, answer) {
        if (!ok(answer)) return answer;
        const wanted = new Set<string>(
          (call.input.tasks ?? []).map((t: string) => nameOf(String(t))),
        );
        const found = rollouts
          .inCluster(call, call.input.cluster)
          .flatMap(service =>
            service.tasks
              .filter(t => wanted.has(taskId(t.taskArn)))
              .map(t => renderTask(service, t)),
          );
        if (found.length === 0) return answer;
        const ids = new Set(found.map(t => taskId(t.taskArn)));
        return {
          ...answer,
          json: {
            ...answer.json,
            tasks: [...(answer.json.tasks ?? []), ...found],
            failures: (answer.json.failures ?? []).filter(
              (f: { arn?: string }) => !ids.has(nameOf(String(f.arn ?? ''))),
            ),
          },
        };
      },
    },
  ];
}
