/** The CodePipeline errors the executor answers with (names from the AWS API model). */
export type CodePipelineErrorType =
  | 'ValidationException'
  | 'ConflictException'
  | 'PipelineNotFoundException'
  | 'PipelineExecutionNotFoundException'
  | 'PipelineExecutionNotStoppableException'
  | 'PipelineExecutionOutdatedException'
  | 'DuplicatedStopRequestException'
  | 'StageNotFoundException'
  | 'StageNotRetryableException'
  | 'NotLatestPipelineExecutionException'
  | 'ActionNotFoundException'
  | 'InvalidApprovalTokenException'
  | 'ApprovalAlreadyCompletedException'
  | 'UnableToRollbackStageException'
  | 'InvalidNextTokenException';

/** An error AWS would answer with: the server sends `{__type, message}` with HTTP 400. */
export class CodePipelineError extends Error {
  constructor(readonly type: CodePipelineErrorType, message: string) {
    super(message);
    this.name = type;
  }
}

export function fail(type: CodePipelineErrorType, message: string): never {
  throw new CodePipelineError(type, message);
}
