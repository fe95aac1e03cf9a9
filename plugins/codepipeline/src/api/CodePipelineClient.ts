import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { HealthResponse } from '@slipway/plugin-codepipeline-common';
import type { CodePipelineApi } from './CodePipelineApi';

/** The default {@link CodePipelineApi}: fetchApi (adds the user's token) + discoveryApi. */
export class CodePipelineClient implements CodePipelineApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getHealth(): Promise<HealthResponse> {
    return this.get<HealthResponse>('/v1/health');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('codepipeline');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
