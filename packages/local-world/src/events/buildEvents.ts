/**
 * CodeBuild's events for the builds the local world runs, in AWS's order:
 * `CodeBuild Build State Change` IN_PROGRESS when a build is added to the
 * store; a `CodeBuild Build Phase Change` as each phase completes (SUBMITTED
 * … FINALIZING, with its status: after a failing BUILD, POST_BUILD,
 * UPLOAD_ARTIFACTS and FINALIZING still complete, after a failing PRE_BUILD
 * FINALIZING does); then the state change of its end (SUCCEEDED, FAILED or
 * STOPPED; a fault or timeout is FAILED, as the event's build-status has no
 * other values).
 */
import type { BuildHandle, BuildPhase, BuildResult } from '../builds/runner';
import type { AwsEvent, EventSink } from './emitter';

const END_STATUS: Record<string, string> = {
  SUCCEEDED: 'SUCCEEDED',
  STOPPED: 'STOPPED',
};

/** AWS's text of a phase's contexts: `[STATUS_CODE: message]`, `[]` when none. */
const contextText = (phase?: BuildPhase) =>
  `[${(phase?.contexts ?? [])
    .map(context => `${context.statusCode}: ${context.message}`)
    .join(', ')}]`;

/** What every event of a build has: its account, region, ARN and `additional-information`. */
function codeBuildEvent(
  build: BuildResult,
  detailType: string,
  detail: Record<string, unknown>,
): AwsEvent {
  const [, region = 'us-east-1', accountId = '123456789012'] =
    /^arn:[^:]+:codebuild:([^:]+):(\d{12}):/.exec(build.arn) ?? [];
  return {
    place: { accountId, region },
    source: 'aws.codebuild',
    detailType,
    resources: [build.arn],
    time: new Date(),
    detail: {
      'project-name': build.projectName,
      'build-id': build.arn,
      ...detail,
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

const stateChange = (build: BuildResult, status: string) =>
  codeBuildEvent(build, 'CodeBuild Build State Change', {
    'build-status': status,
    'current-phase': build.currentPhase,
    'current-phase-context': contextText(build.phases.at(-1)),
  });

const phaseChange = (phase: BuildPhase, build: BuildResult) =>
  codeBuildEvent(build, 'CodeBuild Build Phase Change', {
    'completed-phase': phase.phaseType,
    'completed-phase-status': phase.phaseStatus,
    'completed-phase-duration-seconds': phase.durationInSeconds,
    'completed-phase-start': phase.startTime.toISOString(),
    'completed-phase-end': phase.endTime?.toISOString(),
    'completed-phase-context': contextText(phase),
  });

/** For `new BuildStore(buildEvents(sink))`: each build's start, phases and end. */
export function buildEvents(sink: EventSink): (handle: BuildHandle) => void {
  return handle => {
    sink.emit(stateChange(handle.snapshot(), 'IN_PROGRESS'));
    handle.onPhaseEnd((phase, build) => sink.emit(phaseChange(phase, build)));
    void handle.done.then(build =>
      sink.emit(stateChange(build, END_STATUS[build.buildStatus] ?? 'FAILED')),
    );
  };
}
