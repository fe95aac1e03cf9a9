import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  paginateListActionExecutions,
  type ActionExecutionDetail as AwsActionExecutionDetail,
  type ActionState,
  type PipelineExecutionSummary as AwsExecutionSummary,
  type SourceRevision as AwsSourceRevision,
  type StageState,
} from '@aws-sdk/client-codepipeline';
import {
  shortCommitId,
  type ActionErrorDetails,
  type ActionExecutionDetail,
  type ActionStatus,
  type ExecutionTrigger,
  type PipelineExecutionStatus,
  type PipelineExecutionSummary,
  type SourceRevision,
  type StageStatus,
  type StageTransitionState,
} from '@slipway/plugin-codepipeline-common';

/** A pipeline's structure: what GetPipeline says, reduced to what Slipway uses. */
export interface PipelineDefinition {
  name: string;
  pipelineType?: string;
  executionMode?: string;
  stages: Array<{
    name: string;
    actions: Array<{
      name: string;
      category?: string;
      owner?: string;
      provider?: string;
      runOrder?: number;
      /** Only the keys that locate deploy targets and builds. */
      configuration: Record<string, string>;
      /**
       * The role the action runs as. In a cross-account pipeline it is a role
       * in the account the action deploys to (the pipeline's own role when unset).
       */
      roleArn?: string;
      /** The region the action runs in (a cross-region action); the pipeline's when unset. */
      region?: string;
    }>;
  }>;
}

export interface ActionStateSnapshot {
  name: string;
  status?: ActionStatus;
  summary?: string;
  lastStatusChange?: string;
  errorDetails?: ActionErrorDetails;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  entityUrl?: string;
  revision?: { revisionId?: string; revisionUrl?: string; created?: string };
  /** A manual approval token exists; the token itself is never kept. */
  hasApprovalToken: boolean;
}

export interface StageStateSnapshot {
  name: string;
  status?: StageStatus;
  pipelineExecutionId?: string;
  inboundTransition: StageTransitionState;
  actions: ActionStateSnapshot[];
}

/** An execution as ListPipelineExecutions reports it: the API summary before Slipway adds end, duration and link. */
export type ExecutionSnapshot = Omit<
  PipelineExecutionSummary,
  'endTime' | 'durationSeconds' | 'consoleUrl'
>;

/** One action's run, as ListActionExecutions reports it (builds are attached later). */
export type ActionExecutionSnapshot = Omit<ActionExecutionDetail, 'build'>;

const CONFIGURATION_KEYS = [
  'ClusterName',
  'ServiceName',
  'ApplicationName',
  'DeploymentGroupName',
  'ProjectName',
  'FullRepositoryId',
  'BranchName',
];

export async function getPipelineDefinition(
  client: CodePipelineClient,
  name: string,
): Promise<PipelineDefinition> {
  const { pipeline } = await client.send(new GetPipelineCommand({ name }));
  return {
    name,
    pipelineType: pipeline?.pipelineType,
    executionMode: pipeline?.executionMode,
    stages: (pipeline?.stages ?? []).map(stage => ({
      name: stage.name ?? '',
      actions: (stage.actions ?? []).map(action => ({
        name: action.name ?? '',
        category: action.actionTypeId?.category,
        owner: action.actionTypeId?.owner,
        provider: action.actionTypeId?.provider,
        runOrder: action.runOrder,
        configuration: pick(action.configuration ?? {}, CONFIGURATION_KEYS),
        roleArn: action.roleArn,
        region: action.region,
      })),
    })),
  };
}

export async function getPipelineState(
  client: CodePipelineClient,
  name: string,
): Promise<StageStateSnapshot[]> {
  const { stageStates } = await client.send(
    new GetPipelineStateCommand({ name }),
  );
  return (stageStates ?? []).map(toStageSnapshot);
}

export async function listPipelineExecutions(
  client: CodePipelineClient,
  name: string,
  page: { maxResults: number; nextToken?: string },
): Promise<{ executions: ExecutionSnapshot[]; nextToken?: string }> {
  const output = await client.send(
    new ListPipelineExecutionsCommand({
      pipelineName: name,
      maxResults: page.maxResults,
      nextToken: page.nextToken,
    }),
  );
  return {
    executions: (output.pipelineExecutionSummaries ?? []).map(
      toExecutionSnapshot,
    ),
    nextToken: output.nextToken,
  };
}

/** GetPipelineExecution has no times; callers take them from the action executions. */
export async function getPipelineExecution(
  client: CodePipelineClient,
  name: string,
  executionId: string,
): Promise<Omit<ExecutionSnapshot, 'startTime' | 'lastUpdateTime'>> {
  const { pipelineExecution: execution } = await client.send(
    new GetPipelineExecutionCommand({
      pipelineName: name,
      pipelineExecutionId: executionId,
    }),
  );
  return {
    executionId,
    status: (execution?.status ?? 'InProgress') as PipelineExecutionStatus,
    statusSummary: execution?.statusSummary,
    executionType: execution?.executionType,
    trigger: toTrigger(execution?.trigger),
    sourceRevisions: (execution?.artifactRevisions ?? []).map(revision =>
      toSourceRevision({
        actionName: revision.name ?? '',
        revisionId: revision.revisionId,
        revisionSummary: revision.revisionSummary,
        revisionUrl: revision.revisionUrl,
      }),
    ),
  };
}

export async function listActionExecutions(
  client: CodePipelineClient,
  name: string,
  executionId: string,
  maxItems = 200,
): Promise<ActionExecutionSnapshot[]> {
  const result: ActionExecutionSnapshot[] = [];
  const pages = paginateListActionExecutions(
    { client, pageSize: 100 },
    { pipelineName: name, filter: { pipelineExecutionId: executionId } },
  );
  for await (const page of pages) {
    result.push(
      ...(page.actionExecutionDetails ?? []).map(toActionExecutionSnapshot),
    );
    if (result.length >= maxItems) {
      break;
    }
  }
  return result;
}

/** Maps one ListActionExecutions detail to Slipway's own shape. */
export function toActionExecutionSnapshot(
  detail: AwsActionExecutionDetail,
): ActionExecutionSnapshot {
  const executionResult = detail.output?.executionResult;
  return {
    stageName: detail.stageName ?? '',
    actionName: detail.actionName ?? '',
    actionExecutionId: detail.actionExecutionId,
    category: detail.input?.actionTypeId?.category,
    provider: detail.input?.actionTypeId?.provider,
    status: detail.status as ActionStatus | undefined,
    startTime: iso(detail.startTime),
    lastUpdateTime: iso(detail.lastUpdateTime),
    summary: commitMessage(executionResult?.externalExecutionSummary),
    externalExecutionId: executionResult?.externalExecutionId,
    externalExecutionUrl: executionResult?.externalExecutionUrl,
    errorDetails: executionResult?.errorDetails
      ? {
          code: executionResult.errorDetails.code,
          message: executionResult.errorDetails.message,
        }
      : undefined,
  };
}

function toStageSnapshot(stage: StageState): StageStateSnapshot {
  const transition = stage.inboundTransitionState;
  return {
    name: stage.stageName ?? '',
    status: stage.latestExecution?.status as StageStatus | undefined,
    pipelineExecutionId: stage.latestExecution?.pipelineExecutionId,
    inboundTransition: {
      enabled: transition?.enabled ?? true,
      disabledReason: transition?.disabledReason,
      lastChangedBy: transition?.lastChangedBy,
      lastChangedAt: iso(transition?.lastChangedAt),
    },
    actions: (stage.actionStates ?? []).map(toActionSnapshot),
  };
}

function toActionSnapshot(action: ActionState): ActionStateSnapshot {
  const latest = action.latestExecution;
  return {
    name: action.actionName ?? '',
    status: latest?.status as ActionStatus | undefined,
    summary: commitMessage(latest?.summary),
    lastStatusChange: iso(latest?.lastStatusChange),
    errorDetails: latest?.errorDetails
      ? { code: latest.errorDetails.code, message: latest.errorDetails.message }
      : undefined,
    externalExecutionId: latest?.externalExecutionId,
    externalExecutionUrl: latest?.externalExecutionUrl,
    entityUrl: action.entityUrl,
    revision: action.currentRevision
      ? {
          revisionId: action.currentRevision.revisionId,
          revisionUrl: action.revisionUrl,
          created: iso(action.currentRevision.created),
        }
      : undefined,
    hasApprovalToken: Boolean(latest?.token),
  };
}

export function toExecutionSnapshot(
  summary: AwsExecutionSummary,
): ExecutionSnapshot {
  return {
    executionId: summary.pipelineExecutionId ?? '',
    status: (summary.status ?? 'InProgress') as PipelineExecutionStatus,
    statusSummary: summary.statusSummary,
    executionType: summary.executionType,
    trigger: toTrigger(summary.trigger),
    startTime: iso(summary.startTime),
    lastUpdateTime: iso(summary.lastUpdateTime),
    sourceRevisions: (summary.sourceRevisions ?? []).map(toSourceRevision),
  };
}

function toTrigger(
  trigger: { triggerType?: string; triggerDetail?: string } | undefined,
): ExecutionTrigger | undefined {
  return trigger
    ? { type: trigger.triggerType, detail: trigger.triggerDetail }
    : undefined;
}

function toSourceRevision(revision: AwsSourceRevision): SourceRevision {
  return {
    actionName: revision.actionName ?? '',
    revisionId: revision.revisionId,
    shortRevisionId: shortCommitId(revision.revisionId),
    revisionSummary: commitMessage(revision.revisionSummary),
    revisionUrl: revision.revisionUrl,
  };
}

/**
 * CodeStar-connection sources put a JSON document in the revision summary and
 * in the Source action's summary (`{"ProviderType":"GitHub","CommitMessage":"…"}`);
 * others put plain text.
 */
function commitMessage(summary: string | undefined): string | undefined {
  if (!summary?.startsWith('{')) {
    return summary;
  }
  try {
    const parsed = JSON.parse(summary) as { CommitMessage?: string };
    return parsed.CommitMessage ?? summary;
  } catch {
    return summary;
  }
}

function pick(
  source: Record<string, string>,
  keys: string[],
): Record<string, string> {
  return Object.fromEntries(
    keys
      .filter(key => source[key] !== undefined)
      .map(key => [key, source[key]]),
  );
}

export function iso(date: Date | undefined): string | undefined {
  return date ? date.toISOString() : undefined;
}
