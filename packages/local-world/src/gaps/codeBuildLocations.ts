import type { Interceptor } from '../server/interceptors';
import { upstreamCall } from '../server/upstream';

const CREATE_PROJECT = 'CodeBuild_20161006.CreateProject';
export const PLACEHOLDER_LOCATION = 'moto-needs-a-location';

/**
 * moto's CodeBuild CreateProject rejects a CODEPIPELINE source or artifacts
 * without `location` ("Project source location is required"); AWS ignores
 * `location` for that type. Sends moto the request with a placeholder, in
 * the caller's account.
 */
export function codeBuildLocations(upstream: string): Interceptor {
  return {
    targets: [CREATE_PROJECT],
    async answer(call) {
      const withLocation = (part: any) =>
        part?.type === 'CODEPIPELINE' && !part.location
          ? { ...part, location: PLACEHOLDER_LOCATION }
          : part;
      const { source, artifacts } = call.input;
      if (
        source === withLocation(source) &&
        artifacts === withLocation(artifacts)
      ) {
        return undefined;
      }
      return upstreamCall(
        upstream,
        call,
        CREATE_PROJECT,
        {
          ...call.input,
          source: withLocation(source),
          artifacts: withLocation(artifacts),
        },
        'codebuild',
      );
    },
  };
}
