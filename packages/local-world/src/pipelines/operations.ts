import type { PipelineEngine } from './engine';
import { fail } from './errors';
import {
  getPipelineExecution,
  getPipelineState,
  listActionExecutions,
  listPipelineExecutions,
} from './views';

type Input = Record<string, any>;
type Operation = (engine: PipelineEngine, input: Input) => Promise<object>;

function required(input: Input, ...keys: string[]): void {
  for (const key of keys) {
    if (input[key] === undefined || input[key] === null || input[key] === '') {
      fail('ValidationException', `${key} is required`);
    }
  }
}

/**
 * The CodePipeline operations the executor answers, by name, from AWS's
 * request shape to AWS's response shape (timestamps as Dates).
 */
export const pipelineOperations: Record<string, Operation> = {
  async StartPipelineExecution(engine, input) {
    required(input, 'name');
    return { pipelineExecutionId: await engine.start(input as any) };
  },
  async GetPipelineState(engine, input) {
    required(input, 'name');
    return getPipelineState(engine, input.name);
  },
  async ListPipelineExecutions(engine, input) {
    required(input, 'pipelineName');
    return listPipelineExecutions(engine, input as any);
  },
  async GetPipelineExecution(engine, input) {
    required(input, 'pipelineName', 'pipelineExecutionId');
    return getPipelineExecution(
      engine,
      input.pipelineName,
      input.pipelineExecutionId,
    );
  },
  async ListActionExecutions(engine, input) {
    required(input, 'pipelineName');
    return listActionExecutions(engine, input as any);
  },
  async StopPipelineExecution(engine, input) {
    required(input, 'pipelineName', 'pipelineExecutionId');
    return { pipelineExecutionId: await engine.stop(input as any) };
  },
  async RetryStageExecution(engine, input) {
    required(
      input,
      'pipelineName',
      'stageName',
      'pipelineExecutionId',
      'retryMode',
    );
    return { pipelineExecutionId: await engine.retry(input as any) };
  },
  async PutApprovalResult(engine, input) {
    required(input, 'pipelineName', 'stageName', 'actionName', 'token');
    required(input.result ?? {}, 'status', 'summary');
    return { approvedAt: await engine.putApprovalResult(input as any) };
  },
  async RollbackStage(engine, input) {
    required(input, 'pipelineName', 'stageName', 'targetPipelineExecutionId');
    return { pipelineExecutionId: await engine.rollback(input as any) };
  },
  async EnableStageTransition(engine, input) {
    required(input, 'pipelineName', 'stageName', 'transitionType');
    await engine.setTransition({ ...(input as any), enabled: true });
    return {};
  },
  async DisableStageTransition(engine, input) {
    required(input, 'pipelineName', 'stageName', 'transitionType', 'reason');
    await engine.setTransition({ ...(input as any), enabled: false });
    return {};
  },
};
