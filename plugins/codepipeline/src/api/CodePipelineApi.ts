import { createApiRef } from '@backstage/core-plugin-api';
import type { HealthResponse } from '@slipway/plugin-codepipeline-common';

/** Talks to the Slipway backend at `/api/codepipeline`. */
export interface CodePipelineApi {
  /** Backend health, including whether AWS is configured and reachable. */
  getHealth(): Promise<HealthResponse>;
}

export const codePipelineApiRef = createApiRef<CodePipelineApi>({
  id: 'plugin.codepipeline.service',
});
