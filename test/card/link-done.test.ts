import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionRedirect, isLinkDoneTab, withoutLinkDone } from '../../src/card/link-done.js';

describe('the Hosted Link tab’s landing page', () => {
  it('is the dashboard the user started from, flagged, without a fragment', () => {
    const back = completionRedirect('https://ha.example:8123/lovelace/money?edit=1#top');
    assert.equal(back, 'https://ha.example:8123/lovelace/money?edit=1&plaid_link_done=1');
    assert.equal(isLinkDoneTab(back), true);
  });

  it('is recognised only with the flag, and the flag can be dropped again', () => {
    assert.equal(isLinkDoneTab('http://ha.local:8123/lovelace/0'), false);
    assert.equal(
      withoutLinkDone('http://ha.local:8123/lovelace/0?plaid_link_done=1'),
      'http://ha.local:8123/lovelace/0',
    );
    assert.equal(
      completionRedirect(completionRedirect('http://ha.local:8123/')),
      'http://ha.local:8123/?plaid_link_done=1',
    );
  });
});
