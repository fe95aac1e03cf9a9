import {
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import type { AwsTarget } from './clients';
import { withAwsErrors } from './errors';

/** Resource Groups Tagging API: finds resources of one account and region by tag. */
export class TaggedResources {
  constructor(
    private readonly tagging: ResourceGroupsTaggingAPIClient,
    private readonly target: AwsTarget,
  ) {}

  /**
   * ARNs of every resource tagged `key` with one of `values`, all pages. Its
   * index is what AWS returns: no IAM roles (IAM is global), nothing untagged,
   * and recently changed tags may lag; callers read each resource's own tags.
   */
  async arnsTagged(key: string, values: string[]): Promise<string[]> {
    return withAwsErrors(
      {
        doing: `find the resources tagged ${key}=${values.join(' or ')}`,
        target: this.target,
      },
      async () => {
        const arns: string[] = [];
        for await (const page of paginateGetResources(
          { client: this.tagging },
          { TagFilters: [{ Key: key, Values: values }] },
        )) {
          for (const mapping of page.ResourceTagMappingList ?? []) {
            if (mapping.ResourceARN) arns.push(mapping.ResourceARN);
          }
        }
        return arns;
      },
    );
  }
}
