import { createTheme } from '@material-ui/core/styles';

/**
 * Backstage's light and dark backgrounds (@backstage/theme), with Material
 * UI's status colours, as in the app.
 */
export const MUI_THEMES = {
  light: createTheme({
    palette: {
      type: 'light',
      background: { paper: '#FFFFFF', default: '#F8F8F8' },
    },
  }),
  dark: createTheme({
    palette: {
      type: 'dark',
      background: { paper: '#424242', default: '#333333' },
    },
  }),
};
