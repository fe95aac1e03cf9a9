import { renderInTestApp } from '@backstage/test-utils';
import { getContrastRatio } from '@material-ui/core/styles/colorManipulator';
import { screen, within } from '@testing-library/react';
import { join } from 'node:path';
import { executionDetailFailedBuild } from '../../__fixtures__';
import {
  addStylesheets,
  resolveBuiColor,
  type ThemeMode,
} from '../../__testUtils__/buiColors';
import { cascadedStyle } from '../../__testUtils__/cascadedStyle';
import { ActionExecutionList } from './ActionExecutionList';

const [sourceAction, failedBuildAction] = executionDetailFailedBuild.actions;
const PYTEST_CONTEXT =
  'COMMAND_EXECUTION_ERROR: Error while executing command: pytest. Reason: exit status 1';

describe('ActionExecutionList', () => {
  it('lists each action with its status, error, CodeBuild phases and links', async () => {
    await renderInTestApp(
      <ActionExecutionList actions={executionDetailFailedBuild.actions} />,
    );
    const list = screen.getByRole('list', {
      name: 'Actions of this execution',
    });
    const [source, build] = within(list).getAllByRole('listitem');
    expect(source).toHaveAccessibleName('Source / Source');
    expect(source).toHaveTextContent(
      /^Source \/ Source · CodeStarSourceConnectionSucceeded/,
    );
    expect(source).toHaveTextContent('Refactor basket totals');

    expect(build).toHaveAccessibleName('Build / Build');
    // The action's status, and its BUILD phase's.
    expect(within(build).getAllByTestId('status-error')).toHaveLength(2);
    expect(build).toHaveTextContent(
      'JobFailed: Build terminated with state: FAILED (pytest: 2 failed)',
    );
    const phases = within(build).getByRole('table', {
      name: 'CodeBuild phases of checkout-web-build:6f0e',
    });
    const rows = within(phases).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'PhaseStatusDuration',
      'PROVISIONINGSucceeded12s',
      'INSTALLSucceeded41s',
      `BUILDFailed${PYTEST_CONTEXT}3m 10s`,
    ]);
    expect(
      within(build).getByRole('link', { name: /Build logs/ }),
    ).toHaveAttribute('href', failedBuildAction.build!.logsUrl);
    expect(
      within(build).getByRole('link', { name: /Build in CodeBuild/ }),
    ).toHaveAttribute('href', failedBuildAction.build!.consoleUrl);
  });

  it('links an action without a CodeBuild build to its details', async () => {
    await renderInTestApp(
      <ActionExecutionList
        actions={[
          {
            ...sourceAction,
            externalExecutionUrl: 'https://github.com/acme/checkout-web',
          },
        ]}
      />,
    );
    expect(screen.getByRole('link', { name: /Details/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/checkout-web',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says so when no action has run yet', async () => {
    await renderInTestApp(<ActionExecutionList actions={[]} />);
    expect(
      screen.getByText('No action has run in this execution yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  describe('colours', () => {
    beforeAll(() =>
      addStylesheets(join(__dirname, 'ActionExecutionList.module.css')),
    );

    // Backstage UI's danger text is 4.0:1 on its light surface.
    it.each<ThemeMode>(['light', 'dark'])(
      "writes the action's error and the failed phase's reason at 4.5:1 (%s theme)",
      async mode => {
        await renderInTestApp(
          <ActionExecutionList actions={executionDetailFailedBuild.actions} />,
        );
        const texts = [
          screen.getByText(
            'JobFailed: Build terminated with state: FAILED (pytest: 2 failed)',
          ),
          screen.getByText(PYTEST_CONTEXT),
        ];
        // The drawer's surface, and the page around it.
        for (const background of [
          'var(--bui-bg-neutral-1)',
          'var(--bui-bg-app)',
        ].map(bg => resolveBuiColor(bg, mode))) {
          for (const text of texts) {
            expect(
              getContrastRatio(
                resolveBuiColor(cascadedStyle(text, 'color')!, mode),
                background,
              ),
            ).toBeGreaterThanOrEqual(4.5);
          }
        }
      },
    );
  });
});
