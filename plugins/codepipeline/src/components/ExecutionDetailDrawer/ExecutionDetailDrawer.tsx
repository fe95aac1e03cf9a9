import { ResponseErrorPanel } from '@backstage/core-components';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import type { PaperProps } from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Close from '@material-ui/icons/Close';
import { useId } from 'react';
import { useReturnFocus } from './useReturnFocus';
import { useExecutionDetail } from '../../hooks/useExecutionDetail';
import { ActionExecutionList } from '../ActionExecutionList';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { CommitLink, describeTrigger } from '../PipelineSummary';
import { StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';

const useStyles = makeStyles(theme => ({
  paper: { width: 640, maxWidth: '100vw', padding: theme.spacing(2, 3) },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
  },
  meta: { marginBottom: theme.spacing(2) },
}));

export interface ExecutionDetailDrawerProps {
  pipelineArn: string;
  executionId?: string;
  pollIntervalSeconds?: number;
  onClose: () => void;
}

function ExecutionDetail(
  props: Required<Omit<ExecutionDetailDrawerProps, 'onClose'>>,
) {
  const classes = useStyles();
  const detail = useExecutionDetail(
    props.pipelineArn,
    props.executionId,
    props.pollIntervalSeconds,
  );
  if (detail.loading)
    return <LoadingSkeleton label="Loading execution" rows={4} />;
  if (!detail.value)
    return (
      <ResponseErrorPanel
        title="Could not read this execution"
        error={detail.error!}
      />
    );
  const { execution, actions } = detail.value;
  return (
    <>
      <div className={classes.meta}>
        <StatusLabel status={execution.status} />
        {execution.statusSummary && (
          <Typography variant="body2">{execution.statusSummary}</Typography>
        )}
        <Typography variant="body2">
          Commit: <CommitLink execution={execution} />
        </Typography>
        <Typography variant="body2">
          Trigger: {describeTrigger(execution)}
        </Typography>
        <ExternalLink href={execution.consoleUrl}>
          Open this execution in the AWS console
        </ExternalLink>
      </div>
      <ActionExecutionList actions={actions} />
    </>
  );
}

/**
 * Side panel with every action of one execution; polling keeps it open and in
 * place. It is a modal dialog named by its heading, and closing it gives focus
 * back to the control that opened it.
 */
export function ExecutionDetailDrawer(props: ExecutionDetailDrawerProps) {
  const classes = useStyles();
  const headingId = useId();
  const open = Boolean(props.executionId);
  const returnFocus = useReturnFocus(open);
  return (
    <Drawer
      anchor="right"
      open={open}
      onClose={props.onClose}
      classes={{ paper: classes.paper }}
      PaperProps={
        {
          role: 'dialog',
          'aria-modal': true,
          'aria-labelledby': headingId,
        } as PaperProps
      }
      // MUI would give focus back to whatever held it when the drawer opened;
      // the opener may have been re-rendered since, so it is found again.
      disableRestoreFocus
      SlideProps={{ onExited: returnFocus }}
    >
      <div className={classes.header}>
        <Typography variant="h5" component="h2" id={headingId}>
          Execution {props.executionId}
        </Typography>
        <IconButton
          aria-label="Close execution details"
          onClick={props.onClose}
        >
          <Close />
        </IconButton>
      </div>
      {props.executionId && (
        <ExecutionDetail
          pipelineArn={props.pipelineArn}
          executionId={props.executionId}
          pollIntervalSeconds={props.pollIntervalSeconds ?? 0}
        />
      )}
    </Drawer>
  );
}
