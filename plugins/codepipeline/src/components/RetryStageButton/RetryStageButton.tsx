import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
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
        size="small"
        startIcon={<Replay />}
        disabled={!stage.canRetry || !stage.pipelineExecutionId}
        onClick={() => setOpen(true)}
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
          aria-label="Which actions to retry"
          value={mode}
          onChange={e => setMode(e.target.value as typeof mode)}
        >
          <FormControlLabel
            value="FAILED_ACTIONS"
            control={<Radio />}
            label="Only the failed actions"
          />
          <FormControlLabel
            value="ALL_ACTIONS"
            control={<Radio />}
            label="All actions of the stage"
          />
        </RadioGroup>
      </ConfirmActionDialog>
    </>
  );
}
