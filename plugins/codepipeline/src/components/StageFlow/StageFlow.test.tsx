import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import type { PipelineStageState } from '@slipway/plugin-codepipeline-common';
import { pipelineFailedBuild } from '../../__fixtures__';
import { StageFlow } from './StageFlow';

const ERROR =
  'Build terminated with state: FAILED. Phase: PRE_BUILD, Code: COMMAND_EXECUTION_ERROR';

/** The failed Build stage, its action's summary set to `summary`. */
function buildStage(summary: string): PipelineStageState {
  const stage = pipelineFailedBuild.stages.find(s => s.name === 'Build')!;
  const [action] = stage.actions;
  return {
    ...stage,
    actions: [
      {
        ...action,
        summary,
        errorDetails: { code: 'JobFailed', message: ERROR },
      },
    ],
  };
}

describe('StageFlow', () => {
  it("says a failed action's error once when its summary repeats it", async () => {
    await renderInTestApp(
      <StageFlow pipelineName="orders-api" stages={[buildStage(ERROR)]} />,
    );
    const stage = screen.getByRole('listitem', { name: 'Stage Build' });
    expect(within(stage).getAllByText(ERROR, { exact: false })).toHaveLength(1);
    expect(stage).toHaveTextContent(`JobFailed: ${ERROR}`);
  });

  it('keeps a summary that says something the error does not', async () => {
    await renderInTestApp(
      <StageFlow
        pipelineName="orders-api"
        stages={[buildStage('2 of 40 tests failed')]}
      />,
    );
    const stage = screen.getByRole('listitem', { name: 'Stage Build' });
    expect(stage).toHaveTextContent('2 of 40 tests failed');
    expect(stage).toHaveTextContent(`JobFailed: ${ERROR}`);
  });
});
