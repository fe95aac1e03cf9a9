import type { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import HowToVote from '@material-ui/icons/HowToVote';
import type {
  PipelineActionState,
  PipelineStageState,
  PipelineStatus,
} from '@slipway/plugin-codepipeline-common';
import { useId, useState } from 'react';
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
  const fieldId = useId();
  const [open, setOpen] = useState(false);
  const [decision, setDecision] = useState<'Approved' | 'Rejected'>('Approved');
  const [comment, setComment] = useState('');

  if (!permitted) return null;
  const rejecting = decision === 'Rejected';

  return (
    <>
      <Button
        size="small"
        variant="contained"
        color="primary"
        startIcon={<HowToVote />}
        disabled={!action.awaitingApproval}
        onClick={() => {
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
        {action.summary && (
          <Typography variant="body2" paragraph>
            {action.summary}
          </Typography>
        )}
        <RadioGroup
          aria-label="Decision"
          value={decision}
          onChange={e => setDecision(e.target.value as typeof decision)}
        >
          <FormControlLabel
            value="Approved"
            control={<Radio />}
            label="Approve"
          />
          <FormControlLabel
            value="Rejected"
            control={<Radio />}
            label="Reject"
          />
        </RadioGroup>
        <TextField
          id={`${fieldId}-1`}
          fullWidth
          multiline
          minRows={2}
          margin="dense"
          label={
            rejecting ? 'Comment (required to reject)' : 'Comment (optional)'
          }
          required={rejecting}
          value={comment}
          onChange={e => setComment(e.target.value)}
        />
      </ConfirmActionDialog>
    </>
  );
}
