import { html, nothing, type TemplateResult } from 'lit';
import { isLiabilityType, type AccountChoice, type FormStep } from '../../protocol/index.js';
import { formatMoney } from '../currency-format.js';
import {
  formInput,
  isIncluded,
  offeredKinds,
  rename,
  setAll,
  setIncluded,
  setKind,
  type DuplicateChoice,
  type Selection,
} from './accounts-form.js';
import { duplicate } from './duplicate.js';
import { entityIdText, kindLabel } from './entity-id-text.js';
import { closeButton, page, type StepContext } from './page.js';

/** The accounts form's state, kept by the dialog element so a re-render keeps it. */
export interface FormState {
  selection: Selection;
  duplicate: DuplicateChoice;
  /** Applied to the selection as it is when the event fires, not as it was rendered. */
  change(edit: (selection: Selection) => Selection): void;
  setDuplicate(choice: DuplicateChoice): void;
}

const value = (e: Event): HTMLInputElement => e.target as HTMLInputElement;

/** The account's balance as the card's row reads it: a debt is the amount owed (see balance-row.ts). */
function balanceText(account: AccountChoice, t: StepContext['t'], money: (n: number | null) => string): string {
  if (isLiabilityType(account.type) && account.current !== null) {
    return t('dialog.form_owed', { amount: money(account.current) });
  }
  return money(account.current ?? account.available);
}

/**
 * One line per account, like HA's entity pickers: a tick, the name (editable
 * in place), the balance; its sensors only while it is chosen, and only the
 * balance kinds Plaid reports.
 */
function accountRow(
  ctx: StepContext,
  form: FormState,
  account: AccountChoice,
  error: string | undefined,
): TemplateResult {
  const { t } = ctx;
  const id = account.account_id;
  const choice = form.selection.get(id);
  const included = isIncluded(form.selection, id);
  const money = (n: number | null): string =>
    n === null ? '—' : formatMoney(n, account.currency, { language: ctx.language });
  return html`<li class="account ${included ? '' : 'excluded'}" data-account=${id}>
    <input type="checkbox" class="include" aria-label=${account.name} .checked=${included}
      @change=${(e: Event) => form.change((s) => setIncluded(s, account, value(e).checked))} />
    <span class="account-name">
      <input type="text" maxlength="100" aria-label=${t('dialog.form_name')} .value=${choice?.name ?? account.name}
        @input=${(e: Event) => form.change((s) => rename(s, id, value(e).value))} />
      ${account.mask ? html`<span class="mask">••${account.mask}</span>` : nothing}
    </span>
    <span class="amount">${balanceText(account, t, money)}</span>
    ${
      included
        ? offeredKinds(account).map(
            (kind) => html`<label class="kind">
            <input type="checkbox" name=${`${id}:${kind}`} .checked=${choice?.kinds.has(kind) ?? false}
              @change=${(e: Event) => form.change((s) => setKind(s, id, kind, value(e).checked))} />
            <span>${kindLabel(t, kind)} ${money(account[kind])}</span>
            <code class="entity-id">${entityIdText(account.entity_ids[kind])}</code>
          </label>`,
          )
        : nothing
    }
    ${error ? html`<p class="error-text">${error}</p>` : nothing}
  </li>`;
}

/** `form`: which accounts and balances become sensors (and, for a bank linked twice, which connection stays). */
export function stepForm(ctx: StepContext, step: FormStep, busy: boolean, form: FormState): TemplateResult {
  const { t, flow } = ctx;
  const { data, errors } = step;
  const input = formInput(step, form.selection, form.duplicate);
  const keeping = data.duplicate_of !== null && form.duplicate === 'keep_existing';
  const nothingChosen = input.accounts.length === 0 && !keeping;
  const all = (on: boolean) => () => form.change((s) => setAll(s, data.accounts, on));
  return page(
    'form',
    html`${
      data.duplicate_of
        ? duplicate(ctx, data.duplicate_of.institution_name, form.duplicate, form.setDuplicate)
        : nothing
    }
      ${
        keeping
          ? nothing
          : html`<p>${t('dialog.form_intro')}</p>
            ${errors.base ? html`<p class="error-text">${errors.base}</p>` : nothing}
            ${
              data.accounts.length
                ? html`<div class="select">
                    <button class="btn small select-all" @click=${all(true)}>${t('dialog.form_all')}</button>
                    <button class="btn small select-none" @click=${all(false)}>${t('dialog.form_none')}</button>
                  </div>
                  <ul class="accounts">${data.accounts.map((a) => accountRow(ctx, form, a, errors[a.account_id]))}</ul>
                  ${nothingChosen ? html`<p class="hint">${t('dialog.form_none_selected')}</p>` : nothing}`
                : html`<p>${t('dialog.form_no_accounts')}</p>`
            }`
      }`,
    html`${closeButton(ctx)}
      <button class="btn filled submit" ?disabled=${busy || nothingChosen} @click=${() => flow.configure(input)}>
        ${keeping ? t('dialog.duplicate_keep') : t('dialog.form_submit')}
      </button>`,
  );
}
