import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMoney, intlLocales } from '../../src/card/currency-format.js';

// Intl puts a no-break space between amount and symbol in de-DE.
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('follows the language', () => {
    assert.equal(formatMoney(1234.56, 'USD', { language: 'en-US' }), '$1,234.56');
    assert.equal(plain(formatMoney(1234.56, 'EUR', { language: 'de-DE' })), '1.234,56 €');
    assert.equal(formatMoney(-50, 'USD', { language: 'en' }), '-$50.00');
  });
  it("follows HA's number_format over the language", () => {
    assert.equal(plain(formatMoney(1234.56, 'EUR', { language: 'en', number_format: 'decimal_comma' })), '1.234,56 €');
    assert.equal(formatMoney(1234.56, 'USD', { language: 'de', number_format: 'comma_decimal' }), '$1,234.56');
    assert.equal(plain(formatMoney(1234.56, 'EUR', { language: 'en', number_format: 'space_comma' })), '1 234,56 €');
    assert.equal(formatMoney(1234.56, 'USD', { language: 'en-US', number_format: 'none' }), '$1234.56');
    assert.equal(intlLocales({ language: 'fr', number_format: 'system' }), undefined);
    assert.equal(intlLocales({ language: 'fr', number_format: 'something_new' }), 'fr');
  });
  it('falls back gracefully for codes Intl does not know', () => {
    assert.equal(formatMoney(12.5, 'DOGECOIN', { language: 'en' }), '12.50 DOGECOIN');
    assert.equal(formatMoney(12.5, null, { language: 'en' }), '12.50');
    assert.equal(formatMoney(12.5, '°C', { language: 'en' }), '12.50 °C');
    assert.equal(formatMoney(12.5, 'usd', { language: 'en-US' }), '$12.50');
  });
  it("shows a sensor's display precision, as HA formats its state", () => {
    assert.equal(formatMoney(1234.56, 'USD', { language: 'en-US' }, 0), '$1,235');
    assert.equal(formatMoney(1234.5, 'USD', { language: 'en-US' }, 3), '$1,234.500');
    assert.equal(formatMoney(1234, 'JPY', { language: 'en-US' }), '¥1,234', "the currency's own decimals without one");
    assert.equal(formatMoney(12.5, 'DOGECOIN', { language: 'en' }, 0), '13 DOGECOIN');
    assert.equal(
      formatMoney(1234.56, 'USD', { language: 'en-US' }),
      '$1,234.56',
      'a precision does not leak into the format without one',
    );
  });
  it('survives a language tag Intl rejects', () => {
    assert.equal(formatMoney(1, 'USD', { language: 'not a tag!' }), '$1.00');
  });
});
