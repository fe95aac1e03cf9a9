import { renderInTestApp } from '@backstage/test-utils';
import { ThemeProvider } from '@material-ui/core/styles';
import { getContrastRatio } from '@material-ui/core/styles/colorManipulator';
import { screen } from '@testing-library/react';
import {
  humanizeStatus,
  StatusLabel,
  statusTone,
  StatusTone,
} from './StatusLabel';
import { MUI_THEMES } from '../../__testUtils__/muiThemes';

/** A status of each tone. */
const STATUS_OF: Record<StatusTone, string | undefined> = {
  ok: 'Succeeded',
  error: 'Failed',
  running: 'InProgress',
  pending: undefined,
  aborted: 'Stopped',
  warning: 'SomethingNew',
};

describe('StatusLabel', () => {
  it('maps CodePipeline, ECS and CodeDeploy statuses to tones', () => {
    expect(statusTone('Succeeded')).toBe('ok');
    expect(statusTone('COMPLETED')).toBe('ok');
    expect(statusTone('InProgress')).toBe('running');
    expect(statusTone('IN_PROGRESS')).toBe('running');
    expect(statusTone('Failed')).toBe('error');
    expect(statusTone('Superseded')).toBe('aborted');
    expect(statusTone(undefined)).toBe('pending');
    expect(statusTone('SomethingNew')).toBe('warning');
  });

  it("maps the delivery overview's entity statuses to tones", () => {
    expect(statusTone('failing')).toBe('error');
    expect(statusTone('awaiting-approval')).toBe('pending');
    expect(statusTone('rolling-out')).toBe('running');
    expect(statusTone('in-progress')).toBe('running');
    expect(statusTone('healthy')).toBe('ok');
    expect(statusTone('loading')).toBe('pending');
    expect(statusTone('unknown')).toBe('warning');
  });

  it('writes statuses as words', async () => {
    expect(humanizeStatus('InProgress')).toBe('In progress');
    expect(humanizeStatus('IN_PROGRESS')).toBe('In progress');
    expect(humanizeStatus(undefined)).toBe('Not run');
    await renderInTestApp(<StatusLabel status="Failed" />);
    expect(screen.getByText('Failed')).toBeInTheDocument();
  });
});

describe('StatusLabel for assistive technology', () => {
  it('keeps the status words visible to screen readers, with an icon beside them', async () => {
    await renderInTestApp(<StatusLabel status="Failed" />);
    const label = screen.getByText('Failed');
    // Backstage's StatusError hid its text with aria-hidden and named a plain span.
    expect(label.closest('[aria-hidden="true"]')).toBeNull();
    expect(label.closest('[aria-label]')).toBeNull();
    expect(screen.getByTestId('status-error')).toHaveAttribute(
      'aria-hidden',
      'true',
    );
  });
});

describe('StatusLabel colours', () => {
  // Material UI's warning orange was 2.2:1 as an icon on the light paper.
  it.each(Object.entries(MUI_THEMES))(
    "draws every tone's icon at 3:1 or more on the %s theme's backgrounds",
    async (_mode, theme) => {
      await renderInTestApp(
        <ThemeProvider theme={theme}>
          {Object.entries(STATUS_OF).map(([tone, status]) => (
            <StatusLabel key={tone} status={status} />
          ))}
        </ThemeProvider>,
      );
      for (const tone of Object.keys(STATUS_OF)) {
        const icon = screen.getByTestId(`status-${tone}`);
        for (const background of [
          theme.palette.background.paper,
          theme.palette.background.default,
        ]) {
          expect(
            getContrastRatio(icon.getAttribute('color')!, background),
          ).toBeGreaterThanOrEqual(3);
        }
      }
    },
  );
});
