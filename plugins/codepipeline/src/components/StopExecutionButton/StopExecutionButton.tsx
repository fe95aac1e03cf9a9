import { useApi } from '@backstage/core-plugin-api';
import { Button, Radio, RadioGroup, TextField } from '@backstage/ui';
// Backstage UI ships no icon set this plugin depends on: Material UI's icons.
import Stop from '@material-ui/icons/Stop';
import type { PipelineStatus } from '@slipway/plugin-codepipeline-common';
import { useState } from 'react';
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
  const [open, setOpen] = useState(false);
  const [abandon, setAbandon] = useState(false);
  const [reason, setReason] = useState('');
  const executionId = pipeline.latestExecution?.executionId;

  if (!permitted) return null;

  return (
    <>
      <Button
        variant="secondary"
        iconStart={<Stop fontSize="small" />}
        isDisabled={!pipeline.canStop || !executionId}
        onPress={() => setOpen(true)}
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
          label="How to stop"
          value={abandon ? 'abandon' : 'stop'}
          onChange={value => setAbandon(value === 'abandon')}
        >
          <Radio value="stop">Stop: let running actions finish</Radio>
          <Radio value="abandon">
            Abandon: do not wait for running actions
          </Radio>
        </RadioGroup>
        <TextField
          label="Reason (optional)"
          value={reason}
          onChange={setReason}
        />
      </ConfirmActionDialog>
    </>
  );
}
