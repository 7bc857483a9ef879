/**
 * Runs in the dashboard page: builds the `hass` object a Lovelace card gets
 * from the real HA frontend, on the real home-assistant-js-websocket client,
 * and hands a new one to the card on every change, as HA does.
 */
import {
  callService,
  createConnection,
  createLongLivedTokenAuth,
  getConfig,
  getUser,
  subscribeEntities,
  type Connection,
  type HassConfig,
  type HassEntities,
  type HassServiceTarget,
  type HassUser,
  type MessageBase,
} from 'home-assistant-js-websocket';
import { HA_THEMES } from './ha-themes.js';

export interface DashboardSettings {
  token: string;
  theme: 'light' | 'dark';
  language: string;
  card: Record<string, unknown>;
}

interface LovelaceCard extends HTMLElement {
  hass: unknown;
  setConfig(config: Record<string, unknown>): void;
}

function applyTheme(theme: 'light' | 'dark'): void {
  for (const [name, value] of Object.entries(HA_THEMES[theme])) {
    document.documentElement.style.setProperty(name, value);
  }
  document.documentElement.style.colorScheme = theme;
}

function buildHass(
  connection: Connection,
  settings: DashboardSettings,
  user: HassUser,
  config: HassConfig,
  states: HassEntities,
) {
  return {
    auth: { data: { hassUrl: location.origin } },
    connection,
    connected: connection.connected,
    states,
    user,
    config,
    language: settings.language,
    selectedLanguage: settings.language,
    locale: {
      language: settings.language,
      number_format: 'language',
      time_format: 'language',
      date_format: 'language',
      first_weekday: 'language',
      time_zone: 'local',
    },
    themes: {
      default_theme: 'default',
      default_dark_theme: null,
      themes: {},
      darkMode: settings.theme === 'dark',
      theme: 'default',
    },
    selectedTheme: null,
    callWS: <T>(message: MessageBase) => connection.sendMessagePromise<T>(message),
    callService: (domain: string, service: string, data?: object, target?: HassServiceTarget) =>
      callService(connection, domain, service, data, target),
  };
}

function setStatus(text: string): void {
  const status = document.getElementById('connection-status');
  if (status) status.textContent = text;
}

async function start(): Promise<void> {
  const settings = JSON.parse(document.getElementById('dashboard-settings')!.textContent!) as DashboardSettings;
  applyTheme(settings.theme);
  const connection = await createConnection({ auth: createLongLivedTokenAuth(location.origin, settings.token) });
  let [user, config] = await Promise.all([getUser(connection), getConfig(connection)]);
  await customElements.whenDefined('plaid-balance-card');
  const card = document.createElement('plaid-balance-card') as LovelaceCard;
  card.setConfig(settings.card);
  let states: HassEntities = {};
  const publish = () => {
    card.hass = buildHass(connection, settings, user, config, states);
  };
  subscribeEntities(connection, (next) => {
    states = next;
    publish();
  });
  connection.addEventListener('ready', async () => {
    [user, config] = await Promise.all([getUser(connection), getConfig(connection)]);
    setStatus('connected');
    publish();
  });
  connection.addEventListener('disconnected', () => setStatus('reconnecting…'));
  document.getElementById('cards')!.append(card);
  setStatus('connected');
}

start().catch((err: unknown) => {
  setStatus(`cannot connect: ${err instanceof Error ? err.message : String(err)}`);
});
