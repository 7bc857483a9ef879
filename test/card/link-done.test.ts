import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { completionRedirect, LINK_DONE_PAGE } from '../../src/card/link-done.js';

describe('the Hosted Link tab’s landing page', () => {
  it('is the done page beside the card’s files, as HACS serves them, without the module’s query', () => {
    assert.equal(
      completionRedirect('https://ha.example:8123/hacsfiles/plaid-balance/plaid-balance-link-dialog-AbC123.js?x=1#y'),
      'https://ha.example:8123/hacsfiles/plaid-balance/plaid-balance-link-done.html',
    );
  });

  it('is the done page beside the card’s files in config/www', () => {
    assert.equal(
      completionRedirect('http://ha.local:8123/local/plaid-balance-link-dialog-AbC123.js'),
      'http://ha.local:8123/local/plaid-balance-link-done.html',
    );
  });

  it('is a page of dist/, which HACS installs with the card', () => {
    const page = readFileSync(new URL(`../../dist/${LINK_DONE_PAGE}`, import.meta.url), 'utf8');
    assert.match(page, /^<!doctype html>/);
    // One file: it loads neither the card's chunks nor any script of its own.
    assert.doesNotMatch(page, /\bsrc=|\bimport\b|plaid-balance-card/);
  });
});
