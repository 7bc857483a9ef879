// Card and companion update separately. The card adds its release to requests
// only for a companion whose ping said it takes it (0.1.0 companions refuse
// keys they do not know), and a request the companion refuses as such makes
// the dialog name the part to update instead of showing a schema message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompanionClient } from '../../../src/card/companion-client.js';
import { LinkDialogModel } from '../../../src/card/dialog/dialog-flow.js';
import { dialogLocalize } from '../../../src/card/dialog/dialog-localize.js';
import { updateAdvice } from '../../../src/card/dialog/release-advice.js';
import { errorText } from '../../../src/card/dialog/ws-error-text.js';
import { RELEASE } from '../../../src/protocol/index.js';
import { FakeCompanion } from '../fixtures/fake-companion.js';

describe('updateAdvice', () => {
  it('names the older part, to the newer release, for a refused request', () => {
    assert.deepEqual(updateAdvice('invalid_request', '0.2.0', '0.1.0'), { part: 'companion', release: '0.2.0' });
    assert.deepEqual(updateAdvice('unknown_action', '0.2.0', '0.10.0'), { part: 'card', release: '0.10.0' });
    assert.deepEqual(updateAdvice('unsupported_version', '1.0.0', '0.9.9'), { part: 'companion', release: '1.0.0' });
  });

  it('says nothing for one release, an unknown companion release or any other error', () => {
    assert.equal(updateAdvice('invalid_request', '0.2.0', '0.2.0'), null);
    assert.equal(updateAdvice('invalid_request', '0.2.0', null), null);
    assert.equal(updateAdvice('plaid_error', '0.2.0', '0.1.0'), null);
    assert.equal(updateAdvice('unauthorized', '0.1.0', '0.2.0'), null);
  });

  it('is a sentence in the dialog, in English and German', () => {
    const companion = { part: 'companion', release: '0.2.0' } as const;
    assert.match(
      errorText('invalid_request', 'At path: link_key', dialogLocalize('en'), companion),
      /^Update the Plaid Balance companion to 0\.2\.0 or later/,
    );
    assert.match(
      errorText('invalid_request', 'x', dialogLocalize('de'), { part: 'card', release: '0.3.0' }),
      /^Aktualisiere die Plaid-Balance-Karte auf 0\.3\.0 oder neuer/,
    );
    assert.equal(errorText('invalid_request', 'At path: link_key', dialogLocalize('en'), null), 'At path: link_key');
  });
});

describe("the card's release in requests", () => {
  for (const [companionRelease, sends] of [
    ['0.1.0', false],
    [RELEASE, true],
  ] as const)
    it(`${sends ? 'goes' : 'does not go'} to a companion of ${companionRelease}, and never with the ping`, async () => {
      const companion = new FakeCompanion({
        ping: () => ({ version: companionRelease, items: 0 }),
        'items/list': () => ({ items: [] }),
      });
      const client = new CompanionClient(companion, { onFlowEvent: () => undefined, timeoutMs: 200 });
      await client.open();
      await client.request('ping', {});
      assert.equal(client.companionRelease, companionRelease);
      await client.request('items/list', {});
      await client.close();
      assert.deepEqual(
        companion.requests.map((r) => r.card_release),
        [undefined, sends ? RELEASE : undefined],
      );
    });
});

describe('the dialog with a companion that cannot read its request', () => {
  it('says to update the companion when an older one refuses flow/start', async () => {
    // A companion from before the sealed Hosted Link: it refuses the card's link_key.
    const companion = new FakeCompanion({
      ping: () => ({ version: '0.1.0', items: 0 }),
      'flow/start': () => ({
        error: { code: 'invalid_request', message: 'At path: link_key -- Expected a value of type `never`' },
      }),
    });
    const flow = new LinkDialogModel(companion, { mode: 'link' }, { onChange: () => undefined, redirectUri: 'x' });
    await flow.start();
    await flow.close();
    const view = flow.view;
    assert.equal(view.view, 'error');
    assert.deepEqual(view.view === 'error' && view.update, { part: 'companion', release: RELEASE });
  });
});
