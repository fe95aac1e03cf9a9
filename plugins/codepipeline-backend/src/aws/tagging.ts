import {
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import type { TagFilter } from '@slipway/plugin-codepipeline-common';

/** `codepipeline:pipeline` or `ecs:service`. */
export type TaggedResourceType = 'codepipeline:pipeline' | 'ecs:service';

/** Bounds one lookup: an annotation matching thousands of resources is a mistake, not a page. */
const MAX_RESOURCES = 200;

/** ARNs of the resources of the given types that carry every given tag. */
export async function findResourceArnsByTags(
  client: ResourceGroupsTaggingAPIClient,
  resourceTypes: TaggedResourceType[],
  tags: TagFilter[],
): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateGetResources(
    { client, pageSize: 100 },
    {
      ResourceTypeFilters: resourceTypes,
      TagFilters: tags.map(tag => ({ Key: tag.key, Values: [tag.value] })),
    },
  );
  for await (const page of pages) {
    for (const mapping of page.ResourceTagMappingList ?? []) {
      if (mapping.ResourceARN) {
        arns.push(mapping.ResourceARN);
      }
    }
    if (arns.length >= MAX_RESOURCES) {
      break;
    }
  }
  return arns.slice(0, MAX_RESOURCES);
}
