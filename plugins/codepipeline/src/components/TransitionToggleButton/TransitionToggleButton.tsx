import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Block from '@material-ui/icons/Block';
import PlayCircleOutline from '@material-ui/icons/PlayCircleOutline';
import { useId, useState } from 'react';
import { codePipelineApiRef } from '../../api';
import { useEntityRef } from '../../hooks/useEntityRef';
import { usePipelineAction } from '../../hooks/usePipelineAction';
import { ConfirmActionDialog } from '../ConfirmActionDialog';
import type { StageControlProps } from '../RetryStageButton';

/** Disables (with a reason) or enables the transition into a stage. */
export function TransitionToggleButton(props: StageControlProps) {
  const { pipeline, stage, permitted, onDone } = props;
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const run = usePipelineAction(onDone);
  const fieldId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const enabled = stage.inboundTransition.enabled;
  // Keep the dialog's intent fixed while it is open, even if a poll flips the flag.
  const [disabling, setDisabling] = useState(enabled);

  if (!permitted) return null;
  const verb = enabled ? 'Disable' : 'Enable';

  return (
    <>
      <Button
        size="small"
        startIcon={enabled ? <Block /> : <PlayCircleOutline />}
        onClick={() => {
          setDisabling(enabled);
          setReason('');
          setOpen(true);
        }}
        aria-label={`${verb} transition into ${stage.name}`}
      >
        {verb} transition
      </Button>
      <ConfirmActionDialog
        open={open}
        destructive={disabling}
        title={`${disabling ? 'Disable' : 'Enable'} the transition into ${
          stage.name
        }`}
        confirmLabel={disabling ? 'Disable transition' : 'Enable transition'}
        confirmDisabled={disabling && !reason.trim()}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          run(
            () =>
              api.setTransition(entityRef, pipeline.arn, stage.name, {
                enabled: !disabling,
                reason: disabling ? reason.trim() : undefined,
              }),
            `Transition into ${stage.name} ${
              disabling ? 'disabled' : 'enabled'
            }`,
          )
        }
      >
        {disabling ? (
          <TextField
            id={`${fieldId}-1`}
            fullWidth
            required
            margin="dense"
            label="Reason"
            helperText="Shown to everyone who looks at this pipeline"
            value={reason}
            onChange={e => setReason(e.target.value)}
          />
        ) : (
          <Typography variant="body2">
            Executions waiting before {stage.name} will continue. Disabled
            because:{' '}
            {stage.inboundTransition.disabledReason ?? 'no reason given'}.
          </Typography>
        )}
      </ConfirmActionDialog>
    </>
  );
}
