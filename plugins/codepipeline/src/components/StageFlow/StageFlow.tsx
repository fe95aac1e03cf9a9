import Box from '@material-ui/core/Box';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import ArrowForward from '@material-ui/icons/ArrowForward';
import Block from '@material-ui/icons/Block';
import type {
  PipelineActionState,
  PipelineStageState,
} from '@slipway/plugin-codepipeline-common';
import { Fragment, ReactNode } from 'react';
import { StatusLabel, statusTone, toneColor } from '../StatusLabel';
import {
  errorText,
  GRAPHIC_CONTRAST,
  readableColor,
} from '../../readableColor';
import { ExternalLink } from '../ExternalLink';

const useStyles = makeStyles(theme => ({
  // Stages wrap onto further rows rather than hide past the card's edge.
  flow: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'stretch',
    gap: theme.spacing(0.5),
    paddingBottom: theme.spacing(1),
    listStyle: 'none',
    margin: 0,
    paddingLeft: 0,
  },
  stage: {
    minWidth: 150,
    flex: '1 1 0',
    border: `1px solid ${theme.palette.divider}`,
    borderTopWidth: 4,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1),
    backgroundColor: theme.palette.background.paper,
  },
  // At least as wide as its name and status; a row that runs out of room wraps.
  compactStage: {
    minWidth: 100,
    flex: '1 0 auto',
    padding: theme.spacing(0.5, 1),
  },
  stageName: { overflowWrap: 'anywhere' },
  arrow: {
    display: 'flex',
    alignItems: 'center',
    color: theme.palette.text.secondary,
  },
  disabledArrow: {
    color: readableColor(theme, theme.palette.warning.main, GRAPHIC_CONTRAST),
  },
  action: {
    marginTop: theme.spacing(1),
    paddingTop: theme.spacing(0.5),
    borderTop: `1px dashed ${theme.palette.divider}`,
  },
  error: { color: errorText(theme), wordBreak: 'break-word' },
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
}));

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

function ActionRow(props: {
  action: PipelineActionState;
  controls?: ReactNode;
}) {
  const classes = useStyles();
  const { action } = props;
  const link = action.externalExecutionUrl ?? action.entityUrl;
  return (
    <div className={classes.action}>
      <Typography variant="body2">
        {link ? (
          <ExternalLink href={link}>{action.name}</ExternalLink>
        ) : (
          action.name
        )}
        {action.provider ? ` · ${action.provider}` : ''}
      </Typography>
      <StatusLabel
        status={action.awaitingApproval ? 'Pending' : action.status}
        label={action.awaitingApproval ? 'Awaiting approval' : undefined}
      />
      {action.summary &&
        // A failed action's summary often repeats its error; say it once.
        !action.errorDetails?.message?.includes(action.summary) && (
          <Typography variant="caption" display="block">
            {action.summary}
          </Typography>
        )}
      {action.errorDetails?.message && (
        <Typography variant="caption" display="block" className={classes.error}>
          {action.errorDetails.code ? `${action.errorDetails.code}: ` : ''}
          {action.errorDetails.message}
        </Typography>
      )}
      {props.controls && (
        <div className={classes.controls}>{props.controls}</div>
      )}
    </div>
  );
}

/** The stages of a pipeline left to right (wrapping onto further rows), coloured by status, with disabled transitions marked. */
export function StageFlow(props: StageFlowProps) {
  const classes = useStyles();
  const theme = useTheme();
  const { stages, compact, renderStageControls, renderActionControls } = props;
  return (
    <ol className={classes.flow} aria-label={`Stages of ${props.pipelineName}`}>
      {stages.map((stage, index) => {
        const awaiting = stage.actions.some(a => a.awaitingApproval);
        const tone = awaiting ? 'pending' : statusTone(stage.status);
        const transition = stage.inboundTransition;
        return (
          <Fragment key={stage.name}>
            {index > 0 && (
              <Box
                component="li"
                aria-hidden={transition.enabled}
                className={`${classes.arrow} ${
                  transition.enabled ? '' : classes.disabledArrow
                }`}
              >
                {transition.enabled ? (
                  <ArrowForward fontSize="small" />
                ) : (
                  <Tooltip
                    title={`Transition disabled: ${
                      transition.disabledReason ?? 'no reason given'
                    }`}
                  >
                    <Block
                      fontSize="small"
                      // MUI hides icons from assistive technology unless told otherwise.
                      role="img"
                      aria-hidden={false}
                      aria-label={`Transition into ${stage.name} disabled: ${
                        transition.disabledReason ?? 'no reason given'
                      }`}
                    />
                  </Tooltip>
                )}
              </Box>
            )}
            <Box
              component="li"
              aria-label={`Stage ${stage.name}`}
              className={`${classes.stage} ${
                compact ? classes.compactStage : ''
              }`}
              style={{ borderTopColor: toneColor(theme, tone) }}
              data-tone={tone}
            >
              <StageHeader stage={stage} awaiting={awaiting} />
              {!compact && renderStageControls && (
                <div className={classes.controls}>
                  {renderStageControls(stage)}
                </div>
              )}
              {!compact &&
                stage.actions.map(action => (
                  <ActionRow
                    key={action.name}
                    action={action}
                    controls={renderActionControls?.(stage, action)}
                  />
                ))}
            </Box>
          </Fragment>
        );
      })}
    </ol>
  );
}

function StageHeader(props: { stage: PipelineStageState; awaiting: boolean }) {
  const classes = useStyles();
  const { stage, awaiting } = props;
  return (
    <>
      <Typography
        variant="subtitle2"
        component="div"
        className={classes.stageName}
      >
        {stage.name}
      </Typography>
      <StatusLabel
        status={awaiting ? 'Pending' : stage.status}
        label={awaiting ? 'Awaiting approval' : undefined}
      />
    </>
  );
}
