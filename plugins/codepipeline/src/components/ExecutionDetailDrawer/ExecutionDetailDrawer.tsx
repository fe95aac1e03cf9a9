import { ResponseErrorPanel } from '@backstage/core-components';
import { BgProvider, Box, ButtonIcon, Flex, Text } from '@backstage/ui';
// Backstage UI has no drawer: Material UI's gives the slide-in panel, its
// focus trap and Escape; everything inside it is Backstage UI.
import Drawer from '@material-ui/core/Drawer';
import type { PaperProps } from '@material-ui/core/Paper';
import Close from '@material-ui/icons/Close';
import { useId } from 'react';
import { useReturnFocus } from './useReturnFocus';
import { useExecutionDetail } from '../../hooks/useExecutionDetail';
import readable from '../../readableText.module.css';
import { ActionExecutionList } from '../ActionExecutionList';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { CommitLink, describeTrigger } from '../PipelineSummary';
import { StatusLabel } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';
import styles from './ExecutionDetailDrawer.module.css';

export interface ExecutionDetailDrawerProps {
  pipelineArn: string;
  executionId?: string;
  pollIntervalSeconds?: number;
  onClose: () => void;
}

function ExecutionDetail(
  props: Required<Omit<ExecutionDetailDrawerProps, 'onClose'>>,
) {
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
      <Flex direction="column" gap="1" align="start" mb="4">
        <StatusLabel status={execution.status} />
        {execution.statusSummary && (
          <Text as="p" variant="body-small">
            {execution.statusSummary}
          </Text>
        )}
        <Text as="p" variant="body-small">
          Commit: <CommitLink execution={execution} />
        </Text>
        <Text as="p" variant="body-small">
          Trigger: {describeTrigger(execution)}
        </Text>
        <ExternalLink href={execution.consoleUrl}>
          Open this execution in the AWS console
        </ExternalLink>
      </Flex>
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
  const headingId = useId();
  const open = Boolean(props.executionId);
  const returnFocus = useReturnFocus(open);
  return (
    <Drawer
      anchor="right"
      open={open}
      onClose={props.onClose}
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
      {/* Portalled out of the card or tab that opened it: its own surface, and
          the readable secondary text of Slipway's cards and dialogs. */}
      <BgProvider bg="neutral-1">
        <Box
          px="6"
          py="4"
          className={`${styles.content} ${readable.readableSecondaryText}`}
        >
          <Flex align="center" justify="between" gap="2" mb="2">
            <Text as="h2" variant="title-small" weight="bold" id={headingId}>
              Execution {props.executionId}
            </Text>
            <ButtonIcon
              aria-label="Close execution details"
              variant="tertiary"
              icon={<Close />}
              onPress={props.onClose}
            />
          </Flex>
          {props.executionId && (
            <ExecutionDetail
              pipelineArn={props.pipelineArn}
              executionId={props.executionId}
              pollIntervalSeconds={props.pollIntervalSeconds ?? 0}
            />
          )}
        </Box>
      </BgProvider>
    </Drawer>
  );
}
