// The visual editor's form (what HA's ha-form draws): its fields are the
// card's options, labels follow the UI language, and validity is the card
// schema's, messages included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CARD_DEFAULTS } from '../../src/card/card-config.js';
import { cardConfigForm } from '../../src/card/card-config-form.js';

describe('cardConfigForm', () => {
  it('offers every option of the card, with HA selectors', () => {
    const form = cardConfigForm('en');
    assert.deepEqual(
      form.schema.map((f) => [f.name, Object.keys(f.selector)[0]]),
      [
        ['title', 'text'],
        ['entities', 'entity'],
        ['show', 'select'],
        ['group_by', 'select'],
        ['total', 'boolean'],
        ['privacy', 'boolean'],
        ['stale_after', 'text'],
        ['trend', 'select'],
        ['transactions', 'number'],
      ],
    );
    const entities = form.schema.find((f) => f.name === 'entities')!.selector['entity'];
    assert.deepEqual(
      entities,
      { multiple: true, filter: { domain: 'sensor', device_class: 'monetary' } },
      "only the companion's balance sensors",
    );
    const groupBy = form.schema.find((f) => f.name === 'group_by')!.selector['select'] as {
      options: Array<{ value: string }>;
    };
    assert.deepEqual(
      groupBy.options.map((o) => o.value),
      ['institution', 'type', 'none'],
    );
    const trend = form.schema.find((f) => f.name === 'trend')!.selector['select'] as {
      options: Array<{ value: string; label: string }>;
    };
    assert.deepEqual(
      trend.options.map((o) => [o.value, o.label]),
      [
        ['none', 'None'],
        ['7d', '7 days'],
        ['30d', '30 days'],
        ['90d', '90 days'],
        ['1y', '1 year'],
      ],
    );
  });

  it('labels and helps in the UI language', () => {
    const en = cardConfigForm('en');
    const de = cardConfigForm('de');
    assert.equal(en.computeLabel({ name: 'group_by' }), 'Group by');
    assert.equal(de.computeLabel({ name: 'group_by' }), 'Gruppieren nach');
    assert.match(de.computeHelper({ name: 'stale_after' })!, /Dauer/);
    assert.equal(en.computeLabel({ name: 'transactions' }), 'Recent transactions');
    assert.match(de.computeHelper({ name: 'transactions' })!, /0 blendet sie aus/);
    assert.equal(en.computeHelper({ name: 'title' }), undefined);
    const select = de.schema.find((f) => f.name === 'show')!.selector['select'] as {
      options: Array<{ label: string }>;
    };
    assert.deepEqual(
      select.options.map((o) => o.label),
      ['Aktuell', 'Verfügbar', 'Beide'],
    );
    // Standalone, not the card's dative ("in 30 Tagen").
    const trend = de.schema.find((f) => f.name === 'trend')!.selector['select'] as {
      options: Array<{ label: string }>;
    };
    assert.deepEqual(
      trend.options.map((o) => o.label),
      ['Keiner', '7 Tage', '30 Tage', '90 Tage', '1 Jahr'],
    );
  });

  it(
    "shows what an unset key does: HA's form gets the card's defaults, " + "and each select's helper names its default",
    () => {
      const en = cardConfigForm('en');
      const defaults = Object.fromEntries(en.schema.filter((f) => 'default' in f).map((f) => [f.name, f.default]));
      assert.deepEqual(defaults, CARD_DEFAULTS);
      assert.equal(en.computeHelper({ name: 'show' }), 'Default: Current');
      assert.equal(en.computeHelper({ name: 'group_by' }), 'Default: Bank');
      assert.equal(en.computeHelper({ name: 'trend' }), 'Default: 30 days');
      assert.equal(cardConfigForm('de').computeHelper({ name: 'trend' }), 'Standard: 30 Tage');
      assert.equal(en.computeHelper({ name: 'total' }), undefined, 'a switch shows its default itself');
    },
  );

  it("lets the card's schema decide validity, naming the key", () => {
    const { assertConfig } = cardConfigForm('en');
    assert.doesNotThrow(() => assertConfig({ type: 'custom:plaid-balance-card', group_by: 'type', stale_after: '2d' }));
    assert.throws(
      () => assertConfig({ type: 'custom:plaid-balance-card', stale_after: 'soon' }),
      /"stale_after" must be a duration/,
    );
    assert.throws(
      () => assertConfig({ type: 'custom:plaid-balance-card', grouping: 'type' }),
      /unknown option "grouping"/,
    );
    assert.throws(
      () => assertConfig({ type: 'custom:plaid-balance-card', transactions: -2 }),
      /"transactions" must be a whole number/,
    );
  });
});
