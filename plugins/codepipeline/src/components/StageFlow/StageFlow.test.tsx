import { renderInTestApp } from '@backstage/test-utils';
import { getContrastRatio } from '@material-ui/core/styles/colorManipulator';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { join } from 'node:path';
import type { PipelineStageState } from '@slipway/plugin-codepipeline-common';
import {
  hotfixPipelineWithDisabledTransition,
  pipelineFailedBuild,
} from '../../__fixtures__';
import {
  addStylesheets,
  resolveBuiColor,
  type ThemeMode,
} from '../../__testUtils__/buiColors';
import { cascadedStyle } from '../../__testUtils__/cascadedStyle';
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

  it('gives the reason a transition is disabled to keyboard users too', async () => {
    await renderInTestApp(
      <StageFlow
        pipelineName="checkout-web-hotfix"
        stages={hotfixPipelineWithDisabledTransition.stages}
        compact
      />,
    );
    // The enabled transitions are arrows, hidden from assistive technology.
    expect(screen.getAllByRole('listitem')).toHaveLength(4);
    const mark = screen.getByRole('button', {
      name: 'Transition into Deploy disabled: Release freeze until Monday',
    });
    await userEvent.tab();
    expect(mark).toHaveFocus();
    expect(
      await screen.findByRole('tooltip', {
        name: 'Transition disabled: Release freeze until Monday',
      }),
    ).toBeInTheDocument();
  });

  describe('colours', () => {
    beforeAll(() => addStylesheets(join(__dirname, 'StageFlow.module.css')));

    // Material UI's error.main as text was 3.68:1 on the light paper, and its
    // warning.main as a mark 2.2:1; Backstage UI's danger text is 4.0:1 on its
    // light card.
    it.each<ThemeMode>(['light', 'dark'])(
      "writes an action's error at 4.5:1 and marks a disabled transition at 3:1 (%s theme)",
      async mode => {
        await renderInTestApp(
          <StageFlow
            pipelineName="checkout-web-hotfix"
            stages={[
              hotfixPipelineWithDisabledTransition.stages[0],
              {
                ...buildStage(ERROR),
                name: 'Deploy',
                inboundTransition:
                  hotfixPipelineWithDisabledTransition.stages[2]
                    .inboundTransition,
              },
            ]}
          />,
        );
        const colour = (element: HTMLElement) =>
          resolveBuiColor(cascadedStyle(element, 'color')!, mode);
        const error = colour(screen.getByText(`JobFailed: ${ERROR}`));
        const mark = colour(
          screen.getByRole('button', { name: /^Transition into Deploy/ }),
        );
        // The card, and the page around it.
        for (const background of [
          'var(--bui-bg-neutral-1)',
          'var(--bui-bg-app)',
        ].map(bg => resolveBuiColor(bg, mode))) {
          expect(getContrastRatio(error, background)).toBeGreaterThanOrEqual(
            4.5,
          );
          expect(getContrastRatio(mark, background)).toBeGreaterThanOrEqual(3);
        }
      },
    );
  });
});
