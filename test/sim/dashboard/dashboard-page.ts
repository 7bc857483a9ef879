import type { DashboardSettings } from './page/dashboard-hass.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function escapeJsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The dashboard's HTML: a Lovelace-like column holding the card, fed by dashboard-hass.js. */
export function dashboardHtml(settings: DashboardSettings, userName: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(settings.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Home – Plaid Balance demo</title>
<style>
  body { margin: 0; font-family: Roboto, "Noto Sans", system-ui, sans-serif; background: var(--primary-background-color); color: var(--primary-text-color); }
  header { display: flex; align-items: center; gap: 16px; height: 56px; padding: 0 16px; background: var(--app-header-background-color); color: var(--app-header-text-color); font-size: 20px; }
  header .who { margin-left: auto; font-size: 14px; opacity: 0.85; }
  #connection-status { font-size: 12px; opacity: 0.8; }
  #cards { max-width: 460px; margin: 16px auto; padding: 0 8px; }
</style>
</head>
<body>
<header><span>Home</span><span id="connection-status">connecting…</span><span class="who">${escapeHtml(userName)}</span></header>
<main id="cards"></main>
<script type="application/json" id="dashboard-settings">${escapeJsonForScript(settings)}</script>
<script type="module" src="/local/plaid-balance-card.js"></script>
<script type="module" src="/dashboard/dashboard-hass.js"></script>
</body>
</html>`;
}
