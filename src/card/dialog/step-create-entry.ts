import { html, type TemplateResult } from 'lit';
import type { CreateEntryStep } from '../../protocol/index.js';
import { formatMoney } from '../currency-format.js';
import { entityIdText, kindLabel } from './entity-id-text.js';
import { doneButton, page, type StepContext } from './page.js';

/** `create_entry`: the bank is linked; the sensors it made, with their first values. Or its due dates were added. */
export function stepCreateEntry(ctx: StepContext, step: CreateEntryStep): TemplateResult {
  const { t } = ctx;
  const { result } = step;
  const amount = (state: number | null, unit: string) =>
    state === null ? '—' : formatMoney(state, unit, { language: ctx.language });
  if (ctx.flow.task.mode === 'add_due_dates') {
    // The balances are as they were; the due sensors follow the first read of Liabilities.
    return page(
      'created due-dates-added',
      html`<h3>${t('dialog.due_dates_added_title', { institution: result.institution_name })}</h3>
        <p>${t('dialog.due_dates_added_body')}</p>`,
      doneButton(ctx),
    );
  }
  const title = ctx.flow.task.mode === 'reconnect' ? 'dialog.reconnected_title' : 'dialog.created_title';
  return page(
    'created',
    html`<h3>${t(title, { institution: result.institution_name })}</h3>
      <p>${t('dialog.created_body')}</p>
      <ul class="entities">
        ${result.entities.map(
          (e) => html`<li>
            <div class="entity-main">
              <span>${e.account_name} · ${kindLabel(t, e.balance_kind)}</span>
              <code class="entity-id">${entityIdText(e.entity_id)}</code>
            </div>
            <span class="amount">${amount(e.state, e.unit_of_measurement)}</span>
          </li>`,
        )}
      </ul>`,
    doneButton(ctx),
  );
}
