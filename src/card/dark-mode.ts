/**
 * HA's `themes`, for its `darkMode` flag so native controls (checkboxes,
 * selects) follow the theme: CSS variables alone leave them light.
 * custom-card-helpers' `Themes` type predates that flag.
 */
export interface ThemeSource {
  themes?: unknown;
}

export function isDarkMode(hass: ThemeSource): boolean {
  return (hass.themes as { darkMode?: unknown } | undefined)?.darkMode === true;
}
