import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import dialogDe from '../../src/card/dialog/translations/de.json' with { type: 'json' };
import dialogEn from '../../src/card/dialog/translations/en.json' with { type: 'json' };
import { dialogLocalize } from '../../src/card/dialog/dialog-localize.js';
import editorDe from '../../src/card/editor-translations/de.json' with { type: 'json' };
import editorEn from '../../src/card/editor-translations/en.json' with { type: 'json' };
import de from '../../src/card/translations/de.json' with { type: 'json' };
import en from '../../src/card/translations/en.json' with { type: 'json' };
import { languageOf, loadCardStrings, makeLocalize, stringsLanguage } from '../../src/card/localize.js';

type Table = Record<string, Record<string, string>>;
/** The card's strings, and the dialog's and the editor's, which load with their chunks. */
const SETS: [string, Table, Table][] = [
  ['card', en, de],
  ['dialog', dialogEn, dialogDe],
  ['editor', editorEn, editorDe],
];

function keys(table: Record<string, Record<string, string>>): string[] {
  return Object.entries(table)
    .flatMap(([section, strings]) => Object.keys(strings).map((k) => `${section}.${k}`))
    .sort();
}

describe('loadCardStrings', () => {
  it("loads the card's strings of the language the card has for the user's, once", async () => {
    assert.equal(makeLocalize('de-AT')('card.total'), 'card.total', 'not loaded yet: the key');
    const arrival = loadCardStrings('de-AT');
    assert.ok(arrival instanceof Promise);
    assert.equal(loadCardStrings('de'), arrival, 'one load for the language and its variants');
    await arrival;
    assert.equal(makeLocalize('de-AT')('card.total'), de.card.total);
    assert.equal(loadCardStrings('de-CH'), undefined, 'here: nothing to wait for');
    await loadCardStrings('he');
    assert.equal(loadCardStrings('en'), undefined, 'a language the card lacks loads English');
  });
});

describe('localize', () => {
  before(() => Promise.all([loadCardStrings('en'), loadCardStrings('de')]));
  it('has every English string in German too', () => {
    for (const [set, english, german] of SETS) assert.deepEqual(keys(german), keys(english), set);
  });
  it('keeps the same placeholders in every language', () => {
    for (const [, english, german] of SETS) {
      for (const [section, strings] of Object.entries(english)) {
        for (const [key, text] of Object.entries(strings)) {
          const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
          assert.deepEqual(vars(german[section]![key]!), vars(text), `${section}.${key}`);
        }
      }
    }
  });
  it("keeps the dialog's sections out of the card's tables, so the card's chunk does not carry them", () => {
    const sections = (t: Table) => Object.keys(t);
    for (const section of [...sections(dialogEn), ...sections(editorEn)])
      assert.ok(!sections(en).includes(section), section);
  });
  it("finds the dialog's strings once the dialog has added them, also through a localize made before", () => {
    const early = makeLocalize('de');
    assert.equal(early('dialog.close'), 'dialog.close');
    assert.equal(dialogLocalize('de')('dialog.close'), dialogDe.dialog.close);
    assert.equal(early('dialog.close'), dialogDe.dialog.close);
    assert.equal(makeLocalize('fr')('dialog.close'), dialogEn.dialog.close);
  });
  it('picks the language, falls back to the base language and then English', () => {
    assert.equal(makeLocalize('de')('card.total'), 'Summe');
    assert.equal(makeLocalize('de-AT')('card.total'), 'Summe');
    assert.equal(makeLocalize('fr')('card.total'), 'Total');
    assert.equal(makeLocalize('en')('card.available_amount', { amount: '$5' }), '$5 available');
  });
  it('says which language the strings are in: the user\u2019s where the card has it, else English', () => {
    assert.equal(stringsLanguage('de'), 'de');
    assert.equal(stringsLanguage('de-CH'), 'de');
    assert.equal(stringsLanguage('DE_at'), 'de');
    assert.equal(stringsLanguage('en-GB'), 'en');
    assert.equal(stringsLanguage('he'), 'en', 'no Hebrew strings: English ones');
    assert.equal(stringsLanguage('ar'), 'en');
  });
  it('reads the language from hass.locale first', () => {
    assert.equal(languageOf({ locale: { language: 'de' }, language: 'en' }), 'de');
    assert.equal(languageOf({ language: 'de' }), 'de');
    assert.equal(languageOf(undefined), 'en');
  });
});
