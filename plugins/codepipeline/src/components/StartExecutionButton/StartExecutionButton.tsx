import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import PlayArrow from '@material-ui/icons/PlayArrow';
import {
  isCommitId,
  type PipelineStatus,
} from '@slipway/plugin-codepipeline-common';
import { useId, useState } from 'react';
import { codePipelineApiRef } from '../../api';
import { useEntityRef } from '../../hooks/useEntityRef';
import { usePipelineAction } from '../../hooks/usePipelineAction';
import { ConfirmActionDialog } from '../ConfirmActionDialog';

export interface StartExecutionButtonProps {
  pipeline: PipelineStatus;
  /** From `codepipeline.execution.start`; the button is hidden otherwise. */
  permitted: boolean;
  onDone: () => void | Promise<void>;
}

/** Starts a run at the branch head or at a given commit. One token per dialog, so a double click starts one run. */
export function StartExecutionButton(props: StartExecutionButtonProps) {
  const { pipeline, permitted, onDone } = props;
  const api = useApi(codePipelineApiRef);
  const entityRef = useEntityRef();
  const run = usePipelineAction(onDone);
  const sourceActions = pipeline.stages.flatMap(s =>
    s.actions.filter(a => a.category === 'Source').map(a => a.name),
  );
  const fieldId = useId();
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState('');
  const [commitId, setCommitId] = useState('');
  const [actionName, setActionName] = useState(sourceActions[0] ?? 'Source');

  if (!permitted) return null;
  const commitInvalid = commitId.trim() !== '' && !isCommitId(commitId.trim());

  const openDialog = () => {
    setToken(crypto.randomUUID());
    setCommitId('');
    setOpen(true);
  };

  return (
    <>
      <Button
        variant="outlined"
        color="primary"
        startIcon={<PlayArrow />}
        onClick={openDialog}
        aria-label={`Start ${pipeline.name}`}
      >
        Start
      </Button>
      <ConfirmActionDialog
        open={open}
        title={`Start ${pipeline.name}`}
        confirmLabel="Start execution"
        confirmDisabled={commitInvalid}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          run(
            () =>
              api.startExecution(entityRef, pipeline.arn, {
                clientRequestToken: token,
                sourceRevision: commitId.trim()
                  ? { actionName, commitId: commitId.trim() }
                  : undefined,
              }),
            `Started ${pipeline.name}`,
          )
        }
      >
        <Typography variant="body2" paragraph>
          Runs every stage from the latest commit of the source branch, or from
          the commit you enter.
        </Typography>
        {sourceActions.length > 1 && (
          <TextField
            id={`${fieldId}-source`}
            select
            fullWidth
            margin="dense"
            label="Source action"
            value={actionName}
            onChange={e => setActionName(e.target.value)}
          >
            {sourceActions.map(name => (
              <MenuItem key={name} value={name}>
                {name}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField
          id={`${fieldId}-commit`}
          fullWidth
          margin="dense"
          label="Commit (optional)"
          placeholder="40-character commit id"
          value={commitId}
          onChange={e => setCommitId(e.target.value)}
          error={commitInvalid}
          helperText={
            commitInvalid
              ? 'Enter the full 40-character commit id'
              : 'Leave empty for the branch head'
          }
        />
      </ConfirmActionDialog>
    </>
  );
}
