import type { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  CODEPIPELINE_ARN_ANNOTATION,
  CODEPIPELINE_TAGS_ANNOTATION,
  ECS_SERVICE_ARN_ANNOTATION,
  ECS_SERVICE_TAGS_ANNOTATION,
  ParsedArn,
  parseArn,
  parseTagAnnotation,
  PIPELINE_ANNOTATIONS,
  ECS_ANNOTATIONS,
  splitAnnotationList,
  TagFilter,
} from '@slipway/plugin-codepipeline-common';
import { NotAnnotatedError } from './errors';
import type { EcsServiceRef, PipelineRef } from './resourceRefs';

/** What an entity's annotations say, validated, before any AWS call. */
export interface ParsedAnnotations {
  pipelines: PipelineRef[];
  ecsServices: EcsServiceRef[];
  pipelineTags?: TagFilter[];
  ecsServiceTags?: TagFilter[];
}

/** Tag filters per annotation; the ceiling on resources is `codepipeline.maxResourcesPerKind`. */
const MAX_ITEMS = 20;

/**
 * Validates the annotations (400 naming the annotation and the bad value),
 * refuses accounts the configuration does not allow (403), and says 404 when
 * there is nothing to show.
 */
export function parseEntityAnnotations(
  entity: Entity,
  allowedAccountIds: string[] | undefined,
  maxResourcesPerKind = 20,
): ParsedAnnotations {
  const annotations = entity.metadata.annotations ?? {};
  const present = [...PIPELINE_ANNOTATIONS, ...ECS_ANNOTATIONS].filter(name =>
    annotations[name]?.trim(),
  );
  if (present.length === 0) {
    throw new NotAnnotatedError(
      `The entity has none of the annotations ${[
        ...PIPELINE_ANNOTATIONS,
        ...ECS_ANNOTATIONS,
      ].join(', ')}`,
    );
  }

  const pipelines = arnsOf(
    annotations,
    CODEPIPELINE_ARN_ANNOTATION,
    maxResourcesPerKind,
  ).map(({ annotation, arn }) => toPipelineRef(annotation, arn));
  const ecsServices = arnsOf(
    annotations,
    ECS_SERVICE_ARN_ANNOTATION,
    maxResourcesPerKind,
  ).map(({ annotation, arn }) => toEcsServiceRef(annotation, arn));
  for (const ref of [...pipelines, ...ecsServices]) {
    assertAccountAllowed(ref.accountId, ref.arn, allowedAccountIds);
  }

  return {
    pipelines,
    ecsServices,
    pipelineTags: tagsOf(annotations, CODEPIPELINE_TAGS_ANNOTATION),
    ecsServiceTags: tagsOf(annotations, ECS_SERVICE_TAGS_ANNOTATION),
  };
}

export function assertAccountAllowed(
  accountId: string,
  arn: string,
  allowedAccountIds: string[] | undefined,
) {
  if (allowedAccountIds && !allowedAccountIds.includes(accountId)) {
    throw new NotAllowedError(
      `${arn} is in AWS account ${accountId}, which codepipeline.allowedAccountIds does not allow`,
    );
  }
}

/** The pipeline an ARN names, or undefined when it is not a pipeline ARN Slipway can address. */
export function pipelineRefOf(
  arn: ParsedArn | undefined,
): PipelineRef | undefined {
  if (
    arn?.service !== 'codepipeline' ||
    !/^[A-Za-z0-9.@_-]{1,100}$/.test(arn.resource)
  ) {
    return undefined;
  }
  return {
    arn: arn.arn,
    name: arn.resource,
    partition: arn.partition,
    accountId: arn.accountId,
    region: arn.region,
  };
}

/** The ECS service an ARN names (new format, with its cluster), or undefined. */
export function ecsServiceRefOf(
  arn: ParsedArn | undefined,
): EcsServiceRef | undefined {
  const match =
    /^service\/([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9_-]{1,255})$/.exec(
      arn?.resource ?? '',
    );
  if (arn?.service !== 'ecs' || !match) {
    return undefined;
  }
  return {
    arn: arn.arn,
    partition: arn.partition,
    accountId: arn.accountId,
    region: arn.region,
    clusterName: match[1],
    serviceName: match[2],
  };
}

function toPipelineRef(annotation: string, arn: ParsedArn): PipelineRef {
  const ref = pipelineRefOf(arn);
  if (!ref) {
    throw invalid(
      annotation,
      arn.arn,
      'arn:aws:codepipeline:<region>:<account>:<pipeline>',
    );
  }
  return ref;
}

function toEcsServiceRef(annotation: string, arn: ParsedArn): EcsServiceRef {
  const ref = ecsServiceRefOf(arn);
  if (!ref) {
    throw invalid(
      annotation,
      arn.arn,
      'arn:aws:ecs:<region>:<account>:service/<cluster>/<service>',
    );
  }
  return ref;
}

function arnsOf(
  annotations: Record<string, string>,
  annotation: string,
  maxItems: number,
) {
  const values = splitAnnotationList(annotations[annotation]);
  if (values.length > maxItems) {
    throw new InputError(
      `Annotation ${annotation} names ${values.length} resources; at most ${maxItems} are supported (codepipeline.maxResourcesPerKind)`,
    );
  }
  return values.map(value => {
    const arn = parseArn(value);
    if (!arn) {
      throw invalid(annotation, value, 'a comma-separated list of ARNs');
    }
    return { annotation, arn };
  });
}

function tagsOf(
  annotations: Record<string, string>,
  annotation: string,
): TagFilter[] | undefined {
  const value = annotations[annotation]?.trim();
  if (!value) {
    return undefined;
  }
  const tags = parseTagAnnotation(value);
  if (!tags || tags.length > MAX_ITEMS) {
    throw invalid(annotation, value, 'key=value,key2=value2');
  }
  return tags;
}

function invalid(annotation: string, value: string, expected: string) {
  const shown = value.length > 120 ? `${value.slice(0, 120)}…` : value;
  return new InputError(
    `Annotation ${annotation} has an invalid value "${shown}": expected ${expected}`,
  );
}
