import { useEntityPermission } from '@backstage/plugin-catalog-react/alpha';
import {
  codePipelineApprovalReviewPermission,
  codePipelineExecutionStartPermission,
  codePipelineExecutionStopPermission,
  codePipelineStageRetryPermission,
  codePipelineStageRollbackPermission,
  codePipelineTransitionTogglePermission,
} from '@slipway/plugin-codepipeline-common';

/** What the signed-in user may do to the current entity's pipelines. */
export interface PipelinePermissions {
  start: boolean;
  stop: boolean;
  retry: boolean;
  review: boolean;
  rollback: boolean;
  toggleTransition: boolean;
}

/** Each flag is false until the permission framework says yes. */
export function usePipelinePermissions(): PipelinePermissions {
  const start = useEntityPermission(codePipelineExecutionStartPermission);
  const stop = useEntityPermission(codePipelineExecutionStopPermission);
  const retry = useEntityPermission(codePipelineStageRetryPermission);
  const review = useEntityPermission(codePipelineApprovalReviewPermission);
  const rollback = useEntityPermission(codePipelineStageRollbackPermission);
  const toggle = useEntityPermission(codePipelineTransitionTogglePermission);
  return {
    start: start.allowed,
    stop: stop.allowed,
    retry: retry.allowed,
    review: review.allowed,
    rollback: rollback.allowed,
    toggleTransition: toggle.allowed,
  };
}
