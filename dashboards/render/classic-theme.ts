/**
 * The ui_base of a generated project: node-red-dashboard's light theme as its editor writes it. The runtime reads
 * `theme.themeState` (the title bar color for the web app manifest) as soon as the node deploys, so it must be whole.
 */
const FONT = '-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Oxygen-Sans,Ubuntu,Cantarell,Helvetica Neue,sans-serif';
const BASE = '#0094CE';

const state = (value: string) => ({ value, edited: false });

export function classicTheme(): Record<string, unknown> {
  return {
    name: 'theme-light',
    lightTheme: { default: BASE, baseColor: BASE, baseFont: FONT, edited: false },
    darkTheme: { default: '#097479', baseColor: '#097479', baseFont: FONT, edited: false },
    customTheme: { name: 'Untitled Theme 1', default: '#4B7930', baseColor: '#4B7930', baseFont: FONT },
    themeState: {
      'base-color': { default: BASE, value: BASE, edited: false },
      'page-titlebar-backgroundColor': state(BASE),
      'page-backgroundColor': state('#fafafa'),
      'page-sidebar-backgroundColor': state('#ffffff'),
      'group-textColor': state('#1bbfff'),
      'group-borderColor': state('#ffffff'),
      'group-backgroundColor': state('#ffffff'),
      'widget-textColor': state('#111111'),
      'widget-backgroundColor': state('#0094ce'),
      'widget-borderColor': state('#ffffff'),
      'base-font': { value: FONT },
    },
    angularTheme: { primary: 'indigo', accents: 'blue', warn: 'red', background: 'grey', palette: 'light' },
  };
}

export const CLASSIC_SIZES = { sx: 48, sy: 48, gx: 6, gy: 6, cx: 6, cy: 6, px: 0, py: 0 };
