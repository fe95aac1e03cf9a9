import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Error from '@material-ui/icons/Error';
import type { PipelineResult } from '@slipway/plugin-codepipeline-common';
import { ReactNode, useState } from 'react';

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
              icon={
                p.error ? (
                  <Error color="error" aria-label="could not be read" />
                ) : undefined
              }
            />
          ))}
        </Tabs>
      )}
      <div
        role={pipelines.length > 1 ? 'tabpanel' : undefined}
        aria-label={selected.name}
      >
        {props.children(selected)}
      </div>
    </>
  );
}
