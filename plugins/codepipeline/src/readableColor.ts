import type { Theme } from '@material-ui/core/styles';
import {
  darken,
  getContrastRatio,
  lighten,
} from '@material-ui/core/styles/colorManipulator';

/** WCAG 2.1 AA: 4.5:1 for text (1.4.3), 3:1 for icons and other marks (1.4.11). */
export const TEXT_CONTRAST = 4.5;
export const GRAPHIC_CONTRAST = 3;

/**
 * The theme's colour, darkened (light theme) or lightened (dark theme) just
 * enough to reach `minRatio` against both of the theme's backgrounds (paper
 * and page), so a red stays red but reads in either theme. A colour that
 * already passes is returned unchanged.
 */
export function readableColor(
  theme: Theme,
  color: string,
  minRatio: number = TEXT_CONTRAST,
): string {
  const backgrounds = [
    theme.palette.background.paper,
    theme.palette.background.default,
  ];
  const adjust = theme.palette.type === 'dark' ? lighten : darken;
  const passes = (candidate: string) =>
    backgrounds.every(bg => getContrastRatio(candidate, bg) >= minRatio);
  for (let step = 0; step <= 20; step++) {
    const candidate = step === 0 ? color : adjust(color, step * 0.05);
    if (passes(candidate)) return candidate;
  }
  return theme.palette.text.primary;
}
