import { actionNames, PipelineDefinition, Pipelines } from './codepipeline';
import { ensure, Run, settingDifference } from './lookBeforeCreate';

/**
 * Look-before-create for the pipeline: an existing one is reported with every
 * difference from the requested definition (type, role, stages, actions such
 * as a missing Start-tasks, ownership) and left unchanged.
 */
export async function ensurePipeline(
  run: Run,
  pipelines: Pipelines,
  definition: PipelineDefinition,
  arn: string,
): Promise<{ created: boolean }> {
  const name = definition.name!;
  const stageNames = (definition.stages ?? []).map(s => s.name ?? '');
  const { created } = await ensure(run, {
    what: `the pipeline '${name}'`,
    find: () => pipelines.find(name),
    ownerTags: () => pipelines.tags(arn),
    differences: async existing => [
      ...settingDifference('its type is', existing.pipelineType, 'V2'),
      ...settingDifference('its role is', existing.roleArn, definition.roleArn),
      ...settingDifference(
        'its stages are',
        existing.stageNames.join(', '),
        stageNames.join(', '),
      ),
      ...(existing.stageNames.join() === stageNames.join()
        ? settingDifference(
            'its actions are',
            existing.actionNames.join(', '),
            actionNames(definition.stages).join(', '),
          )
        : []),
    ],
    advice:
      'edit it in the CodePipeline console (or delete it and re-run) or choose another pipelineName',
    reuse: () => arn,
    create: async () => {
      await pipelines.create(definition, run.tags);
      return arn;
    },
    remove: () => pipelines.delete(name),
  });
  return { created };
}
