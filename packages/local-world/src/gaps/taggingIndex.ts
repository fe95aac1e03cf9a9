import type { AwsAnswer, Interceptor } from '../server/interceptors';
import {
  resourcesMotoDoesNotIndex,
  type TaggedResource,
} from './untaggedKinds';

const GET_RESOURCES = 'ResourceGroupsTaggingAPI_20170126.GetResources';

interface GetResourcesInput {
  TagFilters?: { Key: string; Values?: string[] }[];
  ResourceTypeFilters?: string[];
  PaginationToken?: string;
}

/** Whether a resource answers GetResources' tag and type filters, as on AWS. */
export function matchesFilters(
  resource: TaggedResource,
  input: GetResourcesInput,
) {
  const types = input.ResourceTypeFilters ?? [];
  const service = resource.type.split(':')[0];
  if (types.length && !types.some(t => t === resource.type || t === service)) {
    return false;
  }
  const filters = input.TagFilters ?? [];
  if (!filters.length) return Object.keys(resource.tags).length > 0;
  return filters.every(
    f =>
      f.Key in resource.tags &&
      (!f.Values?.length || f.Values.includes(resource.tags[f.Key])),
  );
}

/**
 * moto's GetResources leaves out the kinds of {@link resourcesMotoDoesNotIndex};
 * completes its first page with those of the caller's account and region
 * whose own tags match the filters, so tag annotations and teardown find
 * them as on AWS.
 */
export function taggingIndex(upstream: string): Interceptor {
  return {
    targets: [GET_RESOURCES],
    async rewrite(call, answer): Promise<AwsAnswer> {
      const input = call.input as GetResourcesInput;
      if (answer.status !== 200 || input.PaginationToken) return answer;
      const list: any[] = answer.json.ResourceTagMappingList ?? [];
      const known = new Set(list.map(m => m.ResourceARN));
      const added = (await resourcesMotoDoesNotIndex(upstream, call))
        .filter(r => !known.has(r.arn) && matchesFilters(r, input))
        .map(r => ({
          ResourceARN: r.arn,
          Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
        }));
      return {
        ...answer,
        json: { ...answer.json, ResourceTagMappingList: [...list, ...added] },
      };
    },
  };
}
