import { randomUUID } from 'node:crypto';
import type {
  ExecutionTrigger,
  PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { systemClock, type Clock } from './clock';
import { fail } from './errors';
import {
  ACTIVE,
  type DefinitionSource,
  type Execution,
  type PipelineDefinition,
  type PipelineRecord,
} from './model';
import { latestRuns, Progression } from './progress';
import { sourceOverrides, stageIndex, startVariables } from './requests';
import { defaultRunners, type ActionRunners } from './runners';
import type { PipelineObserver } from '../events/pipelineEvents';

export interface PipelineEngineOptions {
  definitions: DefinitionSource;
  clock?: Clock;
  runners?: ActionRunners;
  region?: string;
  /** Who the executor says changed transitions or approved (AWS gives the caller's ARN). */
  caller?: string;
  /** Told of every execution, stage and action state change (EventBridge events). */
  events?: PipelineObserver;
}

export interface StartExecutionRequest {
  name: string;
  variables?: Array<{ name: string; value: string }>;
  sourceRevisions?: Array<{
    actionName: string;
    revisionType: string;
    revisionValue: string;
  }>;
  clientRequestToken?: string;
  /** Defaults to StartPipelineExecution; a git push gives WebhookV2. */
  trigger?: ExecutionTrigger;
}

/**
 * Runs CodePipeline V2 executions in memory over definitions read from the
 * upstream (moto): stage by stage, actions in runOrder, with stage locking and
 * the pipeline's execution mode (SUPERSEDED by default, QUEUED, PARALLEL).
 * This class validates requests and changes state; how executions move is
 * ./progress, reads (GetPipelineState…) are ./views.
 */
export class PipelineEngine {
  readonly clock: Clock;
  readonly region: string;
  readonly caller: string;
  private readonly progress: Progression;
  private readonly events?: PipelineObserver;
  private readonly definitions: DefinitionSource;
  private readonly pipelines = new Map<string, PipelineRecord>();
  private sequence = 0;

  constructor(options: PipelineEngineOptions) {
    this.definitions = options.definitions;
    this.clock = options.clock ?? systemClock;
    this.region = options.region ?? 'us-east-1';
    this.progress = new Progression(
      this.clock,
      options.runners ?? defaultRunners(),
      this.region,
      options.events,
    );
    this.events = options.events;
    this.caller =
      options.caller ?? 'arn:aws:iam::123456789012:user/local-world';
  }

  /** The pipeline's definition and its executor state; PipelineNotFoundException when moto has none. */
  async pipeline(
    name: string,
  ): Promise<{ definition: PipelineDefinition; record: PipelineRecord }> {
    if (!name) fail('ValidationException', 'A pipeline name is required');
    const definition = await this.definitions(name);
    if (!definition) {
      fail(
        'PipelineNotFoundException',
        `Account '123456789012' does not have a pipeline with name '${name}'`,
      );
    }
    return { definition, record: this.record(name) };
  }

  record(name: string): PipelineRecord {
    let record = this.pipelines.get(name);
    if (!record) {
      record = {
        name,
        executions: [],
        actionRuns: [],
        transitions: new Map(),
        stageLatest: new Map(),
        requestTokens: new Map(),
      };
      this.pipelines.set(name, record);
    }
    return record;
  }

  execution(record: PipelineRecord, id: string): Execution {
    const execution = record.executions.find(e => e.id === id);
    if (!execution) {
      fail(
        'PipelineExecutionNotFoundException',
        `Pipeline execution ${id} not found in pipeline ${record.name}`,
      );
    }
    return execution;
  }

  async start(request: StartExecutionRequest): Promise<string> {
    const { definition, record } = await this.pipeline(request.name);
    const known = request.clientRequestToken
      ? record.requestTokens.get(request.clientRequestToken)
      : undefined;
    if (known) return known;
    const pipeline = definition.pipeline;
    const execution = this.newExecution(record, pipeline, {
      trigger: request.trigger ?? {
        triggerType: 'StartPipelineExecution',
        triggerDetail: this.caller,
      },
      variables: startVariables(pipeline, request.variables ?? []),
      sourceOverrides: sourceOverrides(pipeline, request.sourceRevisions ?? []),
    });
    if (request.clientRequestToken) {
      record.requestTokens.set(request.clientRequestToken, execution.id);
    }
    this.progress.enterOrWait(record, execution);
    return execution.id;
  }

  async stop(request: {
    pipelineName: string;
    pipelineExecutionId: string;
    abandon?: boolean;
    reason?: string;
  }): Promise<string> {
    const { record } = await this.pipeline(request.pipelineName);
    const execution = this.execution(record, request.pipelineExecutionId);
    if (!ACTIVE.has(execution.status)) {
      fail(
        'PipelineExecutionNotStoppableException',
        `Execution ${execution.id} is ${execution.status} and cannot be stopped`,
      );
    }
    if (execution.status === 'Stopping' && !request.abandon) {
      fail(
        'DuplicatedStopRequestException',
        `Execution ${execution.id} is already stopping`,
      );
    }
    execution.stopTrigger = { reason: request.reason };
    const stage = this.progress.currentStage(execution);
    const stageRun = stage && execution.stages.get(stage.name ?? '');
    if (execution.waiting || !stageRun) {
      this.progress.finish(execution, 'Stopped');
      return execution.id;
    }
    for (const run of stageRun.runs) {
      if (
        run.status === 'InProgress' &&
        (request.abandon || run.token !== undefined)
      ) {
        this.progress.settleRun(run, {
          status: 'Abandoned',
          summary: request.reason ?? 'Stopped',
        });
        this.events?.action(this.region, execution, run, 'ABANDONED');
      }
    }
    execution.status = 'Stopping';
    stageRun.status = 'Stopping';
    this.progress.touch(execution);
    this.events?.execution(this.region, execution, 'STOPPING');
    this.events?.stage(this.region, execution, stage.name ?? '', 'STOPPING');
    this.progress.afterAction(record, execution);
    return execution.id;
  }

  async retry(request: {
    pipelineName: string;
    stageName: string;
    pipelineExecutionId: string;
    retryMode: string;
  }): Promise<string> {
    const { record, definition } = await this.pipeline(request.pipelineName);
    const index = stageIndex(definition.pipeline, request.stageName);
    if (!['FAILED_ACTIONS', 'ALL_ACTIONS'].includes(request.retryMode)) {
      fail('ValidationException', `Unknown retryMode ${request.retryMode}`);
    }
    const execution = this.execution(record, request.pipelineExecutionId);
    if (record.stageLatest.get(request.stageName) !== execution.id) {
      fail(
        'NotLatestPipelineExecutionException',
        `Execution ${execution.id} is not the latest in stage ${request.stageName}`,
      );
    }
    const stageRun = execution.stages.get(request.stageName);
    if (
      !stageRun ||
      !['Failed', 'Stopped'].includes(stageRun.status) ||
      ACTIVE.has(execution.status)
    ) {
      fail(
        'StageNotRetryableException',
        `Stage ${request.stageName} of execution ${execution.id} is ${
          stageRun?.status ?? 'not run'
        }: only a failed or stopped stage can be retried`,
      );
    }
    if (this.progress.occupant(record, request.stageName, execution)) {
      fail(
        'ConflictException',
        `Another execution is running in stage ${request.stageName}`,
      );
    }
    const succeeded = latestRuns(stageRun).filter(
      run => run.status === 'Succeeded',
    );
    // A retry is a new attempt: only the runs it keeps count towards the stage.
    stageRun.runs = request.retryMode === 'FAILED_ACTIONS' ? succeeded : [];
    stageRun.keep = new Set(stageRun.runs.map(run => run.actionName));
    stageRun.manualRetries += 1;
    stageRun.status = 'InProgress';
    stageRun.runOrder = 0;
    execution.status = 'InProgress';
    execution.statusSummary = undefined;
    execution.stopTrigger = undefined;
    execution.position = index;
    execution.waiting = false;
    this.progress.touch(execution);
    this.events?.execution(this.region, execution, 'RESUMED');
    this.events?.stage(this.region, execution, request.stageName, 'RESUMED');
    this.progress.runNextGroup(record, execution, stageRun);
    return execution.id;
  }

  async putApprovalResult(request: {
    pipelineName: string;
    stageName: string;
    actionName: string;
    token: string;
    result: { status: string; summary: string };
  }): Promise<Date> {
    const { record, definition } = await this.pipeline(request.pipelineName);
    const stage =
      definition.pipeline.stages?.[
        stageIndex(definition.pipeline, request.stageName)
      ];
    if (!stage?.actions?.some(a => a.name === request.actionName)) {
      fail(
        'ActionNotFoundException',
        `Action ${request.actionName} not found in stage ${request.stageName}`,
      );
    }
    const { status, summary } = request.result;
    if (status !== 'Approved' && status !== 'Rejected') {
      fail('ValidationException', `Unknown approval status ${status}`);
    }
    const runs = record.actionRuns.filter(
      run =>
        run.stageName === request.stageName &&
        run.actionName === request.actionName,
    );
    const run = runs.find(r => r.token === request.token);
    if (!run) {
      fail(
        'InvalidApprovalTokenException',
        `The token does not match the approval waiting in ${request.stageName}/${request.actionName}`,
      );
    }
    if (run.status !== 'InProgress' || !run.approve) {
      fail(
        'ApprovalAlreadyCompletedException',
        `The approval in ${request.stageName}/${request.actionName} was already ${run.status}`,
      );
    }
    run.updatedBy = this.caller;
    const approve = run.approve;
    run.approve = undefined;
    approve({ status, summary });
    return this.clock.now();
  }

  async rollback(request: {
    pipelineName: string;
    stageName: string;
    targetPipelineExecutionId: string;
  }): Promise<string> {
    const { record, definition } = await this.pipeline(request.pipelineName);
    const index = stageIndex(definition.pipeline, request.stageName);
    const target = this.execution(record, request.targetPipelineExecutionId);
    const stage = definition.pipeline.stages?.[index];
    if (stage?.actions?.some(a => a.actionTypeId?.category === 'Source')) {
      fail(
        'UnableToRollbackStageException',
        `Stage ${request.stageName} is a source stage, which cannot be rolled back`,
      );
    }
    if (target.executionType === 'ROLLBACK') {
      fail(
        'UnableToRollbackStageException',
        `Execution ${target.id} is a rollback and cannot be a rollback target`,
      );
    }
    if (target.pipelineVersion !== (definition.pipeline.version ?? 1)) {
      fail(
        'PipelineExecutionOutdatedException',
        `Execution ${target.id} ran pipeline version ${target.pipelineVersion}, not the current one`,
      );
    }
    if (target.stages.get(request.stageName)?.status !== 'Succeeded') {
      fail(
        'UnableToRollbackStageException',
        `Execution ${target.id} did not succeed in stage ${request.stageName}`,
      );
    }
    if (record.stageLatest.get(request.stageName) === target.id) {
      fail(
        'UnableToRollbackStageException',
        `Execution ${target.id} is already the latest in stage ${request.stageName}`,
      );
    }
    if (this.progress.occupant(record, request.stageName)) {
      fail(
        'ConflictException',
        `An execution is running in stage ${request.stageName}`,
      );
    }
    const execution = this.newExecution(record, target.definition, {
      trigger: { triggerType: 'ManualRollback', triggerDetail: this.caller },
      variables: { ...target.variables },
      sourceOverrides: { ...target.sourceOverrides },
    });
    execution.executionType = 'ROLLBACK';
    execution.rollbackTargetId = target.id;
    execution.onlyStage = request.stageName;
    execution.position = index;
    execution.namespaces = structuredClone(target.namespaces);
    execution.sources = structuredClone(target.sources);
    execution.artifacts = { ...target.artifacts };
    this.progress.enter(record, execution);
    return execution.id;
  }

  async setTransition(request: {
    pipelineName: string;
    stageName: string;
    transitionType: string;
    enabled: boolean;
    reason?: string;
  }): Promise<void> {
    const { record, definition } = await this.pipeline(request.pipelineName);
    const stages = definition.pipeline.stages ?? [];
    let index = stageIndex(definition.pipeline, request.stageName);
    if (request.transitionType === 'Outbound') index += 1;
    else if (request.transitionType !== 'Inbound') {
      fail(
        'ValidationException',
        `Unknown transitionType ${request.transitionType}`,
      );
    }
    const stageName = stages[index]?.name;
    if (!stageName) return;
    record.transitions.set(stageName, {
      enabled: request.enabled,
      lastChangedBy: this.caller,
      lastChangedAt: this.clock.now(),
      disabledReason: request.enabled ? undefined : request.reason,
    });
    if (request.enabled) this.progress.release(record, stageName);
  }

  private newExecution(
    record: PipelineRecord,
    pipeline: PipelineDeclaration,
    init: Pick<Execution, 'trigger' | 'variables' | 'sourceOverrides'>,
  ): Execution {
    const now = this.clock.now();
    const execution: Execution = {
      id: randomUUID(),
      sequence: ++this.sequence,
      pipelineName: record.name,
      pipelineVersion: pipeline.version ?? 1,
      definition: structuredClone(pipeline),
      status: 'InProgress',
      startTime: now,
      lastUpdateTime: now,
      executionType: 'STANDARD',
      namespaces: {},
      sources: {},
      artifacts: {},
      stages: new Map(),
      position: 0,
      waiting: true,
      ...init,
    };
    record.executions.push(execution);
    this.events?.execution(this.region, execution, 'STARTED');
    return execution;
  }
}
