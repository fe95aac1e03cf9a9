import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type {
  PipelineResult,
  ResourceError,
} from '@slipway/plugin-codepipeline-common';
import { pipelineSucceeded, resultOf } from '../../__fixtures__';
import { PipelineTabs } from './PipelineTabs';

const failed = (name: string, error: ResourceError): PipelineResult => ({
  arn: `arn:aws:codepipeline:us-east-1:123456789012:${name}`,
  name,
  error,
});

describe('PipelineTabs', () => {
  it('marks each tab as seriously as its error: a cut list is not a failure', async () => {
    await renderInTestApp(
      <PipelineTabs
        pipelines={[
          resultOf(pipelineSucceeded),
          failed('many', {
            kind: 'truncated',
            message: 'More than 20 pipelines…',
          }),
          failed('slow', { kind: 'timeout', message: 'AWS did not answer…' }),
          failed('gone', { kind: 'not-found', message: 'not found' }),
        ]}
      >
        {selected => selected.name}
      </PipelineTabs>,
    );
    const red = 'MuiSvgIcon-colorError';
    expect(
      screen.getByLabelText('Only the first resources are shown'),
    ).not.toHaveClass(red);
    expect(screen.getByLabelText('AWS did not answer in time')).not.toHaveClass(
      red,
    );
    expect(screen.getByLabelText('Not found in AWS')).toHaveClass(red);
    expect(screen.getAllByRole('tab')).toHaveLength(4);
  });
});
