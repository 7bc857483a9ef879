/**
 * The naive baseline: a minimal Lit card reading the same sensors the way a
 * first attempt would — no `shouldUpdate`, so every `hass` update anywhere in
 * the house re-renders it, and it finds its sensors by scanning `hass.states`
 * for the companion's marker on every render. Formatting is cached (one
 * Intl.NumberFormat per currency), so it is not a strawman.
 */
import { LitElement, css, html } from 'lit';
import { money, sensorsByBank, type Entity } from './naive-sensors.js';

export class NaiveBalanceCard extends LitElement {
  static override properties = { hass: { attribute: false }, _config: { state: true } };

  hass?: { states: Record<string, Entity>; locale?: { language?: string } };
  private _config?: Record<string, unknown>;

  setConfig(config: Record<string, unknown>): void {
    this._config = config;
  }

  protected override render() {
    if (!this.hass || !this._config) return html``;
    const language = this.hass.locale?.language ?? 'en';
    const { groups } = sensorsByBank(this.hass.states);
    return html`<ha-card>
      <h1 class="title">Bank balances</h1>
      ${[...groups].map(
        ([name, list]) => html`<section>
          <div class="group-title">${name}</div>
          ${list.map(
            (e) => html`<div class="row">
              <span class="name">${e.attributes.account_name}</span>
              <span class="mask">••${e.attributes.mask}</span>
              <span class="amount">${money(Number(e.state), String(e.attributes.unit_of_measurement), language)}</span>
            </div>`,
          )}
        </section>`,
      )}
    </ha-card>`;
  }

  static override styles = css`
    ha-card { display: block; padding: 8px 0; }
    .title { margin: 0; padding: 12px 16px 4px; font-size: 20px; font-weight: 400; }
    .group-title { padding: 4px 16px; font-size: 13px; text-transform: uppercase; }
    .row { display: flex; gap: 8px; padding: 6px 16px; }
    .name { flex: 1; }
    .amount { font-variant-numeric: tabular-nums; }
  `;
}

customElements.define('naive-balance-card', NaiveBalanceCard);
