import { renderInTestApp } from '@backstage/test-utils';
import { getContrastRatio } from '@material-ui/core/styles/colorManipulator';
import { screen } from '@testing-library/react';
import { join } from 'node:path';
import {
  eliteTeam30Days,
  eliteTeam7Days,
  noHistoryYet,
} from '../../__fixtures__';
import {
  addStylesheets,
  resolveBuiColor,
  type ThemeMode,
} from '../../__testUtils__/buiColors';
import { cascadedStyle } from '../../__testUtils__/cascadedStyle';
import { formatDate } from '../../format';
import { DoraTrendChart } from './DoraTrendChart';

/** Each period's group of bars: its tooltip, and the deployments and failures bar heights. */
function groups(chart: HTMLElement) {
  return Array.from(chart.querySelectorAll('g')).map(g => {
    const [deployments, failures] = Array.from(g.querySelectorAll('rect'));
    return {
      title: g.querySelector('title')?.textContent,
      deployments: Number(deployments.getAttribute('height')),
      failures: Number(failures.getAttribute('height')),
    };
  });
}

describe('DoraTrendChart', () => {
  it('draws one pair of bars per week, summarised for screen readers', async () => {
    await renderInTestApp(
      <DoraTrendChart trend={eliteTeam30Days.trend} windowDays={30} />,
    );
    const chart = screen.getByRole('img', {
      name: 'Deployments per week over the last 30 days: 14, 15, 17, 18, 8 (72 in total); failures: 1, 0, 1, 1, 0 (3 in total).',
    });
    const bars = groups(chart);
    expect(bars).toHaveLength(5);
    expect(bars.map(b => b.title)).toEqual(
      eliteTeam30Days.trend.map(
        p =>
          `Week of ${formatDate(p.periodStart)}: ${
            p.deployments
          } deployments, ${p.failures} failures`,
      ),
    );
    expect(bars[0].title).toMatch(/: 14 deployments, 1 failures$/);
    // Bars are scaled to the busiest period (18 deployments fill the chart).
    const tallest = Math.max(...bars.map(b => b.deployments));
    expect(bars[3].deployments).toBe(tallest);
    expect(bars[3].deployments).toBeGreaterThan(bars[0].deployments);
    expect(bars[0].deployments).toBeCloseTo((tallest * 14) / 18);
    expect(bars[1].failures).toBe(0);
    expect(bars[0].failures).toBeCloseTo(tallest / 18);
    expect(screen.getByText('per week')).toBeInTheDocument();
  });

  it('counts per day over a 7-day window', async () => {
    await renderInTestApp(
      <DoraTrendChart trend={eliteTeam7Days.trend} windowDays={7} />,
    );
    const chart = screen.getByRole('img', {
      name: 'Deployments per day over the last 7 days: 3, 2, 4, 0, 0, 5, 4 (18 in total); failures: 0, 0, 0, 0, 0, 0, 0 (0 in total).',
    });
    const bars = groups(chart);
    expect(bars).toHaveLength(7);
    expect(bars[0].title).toBe(
      `Day of ${formatDate(
        eliteTeam7Days.trend[0].periodStart,
      )}: 3 deployments, 0 failures`,
    );
    expect(bars[3].deployments).toBe(0);
    expect(bars.every(b => b.failures === 0)).toBe(true);
    expect(screen.getByText('per day')).toBeInTheDocument();
  });

  it('says there were no deployments when every period is empty', async () => {
    await renderInTestApp(
      <DoraTrendChart trend={noHistoryYet.trend} windowDays={30} />,
    );
    const chart = screen.getByRole('img', {
      name: 'No deployments in the last 30 days.',
    });
    const bars = groups(chart);
    // The empty periods are still drawn, as flat bars, with a visible note.
    expect(bars).toHaveLength(5);
    expect(
      screen.getByText('No production deployments in the last 30 days.'),
    ).toBeInTheDocument();
    expect(bars.every(b => b.deployments === 0 && b.failures === 0)).toBe(true);
  });

  it('says there were no deployments when the trend has no periods at all', async () => {
    await renderInTestApp(<DoraTrendChart trend={[]} windowDays={90} />);
    const chart = screen.getByRole('img', {
      name: 'No deployments in the last 90 days.',
    });
    expect(groups(chart)).toHaveLength(0);
    expect(chart).toHaveAttribute('viewBox', '0 0 24 60');
  });

  it('says its "no deployments" covers only the pipelines that could be read', async () => {
    await renderInTestApp(
      <DoraTrendChart trend={noHistoryYet.trend} windowDays={30} partial />,
    );
    expect(
      screen.getByRole('img', {
        name: 'No deployments in the last 30 days in the pipelines that could be read.',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No production deployments in the last 30 days in the pipelines that could be read.',
      ),
    ).toBeInTheDocument();
  });

  describe('colours', () => {
    beforeAll(() =>
      addStylesheets(join(__dirname, 'DoraTrendChart.module.css')),
    );

    it.each<ThemeMode>(['light', 'dark'])(
      'draws the bars and their legend swatches at 3:1 or more (%s theme)',
      async mode => {
        await renderInTestApp(
          <DoraTrendChart trend={eliteTeam30Days.trend} windowDays={30} />,
        );
        const chart = screen.getByRole('img', {
          name: /^Deployments per week/,
        });
        const [deployments, failures] = Array.from(
          chart.querySelectorAll('g')[0].querySelectorAll('rect'),
        );
        // Drawn in their colour class's `color`, as are the legend's swatches.
        expect(deployments).toHaveAttribute('fill', 'currentColor');
        expect(failures).toHaveAttribute('fill', 'currentColor');
        const swatch = (label: string) =>
          screen.getByText(label).querySelector('span')!;
        const marks = [
          deployments,
          failures,
          swatch('Deployments'),
          swatch('Failures'),
        ].map(mark =>
          resolveBuiColor(cascadedStyle(mark as HTMLElement, 'color')!, mode),
        );
        expect(marks[0]).not.toBe(marks[1]);
        // The card, and the page around it.
        for (const background of [
          'var(--bui-bg-neutral-1)',
          'var(--bui-bg-app)',
        ].map(bg => resolveBuiColor(bg, mode))) {
          for (const mark of marks) {
            expect(getContrastRatio(mark, background)).toBeGreaterThanOrEqual(
              3,
            );
          }
        }
      },
    );
  });
});
