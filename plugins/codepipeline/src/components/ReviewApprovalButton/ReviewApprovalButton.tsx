import type { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { Button, Radio, RadioGroup, Text, TextAreaField } from '@backstage/ui';
// Backstage UI ships no icon set this plugin depends on: Material UI's icons.
import HowToVote from '@material-ui/icons/HowToVote';
import type {
  PipelineActionState,
  PipelineStageState,
  PipelineStatus,
} from '@slipway/plugin-codepipeline-common';
import { useState } from 'react';
import { codePipelineApiRef } from '../../api';
import { useEntityRef } from '../../hooks/useEntityRef';
import { usePipelineAction } from '../../hooks/usePipelineAction';
import { ConfirmActionDialog } from '../ConfirmActionDialog';

export interface ReviewApprovalButtonProps {
  pipeline: Pick<PipelineStatus, 'arn' | 'name'>;
  stage: Pick<PipelineStageState, 'name'>;
  action: Pick<PipelineActionState, 'name' | 'summary' | 'awaitingApproval'>;
  /** From `codepipeline.approval.review`; the button is hidden otherwise. */
  permitted: boolean;
  onDone: () => void | Promise<void>;
  /**
   * The entity whose pipeline it is; the entity page's own when left out
   * (pages that list many entities, like the delivery overview, name it).
   */
  entityRef?: CompoundEntityRef;
  /** The button's accessible name; `Review approval <action>` by default. */
  accessibleName?: string;
}

/** Approves or rejects a manual approval; a rejection needs a comment. Disabled unless `action.awaitingApproval`. */
export function ReviewApprovalButton(props: ReviewApprovalButtonProps) {
  return props.entityRef ? (
    <ReviewApproval {...props} entityRef={props.entityRef} />
  ) : (
    <ReviewApprovalOnEntityPage {...props} />
  );
}

function ReviewApprovalOnEntityPage(props: ReviewApprovalButtonProps) {
  const entityRef = useEntityRef();
  return <ReviewApproval {...props} entityRef={entityRef} />;
}

function ReviewApproval(
  props: ReviewApprovalButtonProps & { entityRef: CompoundEntityRef },
) {
  const { pipeline, stage, action, permitted, onDone, entityRef } = props;
  const api = useApi(codePipelineApiRef);
  const run = usePipelineAction(onDone);
  const [open, setOpen] = useState(false);
  const [decision, setDecision] = useState<'Approved' | 'Rejected'>('Approved');
  const [comment, setComment] = useState('');

  if (!permitted) return null;
  const rejecting = decision === 'Rejected';

  return (
    <>
      <Button
        variant="primary"
        iconStart={<HowToVote fontSize="small" />}
        isDisabled={!action.awaitingApproval}
        onPress={() => {
          setDecision('Approved');
          setComment('');
          setOpen(true);
        }}
        aria-label={props.accessibleName ?? `Review approval ${action.name}`}
      >
        Review
      </Button>
      <ConfirmActionDialog
        open={open}
        destructive={rejecting}
        title={`Review ${action.name} in ${pipeline.name}`}
        confirmLabel={rejecting ? 'Reject' : 'Approve'}
        confirmDisabled={rejecting && !comment.trim()}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          run(
            () =>
              api.reviewApproval(
                entityRef,
                pipeline.arn,
                stage.name,
                action.name,
                {
                  decision,
                  comment: comment.trim() || undefined,
                },
              ),
            `${action.name} ${rejecting ? 'rejected' : 'approved'}`,
          )
        }
      >
        {action.summary && <Text as="p">{action.summary}</Text>}
        <RadioGroup
          label="Decision"
          value={decision}
          onChange={value => setDecision(value as typeof decision)}
        >
          <Radio value="Approved">Approve</Radio>
          <Radio value="Rejected">Reject</Radio>
        </RadioGroup>
        <TextAreaField
          label="Comment"
          secondaryLabel={rejecting ? 'required to reject' : 'optional'}
          isRequired={rejecting}
          rows={2}
          value={comment}
          onChange={setComment}
        />
      </ConfirmActionDialog>
    </>
  );
}
