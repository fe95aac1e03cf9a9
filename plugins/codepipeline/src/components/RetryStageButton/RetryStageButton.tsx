import { useApi } from '@backstage/core-plugin-api';
import { Button, Radio, RadioGroup } from '@backstage/ui';
// Backstage UI ships no icon set this plugin depends on: Material UI's icons.
import Replay from '@material-ui/icons/Replay';
import type {
  PipelineStageState,
  PipelineStatus,
} from '@slipway/plugin-codepipeline-common';
import { useState } from 'react';
import { codePipelineApiRef } from '../../api';
import { useEntityRef } from '../../hooks/useEntityRef';
import { usePipelineAction } from '../../hooks/usePipelineAction';
import { ConfirmActionDialog } from '../ConfirmActionDialog';

export interface StageControlProps {
  pipeline: PipelineStatus;
  stage: PipelineStageState;
  /** From the matching `codepipeline.*` permission; the button is hidden otherwise. */
  permitted: boolean;
  onDone: () => void | Promise<void>;
}

/** Retries a failed stage's failed actions (or all of them). Disabled unless `stage.canRetry`. */
export function RetryStageButton(props: StageControlProps) {
  const { pipeline, stage, permitted, onDone } = props;
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const run = usePipelineAction(onDone);
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'FAILED_ACTIONS' | 'ALL_ACTIONS'>(
    'FAILED_ACTIONS',
  );

  if (!permitted) return null;

  return (
    <>
      <Button
        variant="tertiary"
        iconStart={<Replay fontSize="small" />}
        isDisabled={!stage.canRetry || !stage.pipelineExecutionId}
        onPress={() => setOpen(true)}
        aria-label={`Retry stage ${stage.name}`}
      >
        Retry
      </Button>
      <ConfirmActionDialog
        open={open}
        title={`Retry stage ${stage.name}`}
        confirmLabel="Retry stage"
        onClose={() => setOpen(false)}
        onConfirm={() =>
          run(
            () =>
              api.retryStage(entityRef, pipeline.arn, stage.name, {
                pipelineExecutionId: stage.pipelineExecutionId!,
                mode,
              }),
            `Retrying ${stage.name}`,
          )
        }
      >
        <RadioGroup
          label="Which actions to retry"
          value={mode}
          onChange={value => setMode(value as typeof mode)}
        >
          <Radio value="FAILED_ACTIONS">Only the failed actions</Radio>
          <Radio value="ALL_ACTIONS">All actions of the stage</Radio>
        </RadioGroup>
      </ConfirmActionDialog>
    </>
  );
}
