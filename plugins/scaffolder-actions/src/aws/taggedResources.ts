import {
  GetResourcesCommand,
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

  /** ARNs of every resource tagged `key=value`, all pages. IAM roles are not included. */
  async arnsTagged(key: string, value: string): Promise<string[]> {
    return withAwsErrors(
      {
        doing: `find the resources tagged ${key}=${value}`,
        target: this.target,
      },
      async () => {
        const arns: string[] = [];
        let PaginationToken: string | undefined;
        do {
          const page = await this.tagging.send(
            new GetResourcesCommand({
              TagFilters: [{ Key: key, Values: [value] }],
              PaginationToken,
            }),
          );
          for (const mapping of page.ResourceTagMappingList ?? []) {
            if (mapping.ResourceARN) arns.push(mapping.ResourceARN);
          }
          PaginationToken = page.PaginationToken || undefined;
        } while (PaginationToken);
        return arns;
      },
    );
  }
}
