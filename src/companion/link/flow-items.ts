import type { LinkSessionItemAddResult } from 'plaid';
import type { AccountsFormInput, FormStep } from '../../protocol/index.js';
import { accountsFormStep, duplicateItem } from './item-accounts-form.js';
import { itemHasLiabilities } from '../liabilities/account-due.js';
import { wantDueDates } from '../liabilities/due-dates.js';
import type { BalancePoller } from '../poll/balance-poller.js';
import type { LiabilitiesPoller } from '../poll/liabilities-poller.js';
import type { Clock } from '../poll/clock.js';
import type { Logger } from '../logger.js';
import type { PlaidAccount, PlaidClient } from '../plaid/plaid-client.js';
import { accountChoice, storedAccount } from '../plaid/plaid-accounts.js';
import { entityLabelFor } from '../entities/sensor-states.js';
import type { StateWriter } from '../entities/state-writer.js';
import type { StoredItem, TokenStore } from '../store/token-store.js';

/**
 * What a link flow does to the Items it touches, at Plaid, in the store and
 * in HA. The flow (link-flow.ts) decides when, and what a step shows.
 */
export interface FlowItemDeps {
  plaid: Pick<PlaidClient, 'exchangePublicToken' | 'getAccounts' | 'getInstitution'>;
  store: Pick<TokenStore, 'get' | 'put' | 'update' | 'items'>;
  writer: Pick<StateWriter, 'writeItem' | 'itemChanged'>;
  poller?: Pick<BalancePoller, 'add' | 'pollNow' | 'recordCall'>;
  /** Reads a new or reconnected Item's due dates at once (absent in the one-shot CLI). */
  liabilities?: Pick<LiabilitiesPoller, 'fetchNow'>;
  clock: Clock;
  log: Logger;
}

/**
 * Exchanges a linked Item's public token; the access token goes into the store before anything else can fail, so the
 * Item can always be removed at Plaid.
 */
export async function exchangeLinkResult(deps: FlowItemDeps, result: LinkSessionItemAddResult): Promise<string> {
  const { plaid, store, log, clock } = deps;
  const { access_token, item_id } = await plaid.exchangePublicToken(result.public_token);
  log.addSecret(access_token);
  await store.put({
    item_id,
    access_token,
    institution_id: result.institution?.institution_id ?? '',
    institution_name: result.institution?.name ?? '',
    entity_label: '',
    account_masks: [],
    configured: false,
    accounts: [],
    last_refreshed: null,
    status: 'ok',
    error: null,
    created_at: new Date(clock.now()).toISOString(),
  });
  return item_id;
}

/**
 * The accounts form for an exchanged Item, with Plaid's accounts it lists;
 * the Item learns its institution, masks and entity label on the way, and
 * whether its due dates are to be read (`dueDates`: the user asked). Null
 * when there is nothing to show: the Item was removed meanwhile (a Remove
 * from the card), the flow `ended` while Plaid answered, or Plaid has no accounts.
 */
export async function fetchAccountsForm(
  deps: FlowItemDeps,
  itemId: string,
  ended: () => boolean,
  dueDates = false,
): Promise<{ form: FormStep; accounts: PlaidAccount[] } | null> {
  const { plaid, store, poller } = deps;
  const item = store.get(itemId);
  if (!item) return null;
  poller?.recordCall(itemId);
  const response = await plaid.getAccounts(item.access_token);
  // Ended meanwhile: abort() already removed the Item, so there is nothing to update or show.
  if (ended() || response.accounts.length === 0) return null;
  let institutionId = item.institution_id || response.item.institution_id || '';
  let institutionName = item.institution_name || response.item.institution_name || '';
  if (institutionId && !institutionName) {
    institutionName = (await plaid.getInstitution(institutionId)).name;
  }
  if (!institutionId) institutionId = 'unknown';
  if (!institutionName) institutionName = 'Bank';
  const masks = response.accounts.map((a) => a.mask).filter((m): m is string => !!m);
  const others = store.items().filter((i) => i.configured && i.item_id !== itemId);
  const duplicate = duplicateItem(others, institutionId, masks);
  const label = entityLabelFor(institutionName, others);
  await store.update(itemId, (i) => {
    i.institution_id = institutionId;
    i.institution_name = institutionName;
    i.account_masks = masks;
    i.entity_label = label;
    // Asked for in the dialog, or consented at Link (PLAID_PRODUCTS): its due dates are read from now on.
    // Asked for at a bank without Liabilities, the first read says so (`not_supported`) in words.
    if (dueDates || itemHasLiabilities(response.item)) wantDueDates(i);
  });
  const choices = response.accounts.map((a) => accountChoice(a, label));
  const form = accountsFormStep(
    { item_id: itemId, institution_id: institutionId, institution_name: institutionName },
    choices,
    duplicate,
  );
  return { form, accounts: response.accounts };
}

/**
 * Stores the user's answer: the chosen accounts of `formAccounts` (the ones
 * the form listed), and the Item configured. Null when the Item was removed
 * meanwhile (a Remove from the card).
 */
export async function saveAccountChoices(
  deps: FlowItemDeps,
  itemId: string,
  input: AccountsFormInput,
  formAccounts: PlaidAccount[],
): Promise<StoredItem | null> {
  const { store, clock } = deps;
  const others = store.items().filter((i) => i.configured && i.item_id !== itemId);
  const before = store.get(itemId);
  if (!before) return null;
  const accounts = input.accounts.flatMap((choice) => {
    // The form was checked against its accounts, which are exactly formAccounts.
    const a = formAccounts.find((x) => x.account_id === choice.account_id);
    return a ? [storedAccount(a, choice)] : [];
  });
  const item = await store.update(itemId, (i) => {
    // A replaced item's label is free again, so the new one takes over its entity ids.
    i.entity_label = entityLabelFor(before.institution_name, others);
    i.accounts = accounts;
    i.configured = true;
    i.last_refreshed = new Date(clock.now()).toISOString();
  });
  return item ?? null;
}

/**
 * A reconnected Item: its error cleared, its balances polled and written again; with `addDueDates`
 * (update mode asked the user's consent to Liabilities) its due dates wanted and read at once. Null
 * when it no longer exists.
 */
export async function clearReconnectedItem(
  deps: FlowItemDeps,
  flowId: string,
  itemId: string | undefined,
  addDueDates = false,
): Promise<StoredItem | null> {
  const { store, writer, poller, liabilities, log } = deps;
  const before = itemId === undefined ? undefined : store.get(itemId);
  if (itemId === undefined || !before) return null;
  const cleared = await store.update(itemId, (i) => {
    i.status = 'ok';
    i.error = null;
    // Before the balance poll below, which would otherwise see the new consent and read them a second time.
    // A status from before the consent (`not_consented`, say) no longer holds: pending until the read.
    if (addDueDates && i.due_dates?.status !== 'ok') delete i.due_dates;
    if (addDueDates) wantDueDates(i);
  });
  if (cleared) await writer.itemChanged(before, cleared);
  log.info(addDueDates ? 'payment due dates added to an item' : 'item reconnected', {
    flow_id: flowId,
    item_id: itemId,
  });
  await poller?.pollNow(itemId);
  const item = store.get(itemId) ?? cleared;
  if (!item) return null;
  // Not awaited: the flow's ending must not wait on Plaid. Consent a plain reconnect added is the
  // balance poll's to notice (app.ts), so an Item that had none is not read twice.
  if (before.due_dates || addDueDates) void liabilities?.fetchNow(itemId);
  await writer.writeItem(item);
  return item;
}
