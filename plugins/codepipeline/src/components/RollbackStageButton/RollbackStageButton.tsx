import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Button, Radio, RadioGroup, Text } from '@backstage/ui';
// Backstage UI ships no icon set this plugin depends on: Material UI's icons.
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
        variant="tertiary"
        iconStart={<History fontSize="small" />}
        isDisabled={!stage.canRollback}
        onPress={() => {
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
          <Text as="p">No earlier execution succeeded in this stage.</Text>
        )}
        {targets.value && targets.value.targets.length > 0 && (
          <RadioGroup
            label="Execution to roll back to"
            value={target}
            onChange={setTarget}
          >
            {targets.value.targets.map(t => {
              const commit = t.sourceRevisions[0];
              return (
                <Radio
                  key={t.pipelineExecutionId}
                  value={t.pipelineExecutionId}
                >
                  {`${t.pipelineExecutionId} · ${
                    commit?.shortRevisionId ?? ''
                  } ${commit?.revisionSummary ?? ''} · ${formatTimestamp(
                    t.startTime,
                  )}`}
                </Radio>
              );
            })}
          </RadioGroup>
        )}
      </ConfirmActionDialog>
    </>
  );
}
