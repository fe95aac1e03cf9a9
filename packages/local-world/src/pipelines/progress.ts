import { randomUUID } from 'node:crypto';
import type {
  ActionDeclaration,
  ErrorDetails,
  StageDeclaration,
} from '@aws-sdk/client-codepipeline';
import type { Clock } from './clock';
import {
  ACTIVE,
  type ActionRun,
  type Execution,
  type PipelineRecord,
  type StageRun,
} from './model';
import {
  pickRunner,
  type ActionProgress,
  type ActionResult,
  type ActionRunners,
  type SourceRevisionResult,
} from './runners';
import { resolveConfiguration } from './variables';
import { actionStateOf, type PipelineObserver } from '../events/pipelineEvents';

/** The source revisions behind an action's input artifacts, by artifact name. */
function inputRevisions(
  execution: Execution,
  action: ActionDeclaration,
): Record<string, SourceRevisionResult> {
  const revisions: Record<string, SourceRevisionResult> = {};
  for (const input of action.inputArtifacts ?? []) {
    const name = input.name ?? '';
    const producer = (execution.definition.stages ?? [])
      .flatMap(stage => stage.actions ?? [])
      .find(a => a.outputArtifacts?.some(output => output.name === name));
    const source = producer && execution.sources[producer.name ?? ''];
    if (source) {
      revisions[name] = {
        revisionId: source.revisionId,
        revisionSummary: source.revisionSummary,
        revisionUrl: source.revisionUrl,
      };
    }
  }
  return revisions;
}

/** The folders of an action's input artifacts that this execution produced. */
function inputArtifacts(
  execution: Execution,
  action: ActionDeclaration,
): Record<string, string> {
  const folders: Record<string, string> = {};
  for (const input of action.inputArtifacts ?? []) {
    const folder = execution.artifacts[input.name ?? ''];
    if (folder) folders[input.name ?? ''] = folder;
  }
  return folders;
}

/**
 * How executions move: into a stage or waiting before it (locks, transitions,
 * superseding), actions in runOrder, and what a stage does when they end.
 * {@link PipelineEngine} validates requests and calls in here.
 */
export class Progression {
  constructor(
    private readonly clock: Clock,
    private readonly runners: ActionRunners,
    private readonly region: string,
    /** Told of every state change (the local world's EventBridge events). */
    private readonly events?: PipelineObserver,
  ) {}

  currentStage(execution: Execution): StageDeclaration | undefined {
    return execution.definition.stages?.[execution.position];
  }

  /** The execution running in a stage (other than `except`), if any. */
  occupant(
    record: PipelineRecord,
    stageName: string,
    except?: Execution,
  ): Execution | undefined {
    return record.executions.find(
      e =>
        e !== except &&
        ACTIVE.has(e.status) &&
        !e.waiting &&
        this.currentStage(e)?.name === stageName,
    );
  }

  waitingAt(record: PipelineRecord, stageName: string): Execution[] {
    return record.executions.filter(
      e =>
        e.status === 'InProgress' &&
        e.waiting &&
        this.currentStage(e)?.name === stageName,
    );
  }

  enterOrWait(record: PipelineRecord, execution: Execution): void {
    const stageName = this.currentStage(execution)?.name ?? '';
    const mode = execution.definition.executionMode ?? 'SUPERSEDED';
    execution.waiting = true;
    const others = this.waitingAt(record, stageName).filter(
      e => e !== execution,
    );
    if (mode === 'SUPERSEDED') {
      for (const older of others.filter(e => e.sequence < execution.sequence)) {
        older.statusSummary = `Superseded by ${execution.id}`;
        this.finish(older, 'Superseded');
      }
      if (others.some(e => e.sequence > execution.sequence)) {
        execution.statusSummary = 'Superseded by a newer execution';
        this.finish(execution, 'Superseded');
        return;
      }
    }
    const enabled = record.transitions.get(stageName)?.enabled ?? true;
    const queuedBefore =
      mode === 'QUEUED' && others.some(e => e.sequence < execution.sequence);
    const locked = mode !== 'PARALLEL' && this.occupant(record, stageName);
    if (!enabled || locked || queuedBefore) {
      this.touch(execution);
      return;
    }
    this.enter(record, execution);
  }

  enter(record: PipelineRecord, execution: Execution): void {
    const stageName = this.currentStage(execution)?.name ?? '';
    execution.waiting = false;
    record.stageLatest.set(stageName, execution.id);
    const stageRun: StageRun = {
      status: 'InProgress',
      runs: [],
      keep: new Set(),
      runOrder: 0,
      manualRetries: 0,
    };
    execution.stages.set(stageName, stageRun);
    this.touch(execution);
    this.events?.stage(this.region, execution, stageName, 'STARTED');
    this.runNextGroup(record, execution, stageRun);
  }

  /** Starts the actions of the next runOrder; moves on when a group has nothing to run. */
  runNextGroup(
    record: PipelineRecord,
    execution: Execution,
    stageRun: StageRun,
  ): void {
    const stage = this.currentStage(execution);
    const actions = stage?.actions ?? [];
    const orders = [...new Set(actions.map(a => a.runOrder ?? 1))]
      .filter(order => order > stageRun.runOrder)
      .sort((a, b) => a - b);
    for (const order of orders) {
      stageRun.runOrder = order;
      const toRun = actions.filter(
        a => (a.runOrder ?? 1) === order && !stageRun.keep.has(a.name ?? ''),
      );
      if (toRun.length) {
        for (const action of toRun) {
          this.startAction(record, execution, stageRun, action);
        }
        return;
      }
    }
    this.stageDone(record, execution, stageRun);
  }

  startAction(
    record: PipelineRecord,
    execution: Execution,
    stageRun: StageRun,
    action: ActionDeclaration,
  ): void {
    const now = this.clock.now();
    const stageName = this.currentStage(execution)?.name ?? '';
    const run: ActionRun = {
      actionExecutionId: randomUUID(),
      pipelineExecutionId: execution.id,
      pipelineVersion: execution.pipelineVersion,
      stageName,
      actionName: action.name ?? '',
      action,
      status: 'InProgress',
      startTime: now,
      lastUpdateTime: now,
      resolvedConfiguration: resolveConfiguration(action, execution),
      abort: new AbortController(),
    };
    stageRun.runs.push(run);
    record.actionRuns.push(run);
    this.events?.action(this.region, execution, run, 'STARTED');
    const runner = pickRunner(this.runners, action);
    const result = runner.run({
      region: action.region ?? this.region,
      pipelineName: record.name,
      pipelineExecutionId: execution.id,
      stageName,
      actionExecutionId: run.actionExecutionId,
      action,
      resolvedConfiguration: run.resolvedConfiguration,
      sourceRevisionOverride: execution.sourceOverrides[run.actionName],
      variables: execution.variables,
      inputRevisions: inputRevisions(execution, action),
      inputArtifacts: inputArtifacts(execution, action),
      clock: this.clock,
      signal: run.abort.signal,
      report: progress => {
        if (run.status !== 'InProgress') return;
        Object.assign(run, progress);
        run.lastUpdateTime = this.clock.now();
      },
      waitForApproval: () =>
        new Promise(resolve => {
          run.token = randomUUID();
          run.approve = resolve;
        }),
    });
    result.then(
      outcome => this.actionDone(record, execution, run, outcome),
      (error: unknown) =>
        this.actionDone(record, execution, run, {
          status: 'Failed',
          errorDetails: {
            code: 'JobFailed',
            message: error instanceof Error ? error.message : String(error),
          },
        }),
    );
  }

  actionDone(
    record: PipelineRecord,
    execution: Execution,
    run: ActionRun,
    outcome: ActionResult,
  ): void {
    if (run.status !== 'InProgress') return;
    this.settleRun(run, outcome);
    this.events?.action(this.region, execution, run, actionStateOf(run));
    if (outcome.status === 'Succeeded') {
      if (run.action.namespace && outcome.outputVariables) {
        execution.namespaces[run.action.namespace] = outcome.outputVariables;
      }
      Object.assign(execution.artifacts, outcome.artifacts);
      if (outcome.revision) {
        execution.sources[run.actionName] = {
          ...outcome.revision,
          created: run.lastUpdateTime,
        };
      }
    }
    this.afterAction(record, execution);
  }

  settleRun(
    run: ActionRun,
    outcome: ActionProgress & {
      status: 'Succeeded' | 'Failed' | 'Abandoned';
      errorDetails?: ErrorDetails;
      outputVariables?: Record<string, string>;
      revision?: SourceRevisionResult;
    },
  ): void {
    Object.assign(run, outcome);
    run.lastUpdateTime = this.clock.now();
    run.approve = undefined;
    if (outcome.status === 'Abandoned') run.abort.abort(new Error('Abandoned'));
  }

  /** Decides what a stage does once an action has ended. */
  afterAction(record: PipelineRecord, execution: Execution): void {
    const stage = this.currentStage(execution);
    const stageRun = stage && execution.stages.get(stage.name ?? '');
    if (!stageRun || !['InProgress', 'Stopping'].includes(stageRun.status))
      return;
    const current = latestRuns(stageRun);
    if (current.some(run => run.status === 'InProgress')) {
      this.touch(execution);
      return;
    }
    const stageName = stage?.name ?? '';
    if (execution.status === 'Stopping') {
      stageRun.status = 'Stopped';
      this.events?.stage(this.region, execution, stageName, 'STOPPED');
      this.finish(execution, 'Stopped');
      this.release(record, stageName);
      return;
    }
    const failed = current.find(run => run.status !== 'Succeeded');
    if (failed) {
      stageRun.status = 'Failed';
      this.events?.stage(this.region, execution, stageName, 'FAILED');
      execution.statusSummary =
        failed.errorDetails?.message ??
        `Action ${failed.actionName} ${failed.status}`;
      this.finish(execution, 'Failed');
      this.release(record, stageName);
      return;
    }
    this.runNextGroup(record, execution, stageRun);
  }

  stageDone(
    record: PipelineRecord,
    execution: Execution,
    stageRun: StageRun,
  ): void {
    const stageName = this.currentStage(execution)?.name ?? '';
    stageRun.status = 'Succeeded';
    this.events?.stage(this.region, execution, stageName, 'SUCCEEDED');
    const last = (execution.definition.stages?.length ?? 0) - 1;
    if (execution.onlyStage || execution.position >= last) {
      this.finish(execution, 'Succeeded');
    } else {
      execution.position += 1;
      this.enterOrWait(record, execution);
    }
    this.release(record, stageName);
  }

  /** Lets the execution waiting before a stage in, if it may go now. */
  release(record: PipelineRecord, stageName: string): void {
    const next = this.waitingAt(record, stageName).sort(
      (a, b) => a.sequence - b.sequence,
    )[0];
    if (next) this.enterOrWait(record, next);
  }

  finish(
    execution: Execution,
    status: 'Succeeded' | 'Failed' | 'Stopped' | 'Superseded',
  ): void {
    execution.status = status;
    execution.waiting = status === 'Superseded' ? execution.waiting : false;
    this.touch(execution);
    this.events?.execution(
      this.region,
      execution,
      status.toUpperCase() as Uppercase<typeof status>,
    );
  }

  touch(execution: Execution): void {
    execution.lastUpdateTime = this.clock.now();
  }
}

/** The latest run of each action in a stage pass. */
export function latestRuns(stageRun: StageRun): ActionRun[] {
  const byAction = new Map<string, ActionRun>();
  for (const run of stageRun.runs) byAction.set(run.actionName, run);
  return [...byAction.values()];
}
