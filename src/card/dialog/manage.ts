import { html, nothing, type TemplateResult } from 'lit';
import type { ItemSummary } from '../../protocol/index.js';
import { needsReconnect } from '../accounts.js';
import { itemStatusBadge } from '../item-status-badge.js';
import { closeButton, page, waiting, type StepContext } from './page.js';

/** The linked banks, each with Reconnect (when its login needs it) and Remove. */
export function manage(ctx: StepContext, items: ItemSummary[] | null): TemplateResult {
  const { t, flow } = ctx;
  if (!items) return waiting(t('dialog.manage_loading'));
  return page(
    'manage',
    items.length
      ? html`<ul class="items">
          ${items.map((item) => {
            const badge = itemStatusBadge(item.status, t);
            return html`<li data-item=${item.item_id}>
              <span class="item-name">${item.institution_name}</span>
              ${badge ? html`<span class="badge ${badge.kind}">${badge.text}</span>` : nothing}
              <span class="item-actions">
                ${
                  needsReconnect(item.status)
                    ? html`<button class="btn small filled reconnect" @click=${() => flow.reconnect(item)}
                        >${t('card.reconnect')}</button>`
                    : nothing
                }
                <button class="btn small danger remove" @click=${() => flow.askRemove(item)}
                  >${t('card.remove')}</button>
              </span>
            </li>`;
          })}
        </ul>`
      : html`<p>${t('dialog.manage_empty')}</p>`,
    closeButton(ctx),
  );
}
