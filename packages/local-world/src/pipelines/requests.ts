import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { fail } from './errors';

/** Checks of request parameters against the pipeline's definition. */
export function stageIndex(
  pipeline: PipelineDeclaration,
  stageName: string,
): number {
  const index = (pipeline.stages ?? []).findIndex(s => s.name === stageName);
  if (index < 0) {
    fail(
      'StageNotFoundException',
      `Stage ${stageName} not found in pipeline ${pipeline.name}`,
    );
  }
  return index;
}

export function startVariables(
  pipeline: PipelineDeclaration,
  given: Array<{ name: string; value: string }>,
): Record<string, string> {
  const declared = new Map(
    (pipeline.variables ?? []).map(v => [v.name ?? '', v.defaultValue ?? '']),
  );
  for (const variable of given) {
    if (!declared.has(variable.name)) {
      fail(
        'ValidationException',
        `Variable ${variable.name} is not declared in pipeline ${pipeline.name}`,
      );
    }
    declared.set(variable.name, variable.value);
  }
  return Object.fromEntries(declared);
}

export function sourceOverrides(
  pipeline: PipelineDeclaration,
  given: Array<{ actionName: string; revisionValue: string }>,
): Record<string, string> {
  const sources = new Set(
    (pipeline.stages ?? []).flatMap(stage =>
      (stage.actions ?? [])
        .filter(a => a.actionTypeId?.category === 'Source')
        .map(a => a.name ?? ''),
    ),
  );
  for (const revision of given) {
    if (!sources.has(revision.actionName)) {
      fail(
        'ValidationException',
        `${revision.actionName} is not a source action of pipeline ${pipeline.name}`,
      );
    }
  }
  return Object.fromEntries(given.map(r => [r.actionName, r.revisionValue]));
}
