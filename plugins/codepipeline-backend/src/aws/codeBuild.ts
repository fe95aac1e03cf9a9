import {
  BatchGetBuildsCommand,
  CodeBuildClient,
} from '@aws-sdk/client-codebuild';
import type { BuildDetails } from '@slipway/plugin-codepipeline-common';
import { iso } from './codePipeline';

/** BatchGetBuilds takes at most 100 ids. */
const BATCH_SIZE = 100;

/** The builds behind Build actions, by id; unknown ids are simply absent. */
export async function getBuilds(
  client: CodeBuildClient,
  ids: string[],
  consoleUrl: (buildId: string) => string,
): Promise<Map<string, BuildDetails>> {
  const builds = new Map<string, BuildDetails>();
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_SIZE) {
    batches.push(ids.slice(i, i + BATCH_SIZE));
  }
  const outputs = await Promise.all(
    batches.map(batch =>
      client.send(new BatchGetBuildsCommand({ ids: batch })),
    ),
  );
  for (const build of outputs.flatMap(output => output.builds ?? [])) {
    if (!build.id) {
      continue;
    }
    builds.set(build.id, {
      id: build.id,
      buildStatus: build.buildStatus,
      currentPhase: build.currentPhase,
      startTime: iso(build.startTime),
      endTime: iso(build.endTime),
      phases: (build.phases ?? []).map(phase => ({
        phaseType: phase.phaseType ?? '',
        phaseStatus: phase.phaseStatus,
        startTime: iso(phase.startTime),
        endTime: iso(phase.endTime),
        durationSeconds: phase.durationInSeconds,
        contexts: phase.contexts
          ?.map(context => context.message)
          .filter((message): message is string => Boolean(message)),
      })),
      logsUrl: build.logs?.deepLink,
      consoleUrl: consoleUrl(build.id),
    });
  }
  return builds;
}
