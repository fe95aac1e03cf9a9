import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Stop from '@material-ui/icons/Stop';
import type { PipelineStatus } from '@slipway/plugin-codepipeline-common';
import { useId, useState } from 'react';
import { codePipelineApiRef } from '../../api';
import { useEntityRef } from '../../hooks/useEntityRef';
import { usePipelineAction } from '../../hooks/usePipelineAction';
import { ConfirmActionDialog } from '../ConfirmActionDialog';

export interface StopExecutionButtonProps {
  pipeline: PipelineStatus;
  /** From `codepipeline.execution.stop`; the button is hidden otherwise. */
  permitted: boolean;
  onDone: () => void | Promise<void>;
}

/** Stops the running execution (let actions finish) or abandons it. Disabled unless `pipeline.canStop`. */
export function StopExecutionButton(props: StopExecutionButtonProps) {
  const { pipeline, permitted, onDone } = props;
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const run = usePipelineAction(onDone);
  const fieldId = useId();
  const [open, setOpen] = useState(false);
  const [abandon, setAbandon] = useState(false);
  const [reason, setReason] = useState('');
  const executionId = pipeline.latestExecution?.executionId;

  if (!permitted) return null;

  return (
    <>
      <Button
        variant="outlined"
        startIcon={<Stop />}
        disabled={!pipeline.canStop || !executionId}
        onClick={() => setOpen(true)}
        aria-label={`Stop the running execution of ${pipeline.name}`}
      >
        Stop
      </Button>
      <ConfirmActionDialog
        open={open}
        destructive
        title={`Stop execution ${executionId ?? ''} of ${pipeline.name}`}
        confirmLabel={abandon ? 'Abandon execution' : 'Stop execution'}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          run(
            () =>
              api.stopExecution(entityRef, pipeline.arn, executionId!, {
                abandon,
                reason: reason.trim() || undefined,
              }),
            abandon ? `Abandoning ${executionId}` : `Stopping ${executionId}`,
          )
        }
      >
        <RadioGroup
          aria-label="How to stop"
          value={abandon ? 'abandon' : 'stop'}
          onChange={e => setAbandon(e.target.value === 'abandon')}
        >
          <FormControlLabel
            value="stop"
            control={<Radio />}
            label="Stop: let running actions finish"
          />
          <FormControlLabel
            value="abandon"
            control={<Radio />}
            label="Abandon: do not wait for running actions"
          />
        </RadioGroup>
        <TextField
          id={`${fieldId}-1`}
          fullWidth
          margin="dense"
          label="Reason (optional)"
          value={reason}
          onChange={e => setReason(e.target.value)}
        />
      </ConfirmActionDialog>
    </>
  );
}
