import { useApi } from '@backstage/core-plugin-api';
import { Button, Text, TextField } from '@backstage/ui';
// Backstage UI ships no icon set this plugin depends on: Material UI's icons.
import Block from '@material-ui/icons/Block';
import PlayCircleOutline from '@material-ui/icons/PlayCircleOutline';
import { useState } from 'react';
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
        variant="tertiary"
        iconStart={
          enabled ? (
            <Block fontSize="small" />
          ) : (
            <PlayCircleOutline fontSize="small" />
          )
        }
        onPress={() => {
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
            isRequired
            label="Reason"
            description="Shown to everyone who looks at this pipeline"
            value={reason}
            onChange={setReason}
          />
        ) : (
          <Text as="p">
            Executions waiting before {stage.name} will continue. Disabled
            because:{' '}
            {stage.inboundTransition.disabledReason ?? 'no reason given'}.
          </Text>
        )}
      </ConfirmActionDialog>
    </>
  );
}
