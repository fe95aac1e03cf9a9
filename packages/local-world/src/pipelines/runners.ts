import { randomBytes } from 'node:crypto';
import type {
  ActionDeclaration,
  ErrorDetails,
} from '@aws-sdk/client-codepipeline';
import { sleep, type Clock } from './clock';

/** What a runner knows about the action it runs. */
export interface ActionRunContext {
  region: string;
  pipelineName: string;
  pipelineExecutionId: string;
  stageName: string;
  actionExecutionId: string;
  action: ActionDeclaration;
  /** The action's configuration with `#{Namespace.Variable}` resolved. */
  resolvedConfiguration: Record<string, string>;
  /** Source revision overrides given to StartPipelineExecution, by action name. */
  sourceRevisionOverride?: string;
  /** Pipeline-level variables of this execution. */
  variables: Record<string, string>;
  /**
   * The source revisions behind the action's input artifacts, by artifact name
   * (artifacts no source action of this execution produced are absent).
   */
  inputRevisions?: Record<string, SourceRevisionResult>;
  /**
   * The action's input artifacts that an earlier action of this execution
   * produced as files: artifact name → a local folder (read, never write).
   */
  inputArtifacts?: Record<string, string>;
  clock: Clock;
  /** Aborted when the action is abandoned (StopPipelineExecution with abandon). */
  signal: AbortSignal;
  /** Shows progress while running (GetPipelineState's latestExecution). */
  report(progress: ActionProgress): void;
  /**
   * Gives the action an approval token and waits for PutApprovalResult with it.
   * Used by manual approvals; resolves with the reviewer's answer.
   */
  waitForApproval(): Promise<{
    status: 'Approved' | 'Rejected';
    summary: string;
  }>;
}

export interface ActionProgress {
  summary?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  percentComplete?: number;
}

/** How an action ended. */
export type ActionResult =
  | (ActionProgress & {
      status: 'Succeeded';
      outputVariables?: Record<string, string>;
      /** For source actions: the revision they produced. */
      revision?: SourceRevisionResult;
      /** Output artifacts as files: artifact name → a local folder. */
      artifacts?: Record<string, string>;
    })
  | (ActionProgress & { status: 'Failed'; errorDetails: ErrorDetails });

export interface SourceRevisionResult {
  revisionId: string;
  /** CodeStar connections put `{"ProviderType":…,"CommitMessage":…}` here. */
  revisionSummary?: string;
  revisionUrl?: string;
}

/** A Failed result whose summary is its error message. */
export function failedAction(
  message: string,
  code = 'JobFailed',
): Extract<ActionResult, { status: 'Failed' }> {
  return {
    status: 'Failed',
    summary: message,
    errorDetails: { code, message },
  };
}

/** Runs one action of one provider; later slices add CodeBuild, ECS, CodeDeploy runners. */
export interface ActionRunner {
  run(context: ActionRunContext): Promise<ActionResult>;
}

/** Picks a runner for an action: by `category/owner/provider`, then provider, then the fallback. */
export interface ActionRunners {
  byProvider?: Record<string, ActionRunner>;
  fallback?: ActionRunner;
}

export function runnerKey(action: ActionDeclaration): string {
  const type = action.actionTypeId;
  return `${type?.category}/${type?.owner}/${type?.provider}`;
}

/** Succeeds after `delayMs`: the stand-in for providers nothing emulates yet. */
export function delayRunner(delayMs = 1000, summary?: string): ActionRunner {
  return {
    async run(context) {
      await sleep(context.clock, delayMs, context.signal);
      return {
        status: 'Succeeded',
        summary:
          summary ??
          `Emulated by the local world: ${context.action.actionTypeId?.provider} is not run`,
      };
    },
  };
}

/** Fails after `delayMs` with the given error (for tests and demos of failure). */
export function failingRunner(
  delayMs = 1000,
  errorDetails: ErrorDetails = {
    code: 'JobFailed',
    message: 'Failed by the local world',
  },
): ActionRunner {
  return {
    async run(context) {
      await sleep(context.clock, delayMs, context.signal);
      return { status: 'Failed', errorDetails, summary: errorDetails.message };
    },
  };
}

/** Manual approval: waits for PutApprovalResult with the action's token. */
export const manualApprovalRunner: ActionRunner = {
  async run(context) {
    const answer = await context.waitForApproval();
    if (answer.status === 'Approved') {
      return { status: 'Succeeded', summary: answer.summary };
    }
    return {
      status: 'Failed',
      summary: answer.summary,
      errorDetails: {
        code: 'JobFailed',
        message: `Rejected: ${answer.summary}`,
      },
    };
  },
};

export function generatedCommitId(): string {
  return randomBytes(20).toString('hex');
}

/**
 * CodeStarSourceConnection: the revision given to StartPipelineExecution, or
 * the branch head, or a generated commit id. `latestRevision` (a git server)
 * describes the revision: the override when one is given, else the head.
 */
export function codeStarSourceRunner(
  options: {
    delayMs?: number;
    latestRevision?: (
      context: ActionRunContext,
    ) => Promise<SourceRevisionResult | undefined>;
  } = {},
): ActionRunner {
  return {
    async run(context) {
      await sleep(context.clock, options.delayMs ?? 0, context.signal);
      const config = context.resolvedConfiguration;
      const known = await options.latestRevision?.(context);
      const revisionId =
        context.sourceRevisionOverride ??
        known?.revisionId ??
        generatedCommitId();
      const repository = config.FullRepositoryId ?? '';
      const revisionUrl =
        known?.revisionUrl ??
        (repository
          ? `https://github.com/${repository}/commit/${revisionId}`
          : undefined);
      return {
        status: 'Succeeded',
        externalExecutionId: revisionId,
        externalExecutionUrl: revisionUrl,
        summary: known?.revisionSummary,
        revision: {
          revisionId,
          revisionSummary: known?.revisionSummary,
          revisionUrl,
        },
        outputVariables: {
          CommitId: revisionId,
          BranchName: config.BranchName ?? '',
          FullRepositoryId: repository,
          ConnectionArn: config.ConnectionArn ?? '',
          ProviderType: 'GitHub',
        },
      };
    },
  };
}

/** The runners the local world uses unless told otherwise. */
export function defaultRunners(delayMs = 1000): Required<ActionRunners> {
  return {
    byProvider: {
      'Source/AWS/CodeStarSourceConnection': codeStarSourceRunner(),
      'Approval/AWS/Manual': manualApprovalRunner,
    },
    fallback: delayRunner(delayMs),
  };
}

export function pickRunner(
  runners: ActionRunners,
  action: ActionDeclaration,
): ActionRunner {
  return (
    runners.byProvider?.[runnerKey(action)] ??
    runners.byProvider?.[action.actionTypeId?.provider ?? ''] ??
    runners.fallback ??
    delayRunner()
  );
}
