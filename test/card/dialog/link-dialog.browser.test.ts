/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { LinkDialog } from '../../../src/card/dialog/link-dialog.js';
import type { LinkTask } from '../../../src/card/dialog/dialog-flow.js';
import { showLinkDialog } from '../../../src/card/dialog/show-link-dialog.js';
import type { FlowStep } from '../../../src/protocol/index.js';
import { DARK_THEME, applyTheme, clearTheme, failOnConsoleErrors, screenshot } from '../fixtures/page-fixtures.js';
import {
  CREATE_ENTRY_STEP,
  FLOW_ID,
  FORM_STEP,
  FakeCompanion,
  HOSTED_LINK_URL,
  happyCompanion,
} from '../fixtures/fake-companion.js';

failOnConsoleErrors();

let opened: string[] = [];
const realOpen = window.open;

beforeEach(() => {
  opened = [];
  window.open = ((url?: string | URL) => {
    opened.push(String(url));
    return null;
  }) as typeof window.open;
  applyTheme(document.body, { '--primary-background-color': '#fafafa' });
});

afterEach(() => {
  window.open = realOpen;
  document.querySelectorAll('plaid-balance-link-dialog').forEach((d) => d.remove());
  clearTheme(document.body);
  clearTheme(document.documentElement);
});

async function open(
  companion: FakeCompanion,
  task: LinkTask = { mode: 'link' },
  responseTimeoutMs = 300,
): Promise<LinkDialog> {
  return (await showLinkDialog({
    hass: Object.assign(companion, { language: 'en' }),
    task,
    responseTimeoutMs,
    redirectUri: 'http://ha.local:8123/lovelace/money',
  })) as LinkDialog;
}

function root(dialog: LinkDialog): ShadowRoot {
  return dialog.shadowRoot!;
}

function body(dialog: LinkDialog): string {
  return root(dialog).textContent!.replace(/\s+/g, ' ').trim();
}

async function showing(dialog: LinkDialog, selector: string): Promise<HTMLElement> {
  await waitUntil(() => root(dialog).querySelector(selector), `waiting for ${selector}`, { timeout: 3000 });
  await dialog.updateComplete;
  return root(dialog).querySelector(selector) as HTMLElement;
}

async function emit(dialog: LinkDialog, companion: FakeCompanion, step: FlowStep): Promise<void> {
  companion.emitStep(FLOW_ID, step);
  await dialog.updateComplete;
}

describe('link dialog', () => {
  it('walks the whole happy path', async () => {
    const companion = happyCompanion();
    const dialog = await open(companion);
    expect(dialog.parentElement).to.equal(document.body);
    const openButton = await showing(dialog, '.open-plaid');
    await screenshot('dialog-external');
    expect(body(dialog)).to.contain('Plaid opens in a new tab');
    (root(dialog).querySelector('.open-plaid') as HTMLElement).click();
    expect(opened).to.deep.equal([HOSTED_LINK_URL]);
    expect(openButton.isConnected).to.equal(true);
    await dialog.updateComplete;
    expect(body(dialog)).to.contain('Waiting for you to finish in Plaid…');
    await screenshot('dialog-external-waiting');

    await emit(dialog, companion, { type: 'progress', step_id: 'fetch', progress_action: 'fetch_accounts' });
    expect(body(dialog)).to.contain('Fetching your accounts…');
    await screenshot('dialog-progress');

    await emit(dialog, companion, FORM_STEP);
    const form = await showing(dialog, '.form');
    expect(form.querySelectorAll('li.account')).to.have.length(2);
    expect(body(dialog)).to.contain('sensor.plaid_first_platypus_bank_0000_available');
    await screenshot('dialog-form');
    const name = form.querySelector('li[data-account="acc_checking"] input[type=text]') as HTMLInputElement;
    name.value = 'Everyday';
    name.dispatchEvent(new Event('input'));
    const card = form.querySelector('input[name="acc_credit:available"]') as HTMLInputElement;
    card.click();
    await dialog.updateComplete;
    (root(dialog).querySelector('.submit') as HTMLButtonElement).click();
    await waitUntil(() => companion.actions().includes('flow/configure'));
    const configure = companion.requests.find((r) => r.action === 'flow/configure')!;
    expect(configure.action === 'flow/configure' && configure.user_input).to.deep.equal({
      accounts: [
        { account_id: 'acc_checking', kinds: ['current', 'available'], name: 'Everyday' },
        { account_id: 'acc_credit', kinds: ['current', 'available'] },
      ],
    });
    await showing(dialog, '.waiting');
    expect(body(dialog)).to.contain('Creating the balance sensors…');

    await emit(dialog, companion, CREATE_ENTRY_STEP);
    await showing(dialog, '.created');
    expect(body(dialog)).to.contain('First Platypus Bank is linked');
    expect(body(dialog)).to.contain('$110.00');
    await screenshot('dialog-create-entry');

    let closed = false;
    dialog.addEventListener('dialog-closed', () => (closed = true));
    (root(dialog).querySelector('.done') as HTMLElement).click();
    await waitUntil(() => closed);
    expect(dialog.isConnected).to.equal(false);
    expect(companion.subscriptionCount).to.equal(0);
    expect(companion.actions()).to.deep.equal(['ping', 'flow/start', 'flow/configure']);
    expect(companion.invalid).to.deep.equal([]);
    const start = companion.requests[1]!;
    expect(start.action === 'flow/start' && start.redirect_uri).to.equal('http://ha.local:8123/lovelace/money');
  });

  it('explains an exit from Plaid and retries', async () => {
    const companion = happyCompanion();
    const dialog = await open(companion);
    await showing(dialog, '.external');
    await emit(dialog, companion, { type: 'abort', reason: 'user_exited', message: 'user exited Link' });
    await showing(dialog, '.abort');
    expect(body(dialog)).to.contain('You left Plaid before finishing');
    await screenshot('dialog-abort');
    (root(dialog).querySelector('.retry') as HTMLElement).click();
    await showing(dialog, '.external');
    expect(companion.actions().filter((a) => a === 'flow/start')).to.have.length(2);
    await dialog.closeDialog();
  });

  it('explains an expired link', async () => {
    const companion = happyCompanion();
    const dialog = await open(companion);
    await showing(dialog, '.external');
    await emit(dialog, companion, { type: 'abort', reason: 'link_expired', message: 'expired' });
    await showing(dialog, '.abort-link_expired');
    expect(body(dialog)).to.contain('The Plaid link expired');
    await dialog.closeDialog();
  });

  it('shows how to start a companion that never answers', async () => {
    const companion = new FakeCompanion({ ping: () => null });
    const dialog = await open(companion, { mode: 'link' }, 150);
    await showing(dialog, '.unreachable');
    expect(body(dialog)).to.contain('npm run companion -- start');
    await screenshot('dialog-unreachable');
    applyTheme(document.documentElement, DARK_THEME);
    await screenshot('dialog-unreachable-dark');
    await dialog.closeDialog();
    expect(companion.subscriptionCount).to.equal(0);
  });

  it('aborts the flow and unsubscribes when closed mid-flow', async () => {
    const companion = happyCompanion();
    const dialog = await open(companion);
    await showing(dialog, '.external');
    expect(companion.subscriptionCount).to.equal(3);
    root(dialog)
      .querySelector('dialog')!
      .dispatchEvent(new Event('cancel', { cancelable: true }));
    await waitUntil(() => !dialog.isConnected);
    const abort = companion.requests.at(-1)!;
    expect(abort.action).to.equal('flow/abort');
    expect(abort.action === 'flow/abort' && abort.flow_id).to.equal(FLOW_ID);
    expect(companion.subscriptionCount).to.equal(0);
  });

  it('in a right-to-left dashboard, says its texts are English and lays them out left to right', async () => {
    document.documentElement.dir = 'rtl';
    try {
      const companion = happyCompanion();
      const dialog = (await showLinkDialog({
        hass: Object.assign(companion, { language: 'ar' }),
        task: { mode: 'link' },
        responseTimeoutMs: 300,
        redirectUri: 'http://ha.local:8123/lovelace/money',
      })) as LinkDialog;
      const native = await showing(dialog, 'dialog');
      expect(native.getAttribute('lang')).to.equal('en');
      expect(getComputedStyle(native).direction).to.equal('ltr');
    } finally {
      document.documentElement.dir = '';
    }
  });

  it('closes with the close button', async () => {
    const companion = happyCompanion();
    const dialog = await open(companion);
    await showing(dialog, '.external');
    (root(dialog).querySelector('.close') as HTMLElement).click();
    await waitUntil(() => !dialog.isConnected);
    expect(companion.actions()).to.include('flow/abort');
  });

  it('reconnects an item in update mode', async () => {
    const companion = happyCompanion();
    const dialog = await open(companion, { mode: 'reconnect', itemId: 'item_chase', institution: 'Chase' });
    await showing(dialog, '.external');
    expect(root(dialog).querySelector('h2')!.textContent).to.equal('Reconnect Chase');
    const start = companion.requests[1]!;
    expect(start.action === 'flow/start' && [start.mode, start.item_id]).to.deep.equal(['reconnect', 'item_chase']);
    await dialog.closeDialog();
  });

  it('removes an institution after confirmation', async () => {
    const companion = new FakeCompanion({
      'items/remove': (r) => ({ item_id: r.item_id, removed_entities: ['sensor.plaid_chase_0000_current'] }),
    });
    const dialog = await open(companion, {
      mode: 'remove',
      itemId: 'item_chase',
      institution: 'Chase',
      sensors: { balances: 2, statuses: 2 },
    });
    await showing(dialog, '.confirm-remove');
    expect(body(dialog)).to.contain('Remove Chase, its 2 balance sensors and its 2 status sensors?');
    await screenshot('dialog-confirm-remove');
    expect(companion.actions()).to.deep.equal(['ping']);
    (root(dialog).querySelector('.confirm') as HTMLElement).click();
    await showing(dialog, '.removed');
    const remove = companion.requests.at(-1)!;
    expect(remove.action === 'items/remove' && remove.item_id).to.equal('item_chase');
    await dialog.closeDialog();
  });

  it('offers to keep a duplicate connection', async () => {
    const companion = happyCompanion();
    const dialog = await open(companion);
    await showing(dialog, '.external');
    const form = FORM_STEP.type === 'form' ? FORM_STEP : null;
    await emit(dialog, companion, {
      ...form!,
      data: { ...form!.data, duplicate_of: { item_id: 'item_old', institution_name: 'First Platypus Bank' } },
    });
    await showing(dialog, '.duplicate');
    expect(body(dialog)).to.contain('First Platypus Bank is already linked');
    await screenshot('dialog-duplicate');
    (root(dialog).querySelector('.submit') as HTMLElement).click();
    await waitUntil(() => companion.actions().includes('flow/configure'));
    const configure = companion.requests.at(-1)!;
    expect(configure.action === 'flow/configure' && configure.user_input.duplicate).to.equal('keep_existing');
    await dialog.closeDialog();
  });

  it('lists banks to manage', async () => {
    const companion = new FakeCompanion({
      'items/list': () => ({
        items: [
          {
            item_id: 'item_chase',
            institution_id: 'ins_3',
            institution_name: 'Chase',
            status: 'ok',
            error: null,
            last_refreshed: null,
            entities: [
              'sensor.plaid_chase_0000_current',
              'sensor.plaid_chase_0000_available',
              'sensor.plaid_chase_1111_current',
              'binary_sensor.plaid_chase_problem',
              'sensor.plaid_chase_last_refreshed',
            ],
          },
          {
            item_id: 'item_db',
            institution_id: 'ins_9',
            institution_name: 'Deutsche Bank',
            status: 'login_required',
            error: { error_code: 'ITEM_LOGIN_REQUIRED', display_message: null },
            last_refreshed: null,
            entities: ['c'],
          },
        ],
      }),
    });
    const dialog = await open(companion, { mode: 'manage' });
    await showing(dialog, '.manage');
    expect(root(dialog).querySelectorAll('.items li')).to.have.length(2);
    expect(root(dialog).querySelectorAll('.items .reconnect')).to.have.length(1);
    await screenshot('dialog-manage');
    (root(dialog).querySelector('li[data-item="item_chase"] .remove') as HTMLElement).click();
    await showing(dialog, '.confirm-remove');
    // Which of the five sensors are balances and which say how the connection is, as the card's Remove says.
    expect(body(dialog)).to.contain('Remove Chase, its 3 balance sensors and its 2 status sensors?');
    (root(dialog).querySelector('.cancel') as HTMLElement).click();
    await showing(dialog, '.manage');
    await dialog.closeDialog();
  });
});

describe('the accounts form on a phone', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it("keeps each name field, its mask and its balance apart at 390 px, whatever the name's length", async () => {
    await setViewport({ width: 390, height: 844 });
    const companion = happyCompanion();
    const dialog = await open(companion);
    await showing(dialog, '.open-plaid');
    const step = FORM_STEP as Extract<FlowStep, { type: 'form' }>;
    const accounts = step.data.accounts;
    const names = ['Plaid Money Market', 'Plaid Gold Standard 0% Interest Checking', 'CD', 'Plaid Diamond 12.5% APR'];
    await emit(dialog, companion, {
      ...step,
      data: {
        ...step.data,
        accounts: names.map((name, i) => ({
          ...accounts[i % 2]!,
          account_id: `acc_${i}`,
          name,
          mask: `${i}${i}${i}${i}`,
          current: i === 3 ? 43_210.99 : accounts[i % 2]!.current,
        })),
      },
    });
    const form = await showing(dialog, '.form');
    await screenshot('dialog-form-phone-long-names');
    for (const li of form.querySelectorAll('li.account')) {
      const name = li.querySelector('.account-name input')!.getBoundingClientRect();
      const mask = li.querySelector('.mask')!.getBoundingClientRect();
      const amount = li.querySelector('.amount')!.getBoundingClientRect();
      const what = (li.querySelector('.account-name input') as HTMLInputElement).value;
      const sameLine = (a: DOMRect, b: DOMRect) => a.top < b.bottom && b.top < a.bottom;
      // The field's border shows on hover and focus: its box, not only its text, keeps clear of the mask.
      if (sameLine(name, mask)) expect(mask.left - name.right, `${what}: name and mask`).to.be.at.least(6);
      if (sameLine(mask, amount)) expect(mask.right, `${what}: mask and balance`).to.be.at.most(amount.left);
      if (sameLine(name, amount)) expect(name.right, `${what}: name and balance`).to.be.at.most(amount.left);
      expect(amount.right, `${what}: balance inside the dialog`).to.be.at.most(390);
      const input = li.querySelector<HTMLInputElement>('.account-name input')!;
      if (input.scrollWidth > input.clientWidth)
        expect(getComputedStyle(input).textOverflow, `${what}: a cut name ends in an ellipsis`).to.equal('ellipsis');
    }
    await dialog.closeDialog();
  });
});

describe('link dialog in the dark theme', () => {
  it('renders each step', async () => {
    applyTheme(document.documentElement, DARK_THEME);
    const companion = Object.assign(happyCompanion(), { themes: { darkMode: true } });
    const dialog = await open(companion);
    await showing(dialog, '.external');
    // Native controls (the form's checkboxes) follow HA's dark mode.
    expect(getComputedStyle(root(dialog).querySelector('dialog')!).colorScheme).to.equal('dark');
    await screenshot('dialog-external-dark');
    await emit(dialog, companion, { type: 'progress', step_id: 'x', progress_action: 'wait_for_plaid' });
    await screenshot('dialog-progress-dark');
    await emit(dialog, companion, FORM_STEP);
    await showing(dialog, '.form');
    await screenshot('dialog-form-dark');
    await emit(dialog, companion, CREATE_ENTRY_STEP);
    await showing(dialog, '.created');
    await screenshot('dialog-create-entry-dark');
    await emit(dialog, companion, {
      type: 'abort',
      reason: 'plaid_error',
      message: 'INSTITUTION_DOWN: the bank is not responding',
    });
    await showing(dialog, '.abort');
    await screenshot('dialog-abort-dark');
    await dialog.closeDialog();
  });
});
