import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAccounts } from '../../src/card/accounts.js';
import { sharedPrecision } from '../../src/card/registries.js';
import { SAMPLE_ACCOUNTS, statesFor } from './fixtures/hass-fixture.js';

describe('sharedPrecision', () => {
  const states = statesFor(SAMPLE_ACCOUNTS);
  const accounts = buildAccounts(states, Object.keys(states).sort());
  const [first, second] = accounts as [(typeof accounts)[number], (typeof accounts)[number]];
  const withPrecision = (...ps: (number | undefined)[]) =>
    Object.fromEntries(accounts.map((a, i) => [a.primaryEntityId, { display_precision: ps[i] ?? ps.at(-1) }]));

  it("is an account's sensor's display precision in HA, 0 included", () => {
    assert.equal(sharedPrecision(withPrecision(0), [first]), 0);
    assert.equal(sharedPrecision(withPrecision(3), [first]), 3);
  });
  it("is the one a currency's accounts share, none where they differ", () => {
    assert.equal(sharedPrecision(withPrecision(0), accounts), 0);
    assert.equal(sharedPrecision(withPrecision(0, 2), [first, second]), undefined);
    assert.equal(
      sharedPrecision({ [first.primaryEntityId]: { display_precision: 0 } }, [first, second]),
      undefined,
      'one account without',
    );
  });
  it('is none without a registry, an entry or a precision HA could not mean', () => {
    assert.equal(sharedPrecision(undefined, [first]), undefined);
    assert.equal(sharedPrecision({}, [first]), undefined);
    for (const bad of [-1, 1.5, 99, Number.NaN])
      assert.equal(sharedPrecision(withPrecision(bad), [first]), undefined, String(bad));
    assert.equal(sharedPrecision(withPrecision(0), []), undefined, 'no accounts');
  });
});
