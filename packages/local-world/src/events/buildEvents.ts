/**
 * CodeBuild's `CodeBuild Build State Change` events for the builds the
 * local world runs: IN_PROGRESS when a build is added to the store, then its
 * end (SUCCEEDED, FAILED or STOPPED; a fault or timeout is FAILED, as the
 * event's build-status has no other values).
 */
import type { BuildHandle, BuildResult } from '../builds/runner';
import type { EventSink } from './emitter';

const END_STATUS: Record<string, string> = {
  SUCCEEDED: 'SUCCEEDED',
  STOPPED: 'STOPPED',
};

function buildEvent(build: BuildResult, status: string) {
  const [, region = 'us-east-1', accountId = '123456789012'] =
    /^arn:[^:]+:codebuild:([^:]+):(\d{12}):/.exec(build.arn) ?? [];
  const phase = build.phases[build.phases.length - 1];
  return {
    place: { accountId, region },
    source: 'aws.codebuild',
    detailType: 'CodeBuild Build State Change',
    resources: [build.arn],
    time: new Date(),
    detail: {
      'build-status': status,
      'project-name': build.projectName,
      'build-id': build.arn,
      'current-phase': build.currentPhase,
      'current-phase-context': JSON.stringify(phase?.contexts ?? []),
      version: '1',
      'additional-information': {
        initiator: build.initiator,
        'build-complete': build.buildComplete,
        'build-number': build.buildNumber,
        'build-start-time': build.startTime.toISOString(),
        'source-version': build.sourceVersion,
        'timeout-in-minutes': build.timeoutInMinutes,
        logs: {
          'group-name': build.logs.groupName,
          'stream-name': build.logs.streamName,
          'deep-link': build.logs.deepLink,
        },
      },
    },
  };
}

/** For `new BuildStore(buildEvents(sink))`: each build's start and end. */
export function buildEvents(sink: EventSink): (handle: BuildHandle) => void {
  return handle => {
    sink.emit(buildEvent(handle.snapshot(), 'IN_PROGRESS'));
    void handle.done.then(build =>
      sink.emit(buildEvent(build, END_STATUS[build.buildStatus] ?? 'FAILED')),
    );
  };
}
