import { useApi } from '@backstage/core-plugin-api';
import { Button, Select, Text, TextField } from '@backstage/ui';
// Backstage UI ships no icon set this plugin depends on: Material UI's icons.
import PlayArrow from '@material-ui/icons/PlayArrow';
import {
  isCommitId,
  type PipelineStatus,
} from '@slipway/plugin-codepipeline-common';
import { useState } from 'react';
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
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState('');
  const [commitId, setCommitId] = useState('');
  const [actionName, setActionName] = useState(sourceActions[0] ?? 'Source');

  if (!permitted) return null;
  const commitInvalid = isCommitInvalid(commitId);

  const openDialog = () => {
    setToken(crypto.randomUUID());
    setCommitId('');
    setOpen(true);
  };

  return (
    <>
      <Button
        variant="secondary"
        iconStart={<PlayArrow fontSize="small" />}
        onPress={openDialog}
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
        <Text as="p">
          Runs every stage from the latest commit of the source branch, or from
          the commit you enter.
        </Text>
        {sourceActions.length > 1 && (
          <Select
            label="Source action"
            options={sourceActions.map(name => ({ id: name, label: name }))}
            value={actionName}
            onChange={key => setActionName(String(key))}
          />
        )}
        <TextField
          label="Commit (optional)"
          placeholder="40-character commit id"
          description="Leave empty for the branch head"
          value={commitId}
          onChange={setCommitId}
          // Shown as it is typed, not only on submit: the dialog has no form.
          validationBehavior="aria"
          validate={value =>
            isCommitInvalid(value)
              ? 'Enter the full 40-character commit id'
              : null
          }
        />
      </ConfirmActionDialog>
    </>
  );
}

/** An empty commit means the branch head; anything else must be a full commit id. */
function isCommitInvalid(commitId: string) {
  const trimmed = commitId.trim();
  return trimmed !== '' && !isCommitId(trimmed);
}
