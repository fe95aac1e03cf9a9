import { Flex, Tab, TabList, TabPanel, Tabs } from '@backstage/ui';
import { useTheme } from '@material-ui/core/styles';
import Error from '@material-ui/icons/Error';
import Info from '@material-ui/icons/Info';
import Warning from '@material-ui/icons/Warning';
import type {
  PipelineResult,
  ResourceError,
} from '@slipway/plugin-codepipeline-common';
import { Key, ReactNode, useState } from 'react';
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
  if (pipelines.length === 1) return <>{props.children(selected)}</>;
  return (
    // Selected by state, not by route: no tab has an href.
    <Tabs
      selectedKey={selected.arn}
      onSelectionChange={(arn: Key) => setSelectedArn(String(arn))}
    >
      <TabList aria-label="Pipelines">
        {pipelines.map(p => (
          <Tab key={p.arn} id={p.arn}>
            <Flex align="center" gap="1">
              {p.name}
              {p.error && <TabIcon error={p.error} />}
            </Flex>
          </Tab>
        ))}
      </TabList>
      {/* Only the selected pipeline's panel exists; it is named by its tab. */}
      <TabPanel id={selected.arn}>{props.children(selected)}</TabPanel>
    </Tabs>
  );
}

/**
 * A tab's mark, as serious as its error (a cut list is information only),
 * named by it. Coloured from the theme, made readable as a graphic (3:1): the
 * Backstage UI warning token is lighter than that on a light surface.
 */
function TabIcon(props: { error: ResourceError }) {
  const theme = useTheme();
  const { kind } = props.error;
  const label = (RESOURCE_ERROR_TEXT[kind] ?? RESOURCE_ERROR_TEXT['aws-error'])
    .title;
  // MUI hides icons from assistive technology unless they are named images.
  const named = {
    role: 'img',
    'aria-hidden': false,
    'aria-label': label,
    fontSize: 'small',
  } as const;
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
