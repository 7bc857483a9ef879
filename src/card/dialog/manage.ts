import { html, nothing, type TemplateResult } from 'lit';
import type { ItemSummary } from '../../protocol/index.js';
import { needsReconnect } from '../accounts.js';
import { itemStatusBadge } from '../item-status-badge.js';
import { itemDueDates } from './item-due-dates.js';
import { closeButton, page, waiting, type StepContext } from './page.js';

/**
 * The linked banks, each with Reconnect (when its login needs it), Add payment
 * due dates (when it has none and could), and Remove; a bank whose due dates
 * are missing or late says why.
 */
export function manage(ctx: StepContext, items: ItemSummary[] | null): TemplateResult {
  const { t, flow } = ctx;
  if (!items) return waiting(t('dialog.manage_loading'));
  return page(
    'manage',
    items.length
      ? html`<ul class="items">
          ${items.map((item) => {
            const badge = itemStatusBadge(item.status, t);
            const due = itemDueDates(item);
            return html`<li data-item=${item.item_id}>
              <span class="item-name">${item.institution_name}</span>
              ${badge ? html`<span class="badge ${badge.kind}">${badge.text}</span>` : nothing}
              <span class="item-actions">
                ${
                  due.canAdd
                    ? html`<button class="btn small add-due-dates" @click=${() => flow.addDueDates(item)}
                        >${t('dialog.due_dates_add')}</button>`
                    : nothing
                }
                ${
                  needsReconnect(item.status)
                    ? html`<button class="btn small filled reconnect" @click=${() => flow.reconnect(item)}
                        >${t('card.reconnect')}</button>`
                    : nothing
                }
                <button class="btn small danger remove" @click=${() => flow.askRemove(item)}
                  >${t('card.remove')}</button>
              </span>
              ${
                due.note
                  ? html`<p class="due-note">
                    ${t(due.note, { institution: item.institution_name })}
                    ${due.detail ? html`<span class="detail">${due.detail}</span>` : nothing}
                  </p>`
                  : nothing
              }
            </li>`;
          })}
        </ul>`
      : html`<p>${t('dialog.manage_empty')}</p>`,
    closeButton(ctx),
  );
}
