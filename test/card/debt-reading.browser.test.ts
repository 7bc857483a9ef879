/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import type { HassEntities } from 'home-assistant-js-websocket';
import '../../src/card/plaid-balance-card.js';
import type { PlaidBalanceCard } from '../../src/card/card/card.js';
import type { LinkDialog } from '../../src/card/dialog/link-dialog.js';
import { showLinkDialog } from '../../src/card/dialog/show-link-dialog.js';
import { itemStates } from '../../src/companion/entities/sensor-states.js';
import type { StoredItem } from '../../src/companion/store/token-store.js';
import { FLOW_ID, FORM_STEP, happyCompanion } from './fixtures/fake-companion.js';
import { FRESH, fakeHass } from './fixtures/hass-fixture.js';
import { failOnConsoleErrors, stage } from './fixtures/page-fixtures.js';

failOnConsoleErrors();

/** The credit card of the dialog's form step, as the companion stores it once linked. */
const credit = FORM_STEP.type === 'form' ? FORM_STEP.data.accounts.find((a) => a.type === 'credit')! : null!;
const item: StoredItem = {
  item_id: 'item_new',
  access_token: 'access-sandbox-new',
  institution_id: 'ins_109508',
  institution_name: 'First Platypus Bank',
  entity_label: 'First Platypus Bank',
  account_masks: [credit.mask!],
  configured: true,
  accounts: [{ ...credit, kinds: ['current'] }],
  last_refreshed: FRESH,
  status: 'ok',
  error: null,
  created_at: FRESH,
};

const text = (el: Element | null | undefined): string =>
  (el?.textContent ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('a debt reads the same everywhere', () => {
  it('card row, link dialog and the sensor state HA shows: the positive amount owed', async () => {
    // The sensor as the companion writes it: what HA's more-info and history graph show.
    const states: HassEntities = {};
    for (const s of itemStates(item)) {
      states[s.entity_id] = {
        ...s,
        last_changed: FRESH,
        last_updated: FRESH,
        context: { id: s.entity_id, parent_id: null, user_id: null },
      } as HassEntities[string];
    }
    const sensor = states[credit.entity_ids.current!]!;
    expect(sensor.state).to.equal('410');

    const host = stage();
    const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
    card.setConfig({ type: 'custom:plaid-balance-card' });
    card.hass = fakeHass({ states });
    host.append(card);
    await card.updateComplete;
    const amount = card.shadowRoot!.querySelector('.row .amount');
    expect(text(amount)).to.equal('$410.00 owed');
    // Its text alternative (the row's accessible name is its content) says the same.
    expect(text(card.shadowRoot!.querySelector('.row'))).to.contain('$410.00 owed');
    expect(amount?.getAttribute('title')?.replace(/[\u00a0\u202f]/g, ' ')).to.equal('$410.00 owed');
    host.remove();

    const companion = happyCompanion();
    const dialog = (await showLinkDialog({
      hass: Object.assign(companion, { language: 'en' }),
      task: { mode: 'link' },
      responseTimeoutMs: 300,
      redirectUri: 'http://ha.local:8123/lovelace/money',
    })) as LinkDialog;
    await waitUntil(() => dialog.shadowRoot!.querySelector('.open-plaid'));
    companion.emitStep(FLOW_ID, FORM_STEP);
    await waitUntil(() => dialog.shadowRoot!.querySelector('.form'));
    await dialog.updateComplete;
    const row = dialog.shadowRoot!.querySelector(`li[data-account="${credit.account_id}"] .amount`);
    expect(text(row)).to.equal('$410.00 owed');
    dialog.remove();
  });

  it('in German, with one word for it in the row and the totals', async () => {
    const states: HassEntities = {};
    for (const s of itemStates(item)) {
      states[s.entity_id] = { ...s, last_changed: FRESH, last_updated: FRESH } as HassEntities[string];
    }
    const host = stage();
    const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
    card.setConfig({ type: 'custom:plaid-balance-card' });
    card.hass = fakeHass({ states, language: 'de' });
    host.append(card);
    await card.updateComplete;
    expect(text(card.shadowRoot!.querySelector('.row .amount'))).to.equal('410,00 $ offen');
    expect(text(card.shadowRoot!.querySelector('.totals .split'))).to.equal('0,00 $ Vermögen · 410,00 $ offen');
    host.remove();
  });
});
