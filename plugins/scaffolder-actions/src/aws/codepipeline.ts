import {
  CodePipelineClient,
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineCommand,
  ListTagsForResourceCommand,
  PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import type { AwsTarget } from './clients';
import { isAwsError, withAwsErrors } from './errors';
import { retryWhileRolePropagates } from './retry';
import { asLowerCaseKeyValueTags, fromKeyValueTags, TagMap } from './tags';

/** A pipeline as CreatePipeline takes it. */
export type PipelineDefinition = PipelineDeclaration;

export interface ExistingPipeline {
  /** Empty when CodePipeline's answer leaves out the metadata. */
  arn: string;
  roleArn: string;
  pipelineType: string;
  executionMode: string;
  stageNames: string[];
  /** `<stage>/<action>` of every action, in order. */
  actionNames: string[];
}

/** `<stage>/<action>` of every action of a definition, in order. */
export function actionNames(stages: PipelineDefinition['stages']): string[] {
  return (stages ?? []).flatMap(stage =>
    (stage.actions ?? []).map(action => `${stage.name}/${action.name}`),
  );
}

/** CodePipeline pipelines of one account and region. */
export class Pipelines {
  constructor(
    private readonly codepipeline: CodePipelineClient,
    private readonly target: AwsTarget,
  ) {}

  async find(name: string): Promise<ExistingPipeline | undefined> {
    return this.call(`look up the pipeline '${name}'`, async () => {
      try {
        const { pipeline, metadata } = await this.codepipeline.send(
          new GetPipelineCommand({ name }),
        );
        return {
          arn: metadata?.pipelineArn ?? '',
          roleArn: pipeline?.roleArn ?? '',
          pipelineType: pipeline?.pipelineType ?? 'V1',
          executionMode: pipeline?.executionMode ?? 'SUPERSEDED',
          stageNames: (pipeline?.stages ?? []).map(s => s.name ?? ''),
          actionNames: actionNames(pipeline?.stages),
        };
      } catch (error) {
        if (isAwsError(error, 'PipelineNotFoundException')) return undefined;
        throw error;
      }
    });
  }

  async tags(arn: string): Promise<TagMap> {
    return this.call(`read the tags of the pipeline ${arn}`, async () => {
      const { tags } = await this.codepipeline.send(
        new ListTagsForResourceCommand({ resourceArn: arn }),
      );
      return fromKeyValueTags(tags?.map(t => ({ Key: t.key, Value: t.value })));
    });
  }

  async create(definition: PipelineDefinition, tags: TagMap): Promise<void> {
    await this.call(`create the pipeline '${definition.name}'`, () =>
      retryWhileRolePropagates(() =>
        this.codepipeline.send(
          new CreatePipelineCommand({
            pipeline: definition,
            tags: asLowerCaseKeyValueTags(tags),
          }),
        ),
      ),
    );
  }

  async delete(name: string): Promise<void> {
    await this.call(`delete the pipeline '${name}'`, () =>
      this.codepipeline.send(new DeletePipelineCommand({ name })),
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}
