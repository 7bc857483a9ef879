import type { HomeAssistant, LovelaceCardConfig, LovelaceCardEditor } from 'custom-card-helpers';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { CARD_DEFAULTS, GROUP_BY_OPTIONS, SHOW_OPTIONS, parseCardConfig, type CardConfig } from '../card-config.js';
import { EDITOR_TAG } from '../const.js';
import { isDarkMode } from '../dark-mode.js';
import { languageOf, makeLocalize } from '../localize.js';
import { formStyles } from '../shared-styles.js';
import { TREND_OPTIONS } from '../trend/period.js';

type EditableKey = 'title' | 'entities' | 'show' | 'group_by' | 'total' | 'privacy' | 'stale_after' | 'trend';

/**
 * Plain inputs on purpose: HA's ha-form is internal and changes between
 * releases. Every edit goes through the card's own schema before HA sees it,
 * so the editor can never produce a config the card would reject.
 */
export class PlaidBalanceCardEditor extends LitElement implements LovelaceCardEditor {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _error: { state: true },
  };

  hass?: HomeAssistant;
  /** Kept even when it does not validate, so an edit never drops what the user typed in YAML. */
  private _config?: CardConfig;
  private _error: string | null = null;

  setConfig(config: LovelaceCardConfig): void {
    try {
      this._config = parseCardConfig(config).config;
      this._error = null;
    } catch (err) {
      this._config = config as CardConfig;
      this._error = (err as Error).message;
    }
  }

  #update(key: EditableKey, value: unknown): void {
    if (!this._config) return;
    const next: Record<string, unknown> = { ...this._config };
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
    try {
      const { config } = parseCardConfig(next);
      this._config = config;
      this._error = null;
      this.dispatchEvent(new CustomEvent('config-changed', { detail: { config }, bubbles: true, composed: true }));
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  #value(e: Event): string {
    return (e.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
  }

  protected override render(): TemplateResult | typeof nothing {
    const config = this._config;
    if (!config) return nothing;
    const t = makeLocalize(languageOf(this.hass));
    return html`
      <div class="form" style=${this.hass && isDarkMode(this.hass) ? 'color-scheme: dark' : nothing}>
        <label>
          <span>${t('editor.title')}</span>
          <input name="title" type="text" .value=${config.title ?? ''} @change=${(e: Event) => this.#update('title', this.#value(e))} />
        </label>
        <label>
          <span>${t('editor.entities')}</span>
          <textarea
            name="entities"
            rows="3"
            .value=${(config.entities ?? []).join('\n')}
            @change=${(e: Event) => {
              const ids = this.#value(e)
                .split(/[\s,]+/)
                .filter(Boolean);
              this.#update('entities', ids.length ? ids : undefined);
            }}
          ></textarea>
        </label>
        <div class="pair">
          <label>
            <span>${t('editor.show')}</span>
            <select name="show" @change=${(e: Event) => this.#update('show', this.#value(e))}>
              ${SHOW_OPTIONS.map(
                (o) => html`<option value=${o} ?selected=${(config.show ?? CARD_DEFAULTS.show) === o}>${t(`editor.show_${o}`)}</option>`,
              )}
            </select>
          </label>
          <label>
            <span>${t('editor.group_by')}</span>
            <select name="group_by" @change=${(e: Event) => this.#update('group_by', this.#value(e))}>
              ${GROUP_BY_OPTIONS.map(
                (o) =>
                  html`<option value=${o} ?selected=${(config.group_by ?? CARD_DEFAULTS.group_by) === o}>${t(`editor.group_by_${o}`)}</option>`,
              )}
            </select>
          </label>
        </div>
        <label>
          <span>${t('editor.stale_after')}</span>
          <input
            name="stale_after"
            type="text"
            placeholder=${CARD_DEFAULTS.stale_after}
            .value=${config.stale_after ?? ''}
            @change=${(e: Event) => this.#update('stale_after', this.#value(e).trim())}
          />
        </label>
        <label>
          <span>${t('editor.trend')}</span>
          <select name="trend" @change=${(e: Event) => this.#update('trend', this.#value(e))}>
            ${TREND_OPTIONS.map(
              (o) =>
                html`<option value=${o} ?selected=${(config.trend ?? '30d') === o}>${t(o === 'none' ? 'editor.trend_none' : `card.trend_${o}`)}</option>`,
            )}
          </select>
        </label>
        <label class="check">
          <input
            name="total"
            type="checkbox"
            .checked=${config.total ?? CARD_DEFAULTS.total}
            @change=${(e: Event) => this.#update('total', (e.target as HTMLInputElement).checked)}
          />
          <span>${t('editor.total')}</span>
        </label>
        <label class="check">
          <input
            name="privacy"
            type="checkbox"
            .checked=${config.privacy ?? CARD_DEFAULTS.privacy}
            @change=${(e: Event) => this.#update('privacy', (e.target as HTMLInputElement).checked)}
          />
          <span>${t('editor.privacy')}</span>
        </label>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      </div>
    `;
  }

  static override styles = [
    formStyles,
    css`
      .form {
        display: flex;
        flex-direction: column;
        gap: 12px;
        font-family: var(--ha-font-family-body, Roboto, 'Noto Sans', sans-serif);
        color: var(--primary-text-color, #212121);
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 14px;
        color: var(--secondary-text-color, #727272);
      }
      label.check {
        flex-direction: row;
        align-items: center;
        gap: 10px;
        color: var(--primary-text-color, #212121);
      }
      .pair {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 12px;
      }
      textarea {
        font-family: var(--ha-font-family-code, ui-monospace, monospace);
        font-size: 13px;
        resize: vertical;
      }
      .error {
        margin: 0;
        color: var(--error-color, #db4437);
        font-size: 14px;
      }
    `,
  ];
}

if (!customElements.get(EDITOR_TAG)) customElements.define(EDITOR_TAG, PlaidBalanceCardEditor);

declare global {
  interface HTMLElementTagNameMap {
    [EDITOR_TAG]: PlaidBalanceCardEditor;
  }
}
