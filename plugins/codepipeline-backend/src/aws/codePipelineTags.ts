import {
  CodePipelineClient,
  paginateListTagsForResource,
} from '@aws-sdk/client-codepipeline';

/** A pipeline's tags as a plain map (ListTagsForResource, all pages). */
export async function getPipelineTags(
  client: CodePipelineClient,
  pipelineArn: string,
): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  const pages = paginateListTagsForResource(
    { client },
    { resourceArn: pipelineArn },
  );
  for await (const page of pages) {
    for (const tag of page.tags ?? []) {
      if (tag.key && tag.value !== undefined) {
        tags[tag.key] = tag.value;
      }
    }
  }
  return tags;
}
