import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { donePageText } from '../../../src/card/link-done-page/done-page-text.js';

describe('the done page’s text', () => {
  it('follows the first of the browser’s languages it exists in, English otherwise', () => {
    assert.equal(donePageText(['de-DE', 'en-US']).lang, 'de');
    assert.equal(donePageText(['fr-FR', 'DE']).lang, 'de');
    assert.equal(donePageText(['en-GB', 'de']).lang, 'en');
    assert.equal(donePageText(['fr', 'nl']).lang, 'en');
    assert.equal(donePageText([]).lang, 'en');
  });

  it('says the tab can be closed and holds for a link cancelled in Home Assistant', () => {
    for (const languages of [['en'], ['de']]) {
      const text = donePageText(languages);
      assert.ok(text.title.length > 0);
      assert.equal(text.paragraphs.length, 3);
    }
    assert.match(donePageText(['en']).paragraphs.join(' '), /close this tab.*closed that dialog.*nothing was added/);
    assert.match(donePageText(['de']).paragraphs.join(' '), /Tab schließen.*geschlossen.*nichts hinzugefügt/);
  });
});
