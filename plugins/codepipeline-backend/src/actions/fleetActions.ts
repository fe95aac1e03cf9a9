import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { JsonObject } from '@backstage/types';
import {
  FLEET_ENTITY_STATUSES,
  type FleetEntitySummary,
} from '@slipway/plugin-codepipeline-common';
import type {
  FleetFilters,
  FleetOverviewService,
} from '../fleet/FleetOverviewService';

/** How long an action waits for entities still loading before it answers with what it has. */
export const ACTION_SETTLE_MS = 10_000;
/** At most this many entities in one answer (the rest are counted in `totalItems`). */
export const MAX_ACTION_ITEMS = 100;

/**
 * The delivery overview's questions for AI agents (MCP): "what is failing
 * now?", "what waits for my approval?", and the overview itself. Each goes
 * through the same permission-filtered fleet service as `GET /v1/overview`,
 * with the caller's credentials.
 */
export function registerFleetActions(
  registry: ActionsRegistryService,
  fleet: FleetOverviewService,
) {
  const filterFields = (z: any) => ({
    owner: z
      .string()
      .optional()
      .describe('Owner entity ref or group name, e.g. group:default/payments'),
    system: z
      .string()
      .optional()
      .describe('System entity ref or name, e.g. system:default/orders'),
    q: z
      .string()
      .optional()
      .describe('Part of the entity ref or title, case-insensitive'),
  });
  const anyOutput = (z: any) =>
    z.object({ result: z.record(z.string(), z.unknown()) });
  const ask = (
    input: FleetFilters,
    credentials: Parameters<FleetOverviewService['all']>[0],
  ) => fleet.all(credentials, input, { settleMs: ACTION_SETTLE_MS });

  registry.register({
    name: 'list-failing-deliveries',
    title: 'List failing deliveries',
    description:
      'What is failing now: the entities you may read whose latest pipeline execution failed or whose ECS rollout failed, with the failing stage and commit.',
    schema: { input: z => z.object(filterFields(z)), output: anyOutput },
    attributes: { readOnly: true, idempotent: true },
    action: async ({ input, credentials }) => {
      const overview = await ask({ ...input, status: 'failing' }, credentials);
      return {
        output: {
          result: {
            failing: overview.items
              .slice(0, MAX_ACTION_ITEMS)
              .map(failingRow) as unknown as JsonObject[],
            totalItems: overview.items.length,
            progress: overview.progress,
          },
        },
      };
    },
  });

  registry.register({
    name: 'list-awaiting-approvals',
    title: 'List approvals waiting for me',
    description:
      'What waits for my approval: manual approvals pending in pipelines of entities where you hold codepipeline.approval.review.',
    schema: { input: z => z.object(filterFields(z)), output: anyOutput },
    attributes: { readOnly: true, idempotent: true },
    action: async ({ input, credentials }) => {
      const overview = await ask(input, credentials);
      const approvals = overview.items
        .filter(item => item.canApprove)
        .flatMap(item =>
          item.pipelines.flatMap(pipeline =>
            pipeline.awaitingApprovals.map(approval => ({
              entityRef: item.entityRef,
              pipelineArn: pipeline.arn,
              pipelineName: pipeline.name,
              stageName: approval.stageName,
              actionName: approval.actionName,
              commit: pipeline.latestExecution?.commit,
            })),
          ),
        );
      return {
        output: {
          result: {
            approvals: approvals.slice(
              0,
              MAX_ACTION_ITEMS,
            ) as unknown as JsonObject[],
            totalItems: approvals.length,
            progress: overview.progress,
          },
        },
      };
    },
  });

  registry.register({
    name: 'get-delivery-overview',
    title: 'Get the delivery overview',
    description:
      'The delivery overview over every entity with Slipway annotations you may read: status (failing, awaiting-approval, rolling-out, in-progress, healthy, unknown, loading), latest execution per pipeline, rollouts, the production version and commit, and 30-day DORA metrics per owner group.',
    schema: {
      input: z =>
        z.object({
          ...filterFields(z),
          status: z
            .enum(FLEET_ENTITY_STATUSES as [string, ...string[]])
            .optional()
            .describe('Only entities in this status'),
        }),
      output: anyOutput,
    },
    attributes: { readOnly: true, idempotent: true },
    action: async ({ input, credentials }) => {
      const overview = await ask(
        input as FleetFilters & { status?: FleetEntitySummary['status'] },
        credentials,
      );
      return {
        output: {
          result: {
            ...overview,
            items: overview.items.slice(0, MAX_ACTION_ITEMS),
            totalItems: overview.items.length,
          } as unknown as JsonObject,
        },
      };
    },
  });
}

function failingRow(item: FleetEntitySummary) {
  return {
    entityRef: item.entityRef,
    owner: item.owner,
    pipelines: item.pipelines
      .filter(p => p.latestExecution?.status === 'Failed')
      .map(p => ({
        arn: p.arn,
        name: p.name,
        failingStage: p.failingStage,
        executionId: p.latestExecution?.id,
        commit: p.latestExecution?.commit,
      })),
    failedRollouts: item.rollouts.filter(r => r.state === 'FAILED'),
  };
}
