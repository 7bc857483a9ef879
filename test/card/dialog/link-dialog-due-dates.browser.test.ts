/// <reference types="mocha" />
// The link dialog's payment due dates (issue #33): the checkbox on a new link's
// first step, before Plaid opens, remembered for the next link and disabled with
// words for a companion before 0.3.0; and, in the list of linked banks, "Add
// payment due dates" for a bank without them and the words for one that cannot.
import { expect, waitUntil } from '@open-wc/testing';
import { DUE_DATES_CONSENT_KEY } from '../../../src/card/dialog/due-dates-memory.js';
import type { LinkDialog } from '../../../src/card/dialog/link-dialog.js';
import type { LinkTask } from '../../../src/card/dialog/dialog-flow.js';
import { showLinkDialog } from '../../../src/card/dialog/show-link-dialog.js';
import type { ItemSummary } from '../../../src/protocol/index.js';
import { failOnConsoleErrors, screenshot } from '../fixtures/page-fixtures.js';
import { FLOW_ID, FakeCompanion, happyCompanion } from '../fixtures/fake-companion.js';

failOnConsoleErrors();

afterEach(() => {
  document.querySelectorAll('plaid-balance-link-dialog').forEach((d) => d.remove());
  localStorage.removeItem(DUE_DATES_CONSENT_KEY);
});

function companionOf(release: string, companion = happyCompanion()): FakeCompanion {
  companion.handlers.ping = () => ({ version: release, items: 1 });
  return companion;
}

async function open(companion: FakeCompanion, task: LinkTask, language = 'en'): Promise<LinkDialog> {
  return (await showLinkDialog({
    hass: Object.assign(companion, { language }),
    task,
    responseTimeoutMs: 300,
    redirectUri: 'http://ha.local:8123/lovelace/money',
  })) as LinkDialog;
}

const root = (dialog: LinkDialog): ShadowRoot => dialog.shadowRoot!;
const body = (dialog: LinkDialog): string => root(dialog).textContent!.replace(/\s+/g, ' ').trim();

async function showing(dialog: LinkDialog, selector: string): Promise<HTMLElement> {
  await waitUntil(() => root(dialog).querySelector(selector), `waiting for ${selector}`, { timeout: 3000 });
  await dialog.updateComplete;
  return root(dialog).querySelector(selector) as HTMLElement;
}

const starts = (companion: FakeCompanion) => companion.requests.filter((r) => r.action === 'flow/start');

describe('link dialog: payment due dates on a new link', () => {
  it('asks before Plaid opens, sends the answer, and remembers it for the next link', async () => {
    const companion = companionOf('0.3.0');
    const dialog = await open(companion, { mode: 'link' });
    const box = (await showing(dialog, '.due-dates input')) as HTMLInputElement;
    expect(body(dialog)).to.contain(
      "Also fetch payment due dates (Plaid Liabilities: free on Plaid's Trial plan, " +
        'billed per bank per month otherwise)',
    );
    expect([box.checked, box.disabled]).to.deep.equal([false, false]);
    expect(root(dialog).querySelector('.open-plaid')).to.not.equal(null);
    box.click();
    await waitUntil(() => starts(companion).length === 2, 'a link asking for them');
    const second = starts(companion)[1]!;
    expect(second.action === 'flow/start' && second.due_dates).to.equal(true);
    expect(companion.actions()).to.include('flow/abort');
    await showing(dialog, '.open-plaid');
    expect((root(dialog).querySelector('.due-dates input') as HTMLInputElement).checked).to.equal(true);
    await screenshot('dialog-due-dates-consent');
    expect(localStorage.getItem(DUE_DATES_CONSENT_KEY)).to.equal('true');
    await dialog.closeDialog();

    const next = companionOf('0.3.0');
    const again = await open(next, { mode: 'link' });
    expect(((await showing(again, '.due-dates input')) as HTMLInputElement).checked).to.equal(true);
    const first = starts(next)[0]!;
    expect(first.action === 'flow/start' && first.due_dates).to.equal(true);
    await again.closeDialog();
  });

  it('shows the checkbox disabled to a companion before 0.3.0, saying to update it', async () => {
    localStorage.setItem(DUE_DATES_CONSENT_KEY, 'true');
    const companion = companionOf('0.2.0');
    const dialog = await open(companion, { mode: 'link' }, 'de');
    const box = (await showing(dialog, '.due-dates input')) as HTMLInputElement;
    expect([box.checked, box.disabled]).to.deep.equal([false, true]);
    expect(body(dialog)).to.contain('Aktualisiere den Companion auf 0.3.0');
    expect('due_dates' in starts(companion)[0]!).to.equal(false);
    await screenshot('dialog-due-dates-old-companion');
    await dialog.closeDialog();
  });

  it('offers no checkbox when reconnecting', async () => {
    const dialog = await open(companionOf('0.3.0'), { mode: 'reconnect', itemId: 'item_1', institution: 'Chase' });
    await showing(dialog, '.open-plaid');
    expect(root(dialog).querySelector('.due-dates')).to.equal(null);
    await dialog.closeDialog();
  });
});

describe('link dialog: payment due dates in the list of linked banks', () => {
  const item = (id: string, name: string, due: Partial<ItemSummary>): ItemSummary => ({
    item_id: id,
    institution_id: 'ins_1',
    institution_name: name,
    status: 'ok',
    error: null,
    last_refreshed: null,
    entities: [],
    ...due,
  });

  it('offers them for a bank without them, and says why another has none', async () => {
    const companion = companionOf('0.3.0');
    companion.handlers['items/list'] = () => ({
      items: [
        item('item_chase', 'Chase', { due_dates: null, due_dates_message: null }),
        item('item_tartan', 'Tartan Bank', {
          due_dates: 'not_supported',
          due_dates_message: 'Payment due dates are unavailable: Tartan Bank does not share them through Plaid. …',
        }),
        item('item_ok', 'First Platypus Bank', { due_dates: 'ok', due_dates_message: null }),
      ],
    });
    const dialog = await open(companion, { mode: 'manage' });
    await showing(dialog, '.manage');
    expect(root(dialog).querySelectorAll('.add-due-dates')).to.have.length(1);
    const tartan = root(dialog).querySelector('li[data-item="item_tartan"]')!;
    expect(tartan.textContent!.replace(/\s+/g, ' ')).to.contain(
      'Payment due dates are unavailable: Tartan Bank does not share them through Plaid. Balances are not affected.',
    );
    await screenshot('dialog-manage-due-dates');
    (root(dialog).querySelector('li[data-item="item_chase"] .add-due-dates') as HTMLElement).click();
    await showing(dialog, '.open-plaid');
    expect(root(dialog).querySelector('h2')!.textContent).to.equal('Payment due dates for Chase');
    const start = starts(companion)[0]!;
    expect(start.action === 'flow/start' && [start.mode, start.item_id]).to.deep.equal(['add_due_dates', 'item_chase']);
    companion.emitStep(FLOW_ID, {
      type: 'create_entry',
      result: { item_id: 'item_chase', institution_name: 'Chase', entities: [] },
    });
    await showing(dialog, '.due-dates-added');
    expect(body(dialog)).to.contain('Plaid now shares the payment due dates of Chase');
    await dialog.closeDialog();
  });

  it('offers nothing to add from a companion before 0.3.0, which names no status', async () => {
    const companion = companionOf('0.2.0', new FakeCompanion());
    companion.handlers['items/list'] = () => ({ items: [item('item_chase', 'Chase', {})] });
    const dialog = await open(companion, { mode: 'manage' });
    await showing(dialog, '.manage');
    expect(root(dialog).querySelector('.add-due-dates')).to.equal(null);
    expect(root(dialog).querySelector('.due-note')).to.equal(null);
    await dialog.closeDialog();
  });
});
