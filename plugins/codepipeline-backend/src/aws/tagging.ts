import {
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import type { TagFilter } from '@slipway/plugin-codepipeline-common';

/** `codepipeline:pipeline` or `ecs:service`. */
export type TaggedResourceType = 'codepipeline:pipeline' | 'ecs:service';

/** What one search found: at most `limit` ARNs, and whether there were more. */
export interface TagSearchResult {
  arns: string[];
  truncated: boolean;
}

/** Pages read per search at most: AWS may answer with short or empty pages. */
const MAX_PAGES = 5;

/**
 * ARNs of the resources of the given types that carry every given tag, at
 * most `limit` of those `accept` keeps. Pages hold `limit + 1` resources, so
 * one page usually tells whether there are more; reading stops as soon as
 * there are (`truncated`), and after {@link MAX_PAGES} pages in any case.
 */
export async function findResourceArnsByTags(
  client: ResourceGroupsTaggingAPIClient,
  resourceTypes: TaggedResourceType[],
  tags: TagFilter[],
  options: { limit: number; accept?: (arn: string) => boolean },
): Promise<TagSearchResult> {
  const { limit, accept = () => true } = options;
  const arns: string[] = [];
  const pages = paginateGetResources(
    { client, pageSize: Math.min(100, Math.max(1, limit + 1)) },
    {
      ResourceTypeFilters: resourceTypes,
      TagFilters: tags.map(tag => ({ Key: tag.key, Values: [tag.value] })),
    },
  );
  let read = 0;
  for await (const page of pages) {
    read += 1;
    for (const mapping of page.ResourceTagMappingList ?? []) {
      if (mapping.ResourceARN && accept(mapping.ResourceARN)) {
        arns.push(mapping.ResourceARN);
      }
    }
    if (arns.length > limit) {
      return { arns: arns.slice(0, limit), truncated: true };
    }
    if (read >= MAX_PAGES) {
      return { arns, truncated: Boolean(page.PaginationToken) };
    }
  }
  return { arns, truncated: false };
}
