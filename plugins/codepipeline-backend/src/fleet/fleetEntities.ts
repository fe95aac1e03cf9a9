import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  codePipelineApprovalReviewPermission,
  codePipelineEntityReadPermission,
  ECS_ANNOTATIONS,
  isEcsAvailable,
  PIPELINE_ANNOTATIONS,
} from '@slipway/plugin-codepipeline-common';

/** An entity of the delivery overview the caller may read, with what the filters need. */
export interface FleetEntity {
  entity: Entity;
  entityRef: string;
  title?: string;
  kind: string;
  /** Full entity ref of `spec.owner` (default kind `group`), or `''` without one. */
  owner: string;
  /** Full entity ref of `spec.system`, when there is one. */
  system?: string;
  /** The caller holds `codepipeline.approval.review` on the entity. */
  canApprove: boolean;
}

/** Every annotation that makes an entity Slipway's (pipelines or ECS services, by ARN or tags). */
export const SLIPWAY_ANNOTATIONS = [
  ...PIPELINE_ANNOTATIONS,
  ...ECS_ANNOTATIONS,
];

/** Only what the overview and the resource resolver read. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];
const CATALOG_PAGE_SIZE = 500;

/** The catalog's filter predicate type, as `queryEntities` takes it. */
type EntityQuery = Extract<
  NonNullable<Parameters<CatalogService['queryEntities']>[0]>,
  { query?: unknown }
>['query'];

/** Any Slipway annotation present (the catalog's `$exists`, like `CATALOG_FILTER_EXISTS`). */
const ANNOTATED = {
  $any: SLIPWAY_ANNOTATIONS.map(name => ({
    [`metadata.annotations.${name}`]: { $exists: true },
  })),
} as unknown as EntityQuery;

/**
 * The entities with Slipway annotations that the caller may see in the
 * catalog (read with the caller's credentials, so catalog read rules apply)
 * and holds `codepipeline.entity.read` on — decided for all of them in one
 * batched `authorize` call, which also asks `codepipeline.approval.review`.
 * Nothing here calls AWS: denied entities are gone before anything does.
 */
export async function readableFleet(
  deps: { catalog: CatalogService; permissions: PermissionsService },
  credentials: BackstageCredentials,
): Promise<FleetEntity[]> {
  const entities = (await listAnnotated(deps.catalog, credentials)).filter(
    isEcsAvailable, // present and not blank
  );
  if (entities.length === 0) {
    return [];
  }
  const refs = entities.map(entity => stringifyEntityRef(entity));
  const decisions = await deps.permissions.authorize(
    [
      ...refs.map(resourceRef => ({
        permission: codePipelineEntityReadPermission,
        resourceRef,
      })),
      ...refs.map(resourceRef => ({
        permission: codePipelineApprovalReviewPermission,
        resourceRef,
      })),
    ],
    { credentials },
  );
  const allowed = (index: number) =>
    decisions[index]?.result === AuthorizeResult.ALLOW;
  return entities.flatMap((entity, i) =>
    allowed(i)
      ? [
          {
            entity,
            entityRef: refs[i],
            title: entity.metadata.title,
            kind: entity.kind,
            owner: fullRef(entity.spec?.owner, 'group', entity),
            system: fullRef(entity.spec?.system, 'system', entity) || undefined,
            canApprove: allowed(refs.length + i),
          },
        ]
      : [],
  );
}

async function listAnnotated(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const entities: Entity[] = [];
  let cursor: string | undefined;
  do {
    const page = cursor
      ? await catalog.queryEntities(
          { cursor, limit: CATALOG_PAGE_SIZE, fields: FIELDS },
          { credentials },
        )
      : await catalog.queryEntities(
          {
            query: ANNOTATED,
            limit: CATALOG_PAGE_SIZE,
            fields: FIELDS,
          },
          { credentials },
        );
    entities.push(...page.items);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return entities;
}

/** `payments` → `group:default/payments`; `''` when absent or unparsable. */
export function fullRef(
  value: unknown,
  defaultKind: string,
  context?: Entity,
): string {
  if (typeof value !== 'string' || !value.trim()) {
    return '';
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind,
        defaultNamespace: context?.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return '';
  }
}
