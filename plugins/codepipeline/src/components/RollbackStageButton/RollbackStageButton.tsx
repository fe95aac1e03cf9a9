import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import History from '@material-ui/icons/History';
import { useState } from 'react';
import { codePipelineApiRef } from '../../api';
import { formatTimestamp } from '../../format';
import { useEntityRef } from '../../hooks/useEntityRef';
import { usePipelineAction } from '../../hooks/usePipelineAction';
import { useRollbackTargets } from '../../hooks/useRollbackTargets';
import { ConfirmActionDialog } from '../ConfirmActionDialog';
import type { StageControlProps } from '../RetryStageButton';

/** Rolls a stage back to an earlier execution picked from the backend's targets. Disabled unless `stage.canRollback`. */
export function RollbackStageButton(props: StageControlProps) {
  const { pipeline, stage, permitted, onDone } = props;
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const run = usePipelineAction(onDone);
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('');
  const targets = useRollbackTargets(pipeline.arn, stage.name, open);

  if (!permitted) return null;

  return (
    <>
      <Button
        size="small"
        startIcon={<History />}
        disabled={!stage.canRollback}
        onClick={() => {
          setTarget('');
          setOpen(true);
        }}
        aria-label={`Roll back stage ${stage.name}`}
      >
        Roll back
      </Button>
      <ConfirmActionDialog
        open={open}
        destructive
        title={`Roll back stage ${stage.name}`}
        confirmLabel="Roll back"
        confirmDisabled={!target}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          run(
            () =>
              api.rollbackStage(entityRef, pipeline.arn, stage.name, {
                targetPipelineExecutionId: target,
              }),
            `Rolling ${stage.name} back to ${target}`,
          )
        }
      >
        {targets.loading && <Progress />}
        {targets.error && (
          <ResponseErrorPanel
            error={targets.error}
            title="Could not list rollback targets"
          />
        )}
        {targets.value && targets.value.targets.length === 0 && (
          <Typography variant="body2">
            No earlier execution succeeded in this stage.
          </Typography>
        )}
        {targets.value && targets.value.targets.length > 0 && (
          <RadioGroup
            aria-label="Execution to roll back to"
            value={target}
            onChange={e => setTarget(e.target.value)}
          >
            {targets.value.targets.map(t => {
              const commit = t.sourceRevisions[0];
              return (
                <FormControlLabel
                  key={t.pipelineExecutionId}
                  value={t.pipelineExecutionId}
                  control={<Radio />}
                  label={`${t.pipelineExecutionId} · ${
                    commit?.shortRevisionId ?? ''
                  } ${commit?.revisionSummary ?? ''} · ${formatTimestamp(
                    t.startTime,
                  )}`}
                />
              );
            })}
          </RadioGroup>
        )}
      </ConfirmActionDialog>
    </>
  );
}
