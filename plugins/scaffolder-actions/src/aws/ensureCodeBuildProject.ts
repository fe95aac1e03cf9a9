import {
  BuildProject,
  BuildProjectSettings,
  CodeBuildProjects,
} from './codebuild';
import {
  describeTags,
  ensure,
  Run,
  settingDifference,
  refuseUnlessOwned,
} from './lookBeforeCreate';

const what = (settings: BuildProjectSettings) =>
  `the CodeBuild project '${settings.name}'`;

/** What a real run would do: the dry run's plan. */
export function planBuildProject(
  settings: BuildProjectSettings,
  run: Pick<Run, 'where' | 'subject' | 'tags'>,
): string[] {
  const variables = Object.entries(settings.environmentVariables).map(
    ([name, value]) => `${name}=${value}`,
  );
  return [
    `Create ${what(settings)} ${
      run.where
    }, or reuse it if it already exists and belongs to '${
      run.subject.component
    }' (owner ${run.subject.owner}): ${settings.image}, ${
      settings.computeType
    }, privileged (Docker), CODEPIPELINE source and artifacts, buildspec ${
      settings.buildspec
    }, role ${settings.serviceRoleArn}`,
    `Environment variables: ${variables.join(', ')}`,
    ...(settings.environmentVariables.BASE_IMAGE
      ? [
          `The Dockerfile builds FROM ${settings.environmentVariables.BASE_IMAGE} (BASE_IMAGE, from slipway.build.baseImage)`,
        ]
      : []),
    `Tags: ${describeTags(run.tags)}`,
  ];
}

/** Each requested environment variable that the project sets otherwise, and any it sets unrequested. */
function variableDifferences(
  actual: Record<string, string>,
  requested: Record<string, string>,
): string[] {
  return [
    ...Object.entries(requested).flatMap(([name, value]) =>
      settingDifference(
        `its environment variable ${name} is`,
        actual[name] ?? '(not set)',
        value,
      ),
    ),
    ...Object.keys(actual)
      .filter(name => !(name in requested))
      .map(name => `it sets the environment variable ${name}, not requested`),
  ];
}

/** Why an existing project of this component does not match the request, in words. */
function differencesFromRequest(
  existing: BuildProject,
  settings: BuildProjectSettings,
): string[] {
  return [
    ...settingDifference('its image is', existing.image, settings.image),
    ...settingDifference(
      'privileged mode is',
      existing.privilegedMode,
      settings.privilegedMode,
    ),
    ...settingDifference(
      'its source type is',
      existing.sourceType,
      'CODEPIPELINE',
    ),
    ...settingDifference(
      'its service role is',
      existing.serviceRoleArn,
      settings.serviceRoleArn,
    ),
    ...variableDifferences(
      existing.environmentVariables,
      settings.environmentVariables,
    ),
  ];
}

/**
 * Look-before-create for the pipeline's build project. An existing project
 * is reused only when it is this component's (see {@link refuseUnlessOwned})
 * and is reported, never changed: a different image, role or environment
 * variable (BASE_IMAGE included) is a warning naming it. A new project is
 * tagged with `run.tags` and deleted by the run's rollback if a later step
 * fails.
 * @returns the project's ARN (empty when CodeBuild did not return one).
 */
export async function ensureBuildProject(
  projects: CodeBuildProjects,
  settings: BuildProjectSettings,
  run: Run,
): Promise<{ arn: string; created: boolean }> {
  const { value, created } = await ensure(run, {
    what: what(settings),
    find: async () => {
      const existing = await projects.find(settings.name);
      if (existing) {
        refuseUnlessOwned(
          run,
          what(settings),
          existing.tags,
          'choose another projectName',
        );
      }
      return existing;
    },
    differences: existing => differencesFromRequest(existing, settings),
    advice: 'adjust it in the CodeBuild console or choose another projectName',
    reuse: existing => existing.arn,
    create: () => projects.create(settings, run.tags),
    remove: () => projects.delete(settings.name),
  });
  return { arn: value, created };
}
