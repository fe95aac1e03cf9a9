import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { getPipelineTags } from '../aws/codePipelineTags';
import { ResourceNotOwnedError } from '../aws/controlErrors';
import type { CoalescingCache } from '../cache';
import { pipelineCacheKeys } from '../cachePolicy';
import type { PluginSettings } from '../config';
import type { PipelineRef } from './resourceRefs';

/** The tags Slipway puts on what it creates (see the scaffolder module's `aws/tags.ts`). */
export const COMPONENT_TAG = 'slipway:component';
export const OWNER_TAG = 'slipway:owner';

/** Tags change rarely; a write reads them at most once a minute per resource. */
const TAGS_TTL_MS = 60_000;

/**
 * Writes touch only resources the entity owns. The annotation is the
 * entity's claim on a resource; the resource's own `slipway:component` and
 * `slipway:owner` tags are its answer. Before a write, each of those tags
 * that is present must name this entity (`<namespace>/<name>`, or the bare
 * name for the default namespace) and its owner; a resource with neither tag
 * follows `codepipeline.writes.allowUntaggedResources` (default: allowed).
 * Reads never check: they only show what the annotation names.
 */
export class WriteOwnership {
  constructor(
    private readonly deps: {
      cache: CoalescingCache;
      settings: PluginSettings['writes'];
    },
  ) {}

  /** @throws ResourceNotOwnedError (403, `reason: 'not-owned'`) naming whose the pipeline is. */
  async assertOwned(
    entity: Entity,
    pipeline: PipelineRef,
    client: CodePipelineClient,
  ): Promise<void> {
    const { settings, cache } = this.deps;
    if (!settings.checkOwnershipTags) {
      return;
    }
    // Not the insights' tag read (pipelineCacheKeys.tags), which treats an
    // unreadable pipeline as untagged: here a failed read must fail the write.
    const tags = await cache.getOrLoad(
      pipelineCacheKeys.ownershipTags(pipeline),
      () => getPipelineTags(client, pipeline.arn),
      () => TAGS_TTL_MS,
    );
    const problem = ownershipProblem(tags, entity, settings);
    if (problem) {
      throw new ResourceNotOwnedError(
        `Pipeline ${pipeline.name} is not ${stringifyEntityRef(
          entity,
        )}'s to change: ${problem}. Slipway shows it, but does not act on it for this entity.`,
      );
    }
  }
}

/** Why the tags do not let `entity` write to the resource; undefined when they do. */
export function ownershipProblem(
  tags: Record<string, string>,
  entity: Entity,
  settings: Pick<PluginSettings['writes'], 'allowUntaggedResources'>,
): string | undefined {
  const component = tags[COMPONENT_TAG];
  const owner = tags[OWNER_TAG];
  if (!component && !owner) {
    return settings.allowUntaggedResources
      ? undefined
      : `it carries no ${COMPONENT_TAG} or ${OWNER_TAG} tag, and codepipeline.writes.allowUntaggedResources is false`;
  }
  const namespace = entity.metadata.namespace ?? 'default';
  const ours = `${namespace}/${entity.metadata.name}`;
  const entityOwner = ownerRef(entity.spec?.owner, namespace);
  const problems: string[] = [];
  if (component && !namesComponent(component, ours)) {
    problems.push(
      `its ${COMPONENT_TAG} tag names the component '${component}', not '${ours}'`,
    );
  }
  if (owner && (!entityOwner || ownerRef(owner, 'default') !== entityOwner)) {
    problems.push(
      `its ${OWNER_TAG} tag names the owner '${owner}', not '${
        entityOwner ?? 'none'
      }'`,
    );
  }
  return problems.length ? problems.join('; ') : undefined;
}

/** `<namespace>/<name>`, or the bare name that resources from before namespaces carry. */
function namesComponent(tag: string, ours: string): boolean {
  const value = tag.trim().toLocaleLowerCase('en-US');
  const [namespace, name] = ours.toLocaleLowerCase('en-US').split('/');
  return (
    value === `${namespace}/${name}` ||
    (namespace === 'default' && value === name)
  );
}

/** An owner (`payments`, `group:payments`, `group:default/payments`…) as a full, lower-case ref. */
function ownerRef(value: unknown, namespace: string): string | undefined {
  if (typeof value !== 'string' || !value.trim()) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return value.trim().toLocaleLowerCase('en-US');
  }
}
