import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Error from '@material-ui/icons/Error';
import Info from '@material-ui/icons/Info';
import Warning from '@material-ui/icons/Warning';
import type {
  PipelineResult,
  ResourceError,
} from '@slipway/plugin-codepipeline-common';
import { ReactNode, useState } from 'react';
import { useTheme } from '@material-ui/core/styles';
import { RESOURCE_ERROR_TEXT, resourceErrorSeverity } from '../../errors';
import { GRAPHIC_CONTRAST, readableColor } from '../../readableColor';

export interface PipelineTabsProps {
  pipelines: PipelineResult[];
  children: (selected: PipelineResult) => ReactNode;
}

/**
 * One tab per pipeline (no tabs for one). The selection is remembered by ARN,
 * so a poll that reorders or changes the list keeps the user's tab.
 */
export function PipelineTabs(props: PipelineTabsProps) {
  const { pipelines } = props;
  const [selectedArn, setSelectedArn] = useState<string>();
  const selected = pipelines.find(p => p.arn === selectedArn) ?? pipelines[0];
  if (!selected) return null;
  return (
    <>
      {pipelines.length > 1 && (
        <Tabs
          value={selected.arn}
          onChange={(_, arn: string) => setSelectedArn(arn)}
          indicatorColor="primary"
          variant="scrollable"
          aria-label="Pipelines"
        >
          {pipelines.map(p => (
            <Tab
              key={p.arn}
              value={p.arn}
              label={p.name}
              icon={p.error ? <TabIcon error={p.error} /> : undefined}
            />
          ))}
        </Tabs>
      )}
      {/* A plain div may not carry a name: only the tab panel is named. */}
      <div
        {...(pipelines.length > 1
          ? { role: 'tabpanel', 'aria-label': selected.name }
          : {})}
      >
        {props.children(selected)}
      </div>
    </>
  );
}

/** A tab's mark, as serious as its error (a cut list is information only), named by it. */
function TabIcon(props: { error: ResourceError }) {
  const theme = useTheme();
  const { kind } = props.error;
  const label = (RESOURCE_ERROR_TEXT[kind] ?? RESOURCE_ERROR_TEXT['aws-error'])
    .title;
  // MUI hides icons from assistive technology unless they are named images.
  const named = { role: 'img', 'aria-hidden': false, 'aria-label': label };
  switch (resourceErrorSeverity(kind)) {
    case 'info':
      return <Info color="action" {...named} />;
    case 'warning':
      return (
        <Warning
          htmlColor={readableColor(
            theme,
            theme.palette.warning.main,
            GRAPHIC_CONTRAST,
          )}
          {...named}
        />
      );
    default:
      return <Error color="error" {...named} />;
  }
}
