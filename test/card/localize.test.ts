import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import de from '../../src/card/translations/de.json' with { type: 'json' };
import en from '../../src/card/translations/en.json' with { type: 'json' };
import { languageOf, makeLocalize } from '../../src/card/localize.js';

function keys(table: Record<string, Record<string, string>>): string[] {
  return Object.entries(table).flatMap(([section, strings]) => Object.keys(strings).map((k) => `${section}.${k}`)).sort();
}

describe('localize', () => {
  it('has every English string in German too', () => {
    assert.deepEqual(keys(de), keys(en));
  });
  it('keeps the same placeholders in every language', () => {
    for (const [section, strings] of Object.entries(en)) {
      for (const [key, text] of Object.entries(strings as Record<string, string>)) {
        const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        assert.deepEqual(vars((de as Record<string, Record<string, string>>)[section]![key]!), vars(text), `${section}.${key}`);
      }
    }
  });
  it('picks the language, falls back to the base language and then English', () => {
    assert.equal(makeLocalize('de')('card.total'), 'Summe');
    assert.equal(makeLocalize('de-AT')('card.total'), 'Summe');
    assert.equal(makeLocalize('fr')('card.total'), 'Total');
    assert.equal(makeLocalize('en')('card.available_amount', { amount: '$5' }), '$5 available');
  });
  it('reads the language from hass.locale first', () => {
    assert.equal(languageOf({ locale: { language: 'de' }, language: 'en' }), 'de');
    assert.equal(languageOf({ language: 'de' }), 'de');
    assert.equal(languageOf(undefined), 'en');
  });
});
