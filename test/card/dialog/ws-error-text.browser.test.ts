/// <reference types="mocha" />
// Every shape home-assistant-js-websocket rejects with, as the dialog shows it
// (en and de): a sentence, never "[object Object]" or a bare "3". Plus the
// "Plaid is slow to answer" line while an acknowledged request waits.
import { expect, waitUntil } from '@open-wc/testing';
import type { LinkDialog } from '../../../src/card/dialog/link-dialog.js';
import { showLinkDialog } from '../../../src/card/dialog/show-link-dialog.js';
import en from '../../../src/card/dialog/translations/en.json' with { type: 'json' };
import de from '../../../src/card/dialog/translations/de.json' with { type: 'json' };
import { failOnConsoleErrors, screenshot } from '../fixtures/page-fixtures.js';
import { FakeCompanion } from '../fixtures/fake-companion.js';

failOnConsoleErrors();

/** A dashboard whose HA connection rejects every command with `shape`. */
class RejectingHass extends FakeCompanion {
  constructor(private readonly shape: unknown) {
    super();
  }
  override async callWS<T>(): Promise<T> {
    throw this.shape;
  }
}

const SHAPES: [string, unknown, Record<'en' | 'de', string>][] = [
  [
    'HA refusing the command',
    { code: 'unauthorized', message: 'Unauthorized' },
    { en: en.dialog.error_unauthorized, de: de.dialog.error_unauthorized },
  ],
  [
    'HA failing the command',
    { code: 'home_assistant_error', message: 'Event bus stopped' },
    { en: 'Event bus stopped', de: 'Event bus stopped' },
  ],
  [
    'in flight when the socket closed',
    { type: 'result', success: false, error: { code: 3, message: 'Connection lost' } },
    { en: en.dialog.error_connection_lost, de: de.dialog.error_connection_lost },
  ],
  ['sent while disconnected (3)', 3, { en: en.dialog.error_connection_lost, de: de.dialog.error_connection_lost }],
  ['cannot connect (1)', 1, { en: en.dialog.error_connection_lost, de: de.dialog.error_connection_lost }],
  ['invalid auth (2)', 2, { en: en.dialog.error_connection_lost, de: de.dialog.error_connection_lost }],
];

function text(dialog: LinkDialog, selector: string): string {
  return (dialog.shadowRoot!.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

afterEach(() => document.querySelectorAll('plaid-balance-link-dialog').forEach((d) => d.remove()));

describe('dialog: home-assistant-js-websocket rejections as sentences', () => {
  for (const language of ['en', 'de'] as const) {
    for (const [what, shape, expected] of SHAPES) {
      it(`${language}: ${what}`, async () => {
        const dialog = (await showLinkDialog({
          hass: Object.assign(new RejectingHass(shape), { language }),
          task: { mode: 'link' },
          responseTimeoutMs: 2000,
          redirectUri: 'http://ha.local/lovelace/0',
        })) as LinkDialog;
        await waitUntil(() => dialog.shadowRoot?.querySelector('.content.error'), 'the error view', { timeout: 3000 });
        const shown = text(dialog, '.content.error p');
        expect(shown).to.equal(expected[language]);
        expect(shown).not.to.match(/\[object Object\]|^\d+$/);
        if (shape === 3)
          await screenshot(`dialog-connection-lost-${language}`, dialog.shadowRoot!.querySelector('dialog')!);
      });
    }
  }

  it('says Plaid is slow while an acknowledged request waits, then goes on', async () => {
    const companion = new FakeCompanion({
      'flow/start': () => ({
        flow_id: 'flow_0123456789abcdef',
        step: { type: 'abort', reason: 'plaid_error', message: 'late' },
      }),
    });
    companion.acknowledge = true;
    companion.answerDelayMs = 4000; // past SLOW_ANSWER_MS (3 s) and the 300 ms acknowledgement timeout
    const dialog = (await showLinkDialog({
      hass: Object.assign(companion, { language: 'en' }),
      task: { mode: 'link' },
      responseTimeoutMs: 300,
      redirectUri: 'http://ha.local/lovelace/0',
    })) as LinkDialog;
    await waitUntil(() => dialog.shadowRoot?.querySelector('.slow'), 'the slow line', { timeout: 6000 });
    expect(text(dialog, '.slow')).to.equal(en.dialog.slow);
    expect(dialog.shadowRoot!.querySelector('.content.unreachable')).to.equal(null);
    await screenshot('dialog-plaid-slow-en', dialog.shadowRoot!.querySelector('dialog')!);
    await waitUntil(() => dialog.shadowRoot?.querySelector('.content.abort'), 'the late answer', { timeout: 8000 });
    expect(dialog.shadowRoot!.querySelector('.slow')).to.equal(null);
  }).timeout(15000);
});
