import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { JsonObject } from '@backstage/types';
import { EntityStatusService } from '../services/EntityStatusService';

/**
 * Read-only actions for AI agents (MCP) through the Backstage actions
 * registry. They go through the same entity read, permission check and
 * resolution as the HTTP routes, with the caller's credentials.
 */
export function registerStatusActions(
  registry: ActionsRegistryService,
  status: EntityStatusService,
) {
  const entityRefInput = (z: any) =>
    z.object({
      entityRef: z
        .string()
        .describe('Catalog entity ref, e.g. component:default/orders-api'),
    });
  const anyOutput = (z: any) =>
    z.object({ result: z.record(z.string(), z.unknown()) });

  registry.register({
    name: 'get-pipeline-status',
    title: 'Get CodePipeline status',
    description:
      "Returns the status of an entity's AWS CodePipeline pipelines: stages, actions, the latest execution with its commit, and pending approvals.",
    schema: { input: entityRefInput, output: anyOutput },
    attributes: { readOnly: true, idempotent: true },
    action: async ({ input, credentials }) => ({
      output: {
        result: (await status.pipelines(
          input.entityRef,
          credentials,
        )) as unknown as JsonObject,
      },
    }),
  });

  registry.register({
    name: 'get-pipeline-executions',
    title: 'List CodePipeline executions',
    description:
      "Returns the most recent executions of one of an entity's pipelines, with status, trigger, times and commits.",
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe('Catalog entity ref'),
          pipelineArn: z
            .string()
            .describe('ARN of a pipeline that belongs to the entity'),
          limit: z.number().int().min(1).max(100).optional(),
        }),
      output: anyOutput,
    },
    attributes: { readOnly: true, idempotent: true },
    action: async ({ input, credentials }) => ({
      output: {
        result: (await status.executions(
          input.entityRef,
          input.pipelineArn,
          credentials,
          { limit: input.limit ?? 10 },
        )) as unknown as JsonObject,
      },
    }),
  });

  registry.register({
    name: 'get-ecs-status',
    title: 'Get ECS deployment status',
    description:
      "Returns an entity's Amazon ECS services: rollout state, deployments, task counts, recent events, running and stopped tasks, and blue/green traffic.",
    schema: { input: entityRefInput, output: anyOutput },
    attributes: { readOnly: true, idempotent: true },
    action: async ({ input, credentials }) => ({
      output: {
        result: (await status.ecsServices(
          input.entityRef,
          credentials,
        )) as unknown as JsonObject,
      },
    }),
  });
}
