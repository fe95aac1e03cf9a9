import type { Entity } from '@backstage/catalog-model';

/** One or more CodePipeline ARNs, comma-separated. Same name as awslabs/backstage-plugins-for-aws. */
export const CODEPIPELINE_ARN_ANNOTATION =
  'aws.amazon.com/aws-codepipeline-arn';
/** `key=value,key2=value2`: pipelines found with the Resource Groups Tagging API. */
export const CODEPIPELINE_TAGS_ANNOTATION =
  'aws.amazon.com/aws-codepipeline-tags';
/** One or more ECS service ARNs, comma-separated. */
export const ECS_SERVICE_ARN_ANNOTATION =
  'aws.amazon.com/amazon-ecs-service-arn';
/** `key=value,key2=value2`: ECS services found with the Resource Groups Tagging API. */
export const ECS_SERVICE_TAGS_ANNOTATION =
  'aws.amazon.com/amazon-ecs-service-tags';

/**
 * Slipway's own: which pipeline stage DORA counts as production, overriding
 * what environments and tags say. Comma-separated `Stage` (any of the entity's
 * pipelines with that stage) or `pipeline-name/Stage`, e.g.
 * `orders-api-prod/Deploy-prod`. A pipeline it names no stage of counts no
 * deployments.
 */
export const PRODUCTION_STAGE_ANNOTATION =
  'aws.amazon.com/slipway-production-stage';

export const PIPELINE_ANNOTATIONS = [
  CODEPIPELINE_ARN_ANNOTATION,
  CODEPIPELINE_TAGS_ANNOTATION,
] as const;

export const ECS_ANNOTATIONS = [
  ECS_SERVICE_ARN_ANNOTATION,
  ECS_SERVICE_TAGS_ANNOTATION,
] as const;

function hasAnyAnnotation(entity: Entity, names: readonly string[]): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return names.some(name => Boolean(annotations[name]?.trim()));
}

/** True when the entity names pipelines, directly or by tags. */
export function isCodePipelineAvailable(entity: Entity): boolean {
  return hasAnyAnnotation(entity, PIPELINE_ANNOTATIONS);
}

/**
 * True when the entity names ECS services, directly or by tags, or names
 * pipelines whose Deploy actions lead to ECS services.
 */
export function isEcsAvailable(entity: Entity): boolean {
  return hasAnyAnnotation(entity, [
    ...ECS_ANNOTATIONS,
    ...PIPELINE_ANNOTATIONS,
  ]);
}
