import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import {
  codePipelineApprovalReviewPermission,
  codePipelineExecutionStartPermission,
  codePipelineExecutionStopPermission,
  codePipelineStageRetryPermission,
  codePipelineStageRollbackPermission,
  codePipelineTransitionTogglePermission,
  type ApprovalRequest,
  type ApprovalResponse,
  type RetryStageRequest,
  type RetryStageResponse,
  type RollbackStageRequest,
  type RollbackStageResponse,
  type RollbackTargetsResponse,
  type StartExecutionRequest,
  type StartExecutionResponse,
  type StopExecutionRequest,
  type StopExecutionResponse,
  type TransitionRequest,
} from '@slipway/plugin-codepipeline-common';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import {
  AwsClientFactory,
  isAwsError,
} from '@slipway/plugin-codepipeline-node';
import type { PipelineDefinition } from '../aws/codePipeline';
import * as writes from '../aws/codePipelineWrites';
import {
  ControlContext,
  forAuditLog,
  invalidRollbackTarget,
  PipelineConflictError,
  ResourceNotOwnedError,
  toControlError,
} from '../aws/controlErrors';
import type { CachePolicy } from '../cachePolicy';
import { EntityAccessGate } from './EntityAccessGate';
import { PipelineDefinitions } from './PipelineDefinitions';
import { PipelineStatusService } from './PipelineStatusService';
import type { PipelineRef } from './resourceRefs';
import { WriteOwnership } from './WriteOwnership';

/** Who acts on which pipeline of which entity, for one HTTP request. */
export interface ControlTarget {
  entityRef: string;
  pipelineArn: string;
  credentials: BackstageCredentials;
  request: Request;
}

type Operation<T> = (
  client: CodePipelineClient,
  pipeline: PipelineRef,
  definition: PipelineDefinition,
) => Promise<{ response: T; audit?: JsonObject }>;

/**
 * Acts on a pipeline that belongs to the entity: checks the operation's own
 * permission against the entity (no AWS call when denied), refuses a pipeline
 * whose `slipway:*` tags name another component or owner (see
 * {@link WriteOwnership}), validates stage
 * and action names against the pipeline's definition, records the write with
 * the auditor, maps AWS conflicts to 409s, and makes the cached status stale.
 */
export class PipelineControlService {
  constructor(
    private readonly deps: {
      clients: AwsClientFactory;
      access: EntityAccessGate;
      ownership: WriteOwnership;
      definitions: PipelineDefinitions;
      pipelines: PipelineStatusService;
      cachePolicy: CachePolicy;
      auditor: AuditorService;
    },
  ) {}

  start(
    target: ControlTarget,
    body: StartExecutionRequest,
  ): Promise<StartExecutionResponse> {
    return this.run(
      target,
      'execution-start',
      codePipelineExecutionStartPermission,
      {
        clientRequestToken: body.clientRequestToken,
        commitId: body.sourceRevision?.commitId ?? null,
      },
      async (client, pipeline, definition) => {
        if (body.sourceRevision) {
          requireSourceAction(definition, body.sourceRevision.actionName);
        }
        const id = await writes.startExecution(client, pipeline.name, body);
        return {
          response: { pipelineExecutionId: id ?? '' },
          audit: { pipelineExecutionId: id ?? null },
        };
      },
    );
  }

  stop(
    target: ControlTarget,
    executionId: string,
    body: StopExecutionRequest,
  ): Promise<StopExecutionResponse> {
    return this.run(
      target,
      'execution-stop',
      codePipelineExecutionStopPermission,
      { executionId, ...body },
      async (client, pipeline) => {
        const id = await writes.stopExecution(
          client,
          pipeline.name,
          executionId,
          body,
        );
        return { response: { pipelineExecutionId: id ?? executionId } };
      },
    );
  }

  retry(
    target: ControlTarget,
    stageName: string,
    body: RetryStageRequest,
  ): Promise<RetryStageResponse> {
    return this.run(
      target,
      'stage-retry',
      codePipelineStageRetryPermission,
      { stageName, ...body },
      async (client, pipeline, definition) => {
        requireStage(definition, stageName);
        const id = await writes.retryStage(
          client,
          pipeline.name,
          stageName,
          body,
        );
        return {
          response: { pipelineExecutionId: id ?? body.pipelineExecutionId },
        };
      },
    );
  }

  review(
    target: ControlTarget,
    stageName: string,
    actionName: string,
    body: ApprovalRequest,
  ): Promise<ApprovalResponse> {
    const meta = {
      stageName,
      actionName,
      decision: body.decision,
      comment: body.comment ?? null,
    };
    return this.run(
      target,
      'approval-review',
      codePipelineApprovalReviewPermission,
      meta,
      async (client, pipeline, definition) => {
        requireApprovalAction(definition, stageName, actionName);
        const token = await writes.currentApprovalToken(
          client,
          pipeline.name,
          stageName,
          actionName,
        );
        if (!token) {
          throw new PipelineConflictError(
            'No approval is waiting in this action: it was decided, timed out, or has not started.',
            'no-pending-approval',
          );
        }
        const approvedAt = await writes.putApprovalResult(
          client,
          pipeline.name,
          { stageName, actionName, token },
          {
            status: body.decision,
            summary: approvalSummary(body, target.credentials),
          },
        );
        return { response: { approvedAt } };
      },
    );
  }

  rollback(
    target: ControlTarget,
    stageName: string,
    body: RollbackStageRequest,
  ): Promise<RollbackStageResponse> {
    return this.run(
      target,
      'stage-rollback',
      codePipelineStageRollbackPermission,
      { stageName, ...body },
      async (client, pipeline, definition) => {
        requireStage(definition, stageName);
        const context = {
          pipeline: pipeline.name,
          stageName,
          executionId: body.targetPipelineExecutionId,
        };
        // The target is given by id alone: it must be one of this pipeline's executions.
        if (
          !(await writes.isExecutionOf(
            client,
            pipeline.name,
            body.targetPipelineExecutionId,
          ))
        ) {
          throw invalidRollbackTarget(context);
        }
        const id = await writes
          .rollbackStage(
            client,
            pipeline.name,
            stageName,
            body.targetPipelineExecutionId,
          )
          .catch(error => {
            throw isAwsError(error, 'PipelineExecutionNotFoundException')
              ? invalidRollbackTarget(context)
              : error;
          });
        return { response: { pipelineExecutionId: id ?? '' } };
      },
    );
  }

  transition(
    target: ControlTarget,
    stageName: string,
    body: TransitionRequest,
  ): Promise<void> {
    return this.run(
      target,
      'transition-toggle',
      codePipelineTransitionTogglePermission,
      { stageName, ...body },
      async (client, pipeline, definition) => {
        requireStage(definition, stageName);
        await writes.setStageTransition(client, pipeline.name, stageName, body);
        return { response: undefined };
      },
    );
  }

  /** A read, guarded like the writes' dialogs need: executions a stage can roll back to. */
  async rollbackTargets(
    target: Omit<ControlTarget, 'request'>,
    stageName: string,
  ): Promise<RollbackTargetsResponse> {
    const pipeline = await this.deps.access.pipelineOf(
      target.entityRef,
      target.pipelineArn,
      target.credentials,
    );
    const definition = await this.deps.definitions.get(pipeline);
    requireStage(definition, stageName);
    try {
      const client = await this.deps.clients.get(CodePipelineClient, pipeline);
      const [targets, latest] = await Promise.all([
        writes.listSucceededInStage(client, pipeline.name, stageName),
        this.deps.pipelines.getPipelines([pipeline]),
      ]);
      const current = latest[0].status?.stages.find(
        s => s.name === stageName,
      )?.pipelineExecutionId;
      return {
        stageName,
        targets: targets.filter(t => t.pipelineExecutionId !== current),
      };
    } catch (error) {
      throw toControlError(error, { pipeline: pipeline.name, stageName }, [
        pipeline.arn,
      ]);
    }
  }

  /**
   * The entity (read as the caller, `permission` checked) and the pipeline,
   * if and only if the entity resolves to it; `ownArns` are the entity's
   * pipelines, the only ARNs an AWS error text may keep.
   */
  private async resolveTarget(
    target: ControlTarget,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<{ entity: Entity; pipeline: PipelineRef; ownArns: string[] }> {
    const resolved = await this.deps.access.resolve(
      target.entityRef,
      target.credentials,
      'pipelines',
      {},
      permission,
    );
    const pipeline = resolved.pipelines.find(p => p.arn === target.pipelineArn);
    if (!pipeline) {
      throw new NotFoundError(
        `Pipeline ${target.pipelineArn} does not belong to ${target.entityRef}`,
      );
    }
    return {
      entity: resolved.entity,
      pipeline,
      ownArns: resolved.pipelines.map(p => p.arn),
    };
  }

  private async run<T>(
    target: ControlTarget,
    eventId: string,
    permission: ResourcePermission<'catalog-entity'>,
    meta: JsonObject,
    operation: Operation<T>,
  ): Promise<T> {
    const { entity, pipeline, ownArns } = await this.resolveTarget(
      target,
      permission,
    );
    const definition = await this.deps.definitions.get(pipeline);
    const event = await this.deps.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: target.request,
      meta: { entityRef: target.entityRef, pipelineArn: pipeline.arn, ...meta },
    });
    try {
      const client = await this.deps.clients.get(CodePipelineClient, pipeline);
      const { response, audit } = await this.deps.ownership
        .assertOwned(entity, pipeline, client)
        .then(() => operation(client, pipeline, definition))
        .catch(error => {
          throw error instanceof InputError ||
            error instanceof PipelineConflictError ||
            error instanceof ResourceNotOwnedError
            ? error
            : toControlError(error, contextOf(pipeline.name, meta), ownArns);
        });
      await this.deps.cachePolicy.invalidate(pipeline);
      await event.success({ meta: audit });
      return response;
    } catch (error) {
      // Expected refusals are audited (at the event's info level) without a stack trace.
      await event.fail({ error: forAuditLog(error) });
      throw error;
    }
  }
}

/** What a write is about, out of its audit metadata, for a 404 that names it. */
function contextOf(pipeline: string, meta: JsonObject): ControlContext {
  const text = (value: unknown) =>
    typeof value === 'string' ? value : undefined;
  return {
    pipeline,
    stageName: text(meta.stageName),
    actionName: text(meta.actionName),
    executionId: text(
      meta.executionId ??
        meta.pipelineExecutionId ??
        meta.targetPipelineExecutionId,
    ),
  };
}

function requireStage(definition: PipelineDefinition, stageName: string) {
  const stage = definition.stages.find(s => s.name === stageName);
  if (!stage) {
    throw new InputError(
      `stageName: pipeline ${definition.name} has no stage "${stageName}"`,
    );
  }
  return stage;
}

function requireApprovalAction(
  definition: PipelineDefinition,
  stageName: string,
  actionName: string,
) {
  const action = requireStage(definition, stageName).actions.find(
    a => a.name === actionName,
  );
  if (!action) {
    throw new InputError(
      `actionName: stage ${stageName} has no action "${actionName}"`,
    );
  }
  if (action.category !== 'Approval') {
    throw new InputError(
      `actionName: ${stageName}/${actionName} is not a manual approval`,
    );
  }
}

function requireSourceAction(
  definition: PipelineDefinition,
  actionName: string,
) {
  const isSource = definition.stages
    .flatMap(stage => stage.actions)
    .some(action => action.name === actionName && action.category === 'Source');
  if (!isSource) {
    throw new InputError(
      `sourceRevision.actionName: pipeline ${definition.name} has no source action "${actionName}"`,
    );
  }
}

/** AWS records the backend's role as the approver, so the summary names the Backstage user. */
function approvalSummary(
  body: ApprovalRequest,
  credentials: BackstageCredentials,
): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  const who =
    principal.userEntityRef ?? principal.subject ?? 'a Backstage service';
  const comment = body.comment?.trim();
  return `${comment ? `${comment} — ` : ''}${
    body.decision
  } by ${who} via Backstage`.slice(0, 512);
}
