/**
 * The demo HA's `frontend: themes:` (configuration.yaml): one user theme
 * besides HA's default, dark only (`modes: {dark}`), so picking it on the
 * profile page switches the frontend to dark mode and its own colours.
 */
import type { ThemeConfig } from '../ha/ha-server.js';

export const MIDNIGHT_THEME = 'Midnight';

/** What the card and dialog read from it, as the browser computes them. */
export const MIDNIGHT_COLOURS = { card: 'rgb(21, 27, 51)', text: 'rgb(232, 234, 246)' };

export const DEMO_THEMES: Record<string, ThemeConfig> = {
  [MIDNIGHT_THEME]: {
    'primary-color': '#7e57c2',
    'accent-color': '#ffb74d',
    modes: {
      dark: {
        'primary-background-color': '#0b1021',
        'secondary-background-color': '#151b33',
        'card-background-color': '#151b33',
        'ha-card-background': '#151b33',
        'ha-dialog-surface-background': '#151b33',
        'primary-text-color': '#e8eaf6',
        'secondary-text-color': '#9fa8da',
        'app-header-background-color': '#151b33',
        'sidebar-background-color': '#0b1021',
      },
    },
  },
};
