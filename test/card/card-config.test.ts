import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCardConfig } from '../../src/card/card-config.js';

const type = 'custom:plaid-balance-card';

describe('parseCardConfig', () => {
  it('applies defaults to a minimal config', () => {
    const { resolved } = parseCardConfig({ type });
    assert.deepEqual(resolved, {
      entities: null,
      title: null,
      show: 'current',
      groupBy: 'institution',
      total: true,
      privacy: false,
      staleAfterMs: 6 * 3_600_000,
      trend: '30d',
      transactions: 5,
    });
  });

  it('accepts every key with good values', () => {
    const { resolved } = parseCardConfig({
      type,
      entities: ['sensor.plaid_chase_0000_current', 'sensor.plaid_chase_0000_available'],
      title: 'Money',
      show: 'both',
      group_by: 'type',
      total: false,
      privacy: true,
      stale_after: '01:30:00',
      transactions: 0,
    });
    assert.equal(resolved.transactions, 0);
    assert.equal(resolved.staleAfterMs, 90 * 60_000);
    assert.equal(resolved.groupBy, 'type');
    assert.equal(resolved.show, 'both');
    assert.deepEqual(resolved.entities?.length, 2);
  });

  it('tolerates keys HA and popular add-ons write into card configs', () => {
    assert.doesNotThrow(() =>
      parseCardConfig({
        type,
        grid_options: { columns: 6 },
        visibility: [],
        view_layout: {},
        card_mod: {},
        layout_options: {},
      }),
    );
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', 'nope', /configuration must be a set of options/],
    ['null', null, /configuration must be a set of options/],
    ['an array', [1], /configuration must be a set of options/],
    ['no type', {}, /"type" must be/],
    ['numeric type', { type: 5 }, /"type" must be "custom:plaid-balance-card" \(got 5\)/],
    ['unknown key', { type, colour: 'red' }, /unknown option "colour"; the options are entities, title, show/],
    ['typo group-by', { type, 'group-by': 'type' }, /unknown option "group-by"/],
    ['show foo', { type, show: 'foo' }, /"show" must be one of current, available, both \(got "foo"\)/],
    ['show number', { type, show: 1 }, /"show" must be one of current, available, both \(got 1\)/],
    ['group_by bank', { type, group_by: 'bank' }, /"group_by" must be one of institution, type, none \(got "bank"\)/],
    ['group_by null', { type, group_by: null }, /"group_by" must be one of/],
    ['total string', { type, total: 'yes' }, /"total" must be true or false \(got "yes"\)/],
    ['privacy number', { type, privacy: 1 }, /"privacy" must be true or false \(got 1\)/],
    ['title number', { type, title: 42 }, /"title" must be text \(got 42\)/],
    ['title object', { type, title: { a: 1 } }, /"title" must be text/],
    ['entities string', { type, entities: 'sensor.a' }, /"entities" must be a list of at least one entity id/],
    ['entities empty', { type, entities: [] }, /"entities" must be a list of at least one entity id/],
    [
      'entities bad item',
      { type, entities: ['sensor.ok', 'Not An Id'] },
      /"entities" item 2 must be an entity id .* \(got "Not An Id"\)/,
    ],
    ['entities number item', { type, entities: [7] }, /"entities" item 1 must be an entity id/],
    [
      'stale_after words',
      { type, stale_after: 'soon' },
      /"stale_after" must be a duration like "90m", "6h", "2d" or "HH:MM:SS" \(got "soon"\)/,
    ],
    ['stale_after zero', { type, stale_after: '0h' }, /"stale_after" must be a duration/],
    ['stale_after number', { type, stale_after: 6 }, /"stale_after" must be a duration .*\(got 6\)/],
    ['stale_after bad clock', { type, stale_after: '1:75:00' }, /"stale_after" must be a duration/],
    ['stale_after unit', { type, stale_after: '6w' }, /"stale_after" must be a duration/],
    ['transactions negative', { type, transactions: -1 }, /"transactions" must be a whole number .*\(got -1\)/],
    ['transactions fraction', { type, transactions: 2.5 }, /"transactions" must be a whole number .*\(got 2.5\)/],
    ['transactions text', { type, transactions: '5' }, /"transactions" must be a whole number .*\(got "5"\)/],
  ];

  for (const [label, config, message] of bad) {
    it(`rejects ${label} with a message that names the key`, () => {
      assert.throws(
        () => parseCardConfig(config),
        (err: unknown) => {
          assert.ok(err instanceof Error);
          assert.match(err.message, /^plaid-balance-card: /);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  it('shortens a huge bad value in the message', () => {
    assert.throws(
      () => parseCardConfig({ type, title: ['x'.repeat(500)] }),
      (err: Error) => err.message.length < 200,
    );
  });
});

describe('trend', () => {
  it('takes a period or none, and names the key when it is anything else', () => {
    assert.equal(parseCardConfig({ type: 'custom:plaid-balance-card', trend: '7d' }).resolved.trend, '7d');
    assert.equal(parseCardConfig({ type: 'custom:plaid-balance-card', trend: 'none' }).resolved.trend, 'none');
    assert.throws(
      () => parseCardConfig({ type: 'custom:plaid-balance-card', trend: '2w' }),
      /"trend" must be one of none, 7d, 30d, 90d, 1y \(got "2w"\)/,
    );
  });
});
