import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/** Read pipeline and deployment status of an entity. */
export const codePipelineEntityReadPermission = createPermission({
  name: 'codepipeline.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Start a pipeline execution, optionally at a given commit. */
export const codePipelineExecutionStartPermission = createPermission({
  name: 'codepipeline.execution.start',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Stop or abandon a pipeline execution. */
export const codePipelineExecutionStopPermission = createPermission({
  name: 'codepipeline.execution.stop',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Retry the failed (or all) actions of a stage. */
export const codePipelineStageRetryPermission = createPermission({
  name: 'codepipeline.stage.retry',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Approve or reject a pending manual approval. */
export const codePipelineApprovalReviewPermission = createPermission({
  name: 'codepipeline.approval.review',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Roll a stage back to an earlier successful execution. */
export const codePipelineStageRollbackPermission = createPermission({
  name: 'codepipeline.stage.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Enable or disable a stage's inbound transition. */
export const codePipelineTransitionTogglePermission = createPermission({
  name: 'codepipeline.transition.toggle',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Every permission this plugin defines, for registration with the permission framework. */
export const codePipelinePermissions = [
  codePipelineEntityReadPermission,
  codePipelineExecutionStartPermission,
  codePipelineExecutionStopPermission,
  codePipelineStageRetryPermission,
  codePipelineApprovalReviewPermission,
  codePipelineStageRollbackPermission,
  codePipelineTransitionTogglePermission,
];
