import { Flex } from '@backstage/ui';
import type { PipelineStatus } from '@slipway/plugin-codepipeline-common';
import { usePipelinePermissions } from '../../hooks/usePipelinePermissions';
import { PipelineSummary } from '../PipelineSummary';
import { RetryStageButton } from '../RetryStageButton';
import { ReviewApprovalButton } from '../ReviewApprovalButton';
import { RollbackStageButton } from '../RollbackStageButton';
import { StageFlow } from '../StageFlow';
import { StartExecutionButton } from '../StartExecutionButton';
import { StopExecutionButton } from '../StopExecutionButton';
import { TransitionToggleButton } from '../TransitionToggleButton';
import { ExternalLink } from '../ExternalLink';

export interface PipelineDetailProps {
  pipeline: PipelineStatus;
  /** Called after a successful action; refreshes with `refresh: true`. */
  onChanged: () => void | Promise<void>;
}

/**
 * One pipeline on the CI/CD tab: start/stop, latest execution, and the
 * stage/action flow with each stage's controls. Buttons are hidden without
 * the permission and disabled when the backend says the action is not possible now.
 */
export function PipelineDetail(props: PipelineDetailProps) {
  const { pipeline, onChanged } = props;
  const can = usePipelinePermissions();
  return (
    <div>
      <Flex
        align="center"
        justify="between"
        gap="2"
        mb="4"
        style={{ flexWrap: 'wrap' }}
      >
        <Flex align="center" gap="2">
          <StartExecutionButton
            pipeline={pipeline}
            permitted={can.start}
            onDone={onChanged}
          />
          <StopExecutionButton
            pipeline={pipeline}
            permitted={can.stop}
            onDone={onChanged}
          />
        </Flex>
        <ExternalLink href={pipeline.consoleUrl}>
          Open in the AWS console
        </ExternalLink>
      </Flex>
      <PipelineSummary pipeline={pipeline} />
      <StageFlow
        pipelineName={pipeline.name}
        stages={pipeline.stages}
        renderStageControls={stage => (
          <>
            {stage.status === 'Failed' ||
            stage.status === 'Stopped' ||
            stage.canRetry ? (
              <RetryStageButton
                pipeline={pipeline}
                stage={stage}
                permitted={can.retry}
                onDone={onChanged}
              />
            ) : null}
            {stage.canRollback ||
            stage.actions.some(a => a.category === 'Deploy') ? (
              <RollbackStageButton
                pipeline={pipeline}
                stage={stage}
                permitted={can.rollback}
                onDone={onChanged}
              />
            ) : null}
            {stage !== pipeline.stages[0] && (
              <TransitionToggleButton
                pipeline={pipeline}
                stage={stage}
                permitted={can.toggleTransition}
                onDone={onChanged}
              />
            )}
          </>
        )}
        renderActionControls={(stage, action) =>
          action.category === 'Approval' ? (
            <ReviewApprovalButton
              pipeline={pipeline}
              stage={stage}
              action={action}
              permitted={can.review}
              onDone={onChanged}
            />
          ) : null
        }
      />
    </div>
  );
}
