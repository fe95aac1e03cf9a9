import type { Interceptor } from '../server/interceptors';
import { codeBuildLocations } from './codeBuildLocations';
import { epochTimestamps } from './epochTimestamps';
import { taggingIndex } from './taggingIndex';

export {
  resourcesMotoDoesNotIndex,
  type TaggedResource,
} from './untaggedKinds';
export { toEpochSeconds } from './epochTimestamps';

/**
 * The corrections of moto 5.2.1's gaps that make AWS's own SDKs work against
 * it unchanged (see the README's "moto's gaps"): CodeBuild CreateProject
 * locations, epoch timestamps, the tagging index.
 */
export function motoGapInterceptors(upstream: string): Interceptor[] {
  return [
    codeBuildLocations(upstream),
    epochTimestamps(),
    taggingIndex(upstream),
  ];
}
