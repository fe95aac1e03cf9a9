import type { Config } from '@backstage/config';

/** `codepipeline.overview.*`, with defaults applied. */
export interface FleetSettings {
  /** Entities summarized at the same time by a cold overview load. */
  concurrency: number;
}

export function readFleetSettings(config: Config): FleetSettings {
  const concurrency =
    config.getOptionalNumber('codepipeline.overview.concurrency') ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(
      `codepipeline.overview.concurrency must be a whole number of at least 1, got ${concurrency}`,
    );
  }
  return { concurrency };
}
