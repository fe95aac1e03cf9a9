import { getContrastRatio } from '@material-ui/core/styles/colorManipulator';
import { GRAPHIC_CONTRAST, readableColor } from './readableColor';
import { MUI_THEMES } from './__testUtils__/muiThemes';

describe.each(Object.entries(MUI_THEMES))(
  'readableColor in the %s theme',
  (_name, theme) => {
    const backgrounds = [
      theme.palette.background.paper,
      theme.palette.background.default,
    ];

    it('makes a colour readable as text, at least 4.5:1 on every background', () => {
      // The audit's figures: error.main 3.68:1 (light) / 2.72:1 (dark).
      const color = readableColor(theme, theme.palette.error.main);
      for (const bg of backgrounds) {
        expect(getContrastRatio(color, bg)).toBeGreaterThanOrEqual(4.5);
      }
    });

    it('makes marks at least 3:1 and leaves colours that already pass alone', () => {
      for (const bg of backgrounds) {
        expect(
          getContrastRatio(
            readableColor(theme, theme.palette.warning.main, GRAPHIC_CONTRAST),
            bg,
          ),
        ).toBeGreaterThanOrEqual(3);
      }
      expect(readableColor(theme, theme.palette.text.primary)).toBe(
        theme.palette.text.primary,
      );
    });

    it('gives the "Rolled back" chip and the low/high DORA bands white text at 4.5:1', () => {
      // error.dark / info.dark behind white (error.main was 3.68:1, info.main 3.12:1).
      expect(
        getContrastRatio('#fff', theme.palette.error.dark),
      ).toBeGreaterThanOrEqual(4.5);
      expect(
        getContrastRatio('#fff', theme.palette.info.dark),
      ).toBeGreaterThanOrEqual(4.5);
    });
  },
);
