import { ButtonIcon, Flex, Text, Tooltip, TooltipTrigger } from '@backstage/ui';
import { useTheme } from '@material-ui/core/styles';
import ArrowForward from '@material-ui/icons/ArrowForward';
import Block from '@material-ui/icons/Block';
import type {
  PipelineActionState,
  PipelineStageState,
} from '@slipway/plugin-codepipeline-common';
import { Fragment, ReactNode } from 'react';
import { StatusLabel, statusTone, toneColor } from '../StatusLabel';
import { ExternalLink } from '../ExternalLink';
import styles from './StageFlow.module.css';

export interface StageFlowProps {
  pipelineName: string;
  stages: PipelineStageState[];
  /** Card mode: stage names and statuses only. */
  compact?: boolean;
  renderStageControls?: (stage: PipelineStageState) => ReactNode;
  renderActionControls?: (
    stage: PipelineStageState,
    action: PipelineActionState,
  ) => ReactNode;
}

function Controls(props: { children: ReactNode }) {
  return (
    <Flex gap="1" mt="1" style={{ flexWrap: 'wrap' }}>
      {props.children}
    </Flex>
  );
}

function ActionRow(props: {
  action: PipelineActionState;
  controls?: ReactNode;
}) {
  const { action } = props;
  const link = action.externalExecutionUrl ?? action.entityUrl;
  return (
    <div className={styles.action}>
      <Text as="div">
        {link ? (
          <ExternalLink href={link}>{action.name}</ExternalLink>
        ) : (
          action.name
        )}
        {action.provider ? ` · ${action.provider}` : ''}
      </Text>
      <StatusLabel
        status={action.awaitingApproval ? 'Pending' : action.status}
        label={action.awaitingApproval ? 'Awaiting approval' : undefined}
      />
      {action.summary &&
        // A failed action's summary often repeats its error; say it once.
        !action.errorDetails?.message?.includes(action.summary) && (
          <Text as="div" variant="body-small">
            {action.summary}
          </Text>
        )}
      {action.errorDetails?.message && (
        <Text as="div" variant="body-small" className={styles.error}>
          {action.errorDetails.code ? `${action.errorDetails.code}: ` : ''}
          {action.errorDetails.message}
        </Text>
      )}
      {props.controls && <Controls>{props.controls}</Controls>}
    </div>
  );
}

/**
 * The mark between two stages: an arrow, or, when the transition into `stage`
 * is disabled, a sign whose tooltip (on hover and keyboard focus) gives the
 * reason. Backstage UI's tooltips open from a focusable trigger only, hence
 * the icon button; pressing it keeps the tooltip open.
 */
function Transition(props: { stage: PipelineStageState }) {
  const { stage } = props;
  const transition = stage.inboundTransition;
  if (transition.enabled) {
    return (
      <li aria-hidden className={styles.transition}>
        <ArrowForward fontSize="small" />
      </li>
    );
  }
  const reason = transition.disabledReason ?? 'no reason given';
  return (
    <li className={styles.transition}>
      <TooltipTrigger shouldCloseOnPress={false}>
        <ButtonIcon
          aria-label={`Transition into ${stage.name} disabled: ${reason}`}
          variant="tertiary"
          size="small"
          icon={<Block fontSize="small" />}
          className={styles.disabledTransition}
        />
        <Tooltip>{`Transition disabled: ${reason}`}</Tooltip>
      </TooltipTrigger>
    </li>
  );
}

function StageHeader(props: { stage: PipelineStageState; awaiting: boolean }) {
  const { stage, awaiting } = props;
  return (
    <>
      <Text as="div" weight="bold" className={styles.stageName}>
        {stage.name}
      </Text>
      <StatusLabel
        status={awaiting ? 'Pending' : stage.status}
        label={awaiting ? 'Awaiting approval' : undefined}
      />
    </>
  );
}

/** The stages of a pipeline left to right (wrapping onto further rows), coloured by status, with disabled transitions marked. */
export function StageFlow(props: StageFlowProps) {
  // The stages' top borders take their status colour from the Material UI
  // theme, as StatusLabel's icons and the timeline's dots do.
  const theme = useTheme();
  const { stages, compact, renderStageControls, renderActionControls } = props;
  return (
    <ol
      aria-label={`Stages of ${props.pipelineName}`}
      className={styles.flow}
      // Stages wrap onto further rows rather than hide past the card's edge.
      style={{ flexWrap: 'wrap' }}
    >
      {stages.map((stage, index) => {
        const awaiting = stage.actions.some(a => a.awaitingApproval);
        const tone = awaiting ? 'pending' : statusTone(stage.status);
        return (
          <Fragment key={stage.name}>
            {index > 0 && <Transition stage={stage} />}
            <li
              aria-label={`Stage ${stage.name}`}
              className={`${styles.stage} ${compact ? styles.compact : ''}`}
              style={{ borderTopColor: toneColor(theme, tone) }}
              data-tone={tone}
            >
              <StageHeader stage={stage} awaiting={awaiting} />
              {!compact && renderStageControls && (
                <Controls>{renderStageControls(stage)}</Controls>
              )}
              {!compact &&
                stage.actions.map(action => (
                  <ActionRow
                    key={action.name}
                    action={action}
                    controls={renderActionControls?.(stage, action)}
                  />
                ))}
            </li>
          </Fragment>
        );
      })}
    </ol>
  );
}
