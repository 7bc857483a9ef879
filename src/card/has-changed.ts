import type { HassEntities } from 'home-assistant-js-websocket';

/** The parts of `hass` the card's output depends on besides its entities. */
export interface HassView {
  states: HassEntities;
  locale?: unknown;
  language?: string;
  themes?: unknown;
  selectedTheme?: unknown;
  user?: unknown;
  /** The entity registry's display entries: a sensor's display precision and the user's name for it live there. */
  entities?: unknown;
  /** The device registry: the user's name for a bank's device. */
  devices?: unknown;
  /** HA's core config: its time zone decides which due dates are near. */
  config?: unknown;
}

/**
 * HA hands every card a new `hass` on each state change anywhere in the house.
 * Entity objects that did not change keep their identity, so comparing our own
 * few ids by reference is enough and costs nothing with thousands of entities.
 */
export function hasHassChanged(
  oldHass: HassView | undefined,
  newHass: HassView,
  entityIds: readonly string[],
): boolean {
  if (!oldHass) return true;
  if (
    oldHass.locale !== newHass.locale ||
    oldHass.language !== newHass.language ||
    oldHass.themes !== newHass.themes ||
    oldHass.selectedTheme !== newHass.selectedTheme ||
    oldHass.user !== newHass.user ||
    oldHass.entities !== newHass.entities ||
    oldHass.devices !== newHass.devices ||
    oldHass.config !== newHass.config
  ) {
    return true;
  }
  for (const id of entityIds) {
    if (oldHass.states[id] !== newHass.states[id]) return true;
  }
  return false;
}
