import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HassEntities } from 'home-assistant-js-websocket';
import { AccountDiscovery } from '../../src/card/account-discovery.js';
import { SAMPLE_ACCOUNTS, balanceEntity, otherEntity, statesFor, withNoise } from './fixtures/hass-fixture.js';
import { dueStates } from './fixtures/due-fixture.js';
import { byId, incomeEntity, recentEntity, spendingEntity } from './fixtures/money-fixture.js';

/** Counts attribute reads: a full scan reads every entity's attributes. */
function counting(states: HassEntities): { states: HassEntities; reads: () => number } {
  let reads = 0;
  const wrapped: HassEntities = {};
  for (const [id, e] of Object.entries(states)) {
    wrapped[id] = new Proxy(e, {
      get(target, prop, receiver) {
        if (prop === 'attributes') reads++;
        return Reflect.get(target, prop, receiver);
      },
    });
  }
  return { states: wrapped, reads: () => reads };
}

describe('AccountDiscovery', () => {
  it('finds every sensor with the marker', () => {
    const d = new AccountDiscovery();
    const ids = d.resolve(withNoise(statesFor(SAMPLE_ACCOUNTS), 50));
    assert.equal(ids.length, 6);
    assert.ok(ids.every((id) => id.startsWith('sensor.plaid_')));
  });

  it('reads the attributes of sensor entities only, and finds a balance sensor whose id the user renamed', () => {
    const noise = withNoise(statesFor(SAMPLE_ACCOUNTS), 50);
    const renamed = { ...balanceEntity(SAMPLE_ACCOUNTS[3]!, 'current'), entity_id: 'sensor.my_checking' };
    const plain = otherEntity('sensor.outdoor_temperature', '21');
    const { states, reads } = counting({
      ...noise,
      'sensor.my_checking': renamed,
      'sensor.outdoor_temperature': plain,
    });
    const ids = new AccountDiscovery().resolve(states);
    assert.equal(ids.length, 7);
    assert.ok(ids.includes('sensor.my_checking'));
    assert.ok(!ids.includes('sensor.outdoor_temperature'));
    assert.equal(reads(), 8, 'the 50 lights were not read');
  });

  it('keeps a known sensor while it is unavailable (HA drops its attributes then)', () => {
    const d = new AccountDiscovery();
    const states = statesFor(SAMPLE_ACCOUNTS);
    const first = d.resolve(states);
    const e = states['sensor.plaid_chase_0000_current']!;
    const gone = { ...e, state: 'unavailable', attributes: { friendly_name: 'Chase Checking balance' } };
    const ids = d.resolve({ ...states, [e.entity_id]: gone, 'light.new': otherEntity('light.new', 'on') });
    assert.deepEqual([...ids], [...first]);
  });

  it('finds sensors that were unavailable when the card first looked, once they have their attributes again', () => {
    // A dashboard opened while the companion was away (an add-on update, an HA restart before it started):
    // HA shows its MQTT sensors unavailable with only their own attributes, and the entity count does not change when
    // they return.
    const states = statesFor(SAMPLE_ACCOUNTS);
    const away: HassEntities = Object.fromEntries(
      Object.values(states).map((e) => [
        e.entity_id,
        {
          ...e,
          state: 'unavailable',
          attributes: {
            friendly_name: 'Chase Checking balance',
            device_class: 'monetary',
            state_class: 'total',
            unit_of_measurement: 'USD',
          },
        },
      ]),
    );
    const d = new AccountDiscovery();
    assert.deepEqual([...d.resolve(away)], []);
    assert.equal(d.companionAway({}), true, 'the card can say why it shows nothing');
    const back: HassEntities = { ...away };
    const [firstId] = Object.keys(states);
    back[firstId!] = { ...away[firstId!]!, state: '12.5' };
    assert.deepEqual([...d.resolve(back)], [], 'a state without the attributes yet');
    back[firstId!] = states[firstId!]!;
    assert.deepEqual([...d.resolve({ ...back })], [firstId]);
    assert.deepEqual([...d.resolve({ ...states })], Object.keys(states).sort());
    assert.equal(d.companionAway({}), false);
  });

  it("knows the companion's sensors the user renamed by their device in HA's registries", () => {
    const renamed = {
      ...otherEntity('sensor.household_checking', 'unavailable'),
      attributes: { device_class: 'monetary' },
    };
    const d = new AccountDiscovery();
    d.resolve({ [renamed.entity_id]: renamed });
    const entities = { [renamed.entity_id]: { device_id: 'dev1' } };
    assert.equal(
      d.companionAway({ entities, devices: { dev1: { identifiers: [['mqtt', 'plaid_balance_item_abc']] } } }),
      true,
    );
    assert.equal(
      d.companionAway({ entities, devices: { dev1: { identifiers: [['mqtt', 'energy_meter_1']] } } }),
      false,
      "another MQTT device's sensor",
    );
    assert.equal(
      d.companionAway({ entities, devices: { dev1: { identifiers: [['plaid_other', 'plaid_balance_x']] } } }),
      false,
      "another integration's device",
    );
    assert.equal(d.companionAway({ entities }), false, 'no device registry on hass (an older frontend)');
  });

  it('does not take an unavailable money sensor of another integration for the companion being away', () => {
    const cost = { ...otherEntity('sensor.energy_cost', 'unavailable'), attributes: { device_class: 'monetary' } };
    const d = new AccountDiscovery();
    d.resolve({ 'sensor.energy_cost': cost });
    assert.equal(d.companionAway({ entities: { 'sensor.energy_cost': { device_id: null } } }), false);
  });

  it('does not re-scan when only unrelated entities change', () => {
    const d = new AccountDiscovery();
    const { states, reads } = counting(withNoise(statesFor(SAMPLE_ACCOUNTS), 5000));
    const first = d.resolve(states);
    const before = reads();
    const next = { ...states, 'light.noise_7': otherEntity('light.noise_7', 'off') };
    assert.equal(d.resolve(next), first, 'same array instance');
    assert.equal(reads(), before, 'no attribute was read');
  });

  it('picks up a new sensor', () => {
    const d = new AccountDiscovery();
    const states = statesFor(SAMPLE_ACCOUNTS.slice(0, 1));
    const first = d.resolve(states);
    const added = balanceEntity(SAMPLE_ACCOUNTS[3]!, 'current');
    const second = d.resolve({ ...states, [added.entity_id]: added });
    assert.notEqual(second, first);
    assert.ok(second.includes(added.entity_id));
  });

  it('notices a sensor swapped for another in the same update', () => {
    const d = new AccountDiscovery();
    const states = statesFor(SAMPLE_ACCOUNTS.slice(0, 2));
    d.resolve(states);
    const next = { ...states };
    delete next['sensor.plaid_chase_1111_current'];
    const added = balanceEntity(SAMPLE_ACCOUNTS[3]!, 'current');
    next[added.entity_id] = added;
    const ids = d.resolve(next);
    assert.ok(ids.includes(added.entity_id));
    assert.ok(!ids.includes('sensor.plaid_chase_1111_current'));
  });

  it('keeps the same array when a known sensor only changes its value', () => {
    const d = new AccountDiscovery();
    const states = statesFor(SAMPLE_ACCOUNTS);
    const first = d.resolve(states);
    const e = states['sensor.plaid_chase_0000_current']!;
    assert.equal(d.resolve({ ...states, [e.entity_id]: { ...e, state: '1' } }), first);
  });

  it("finds the accounts' month and recent-transactions sensors apart from the balances, renamed ones too", () => {
    const [checking] = SAMPLE_ACCOUNTS as [(typeof SAMPLE_ACCOUNTS)[0]];
    const money = byId(
      spendingEntity(checking, 1, 1),
      incomeEntity(checking, 2),
      recentEntity(checking, [], 'sensor.my_transactions'),
    );
    const d = new AccountDiscovery();
    const ids = d.resolve(withNoise({ ...statesFor(SAMPLE_ACCOUNTS), ...money }, 20));
    assert.equal(ids.length, 6);
    assert.deepEqual([...d.money].sort(), Object.keys(money).sort());
  });

  it('keeps a money sensor while it is unavailable, and hands out a new list only when one is added', () => {
    const [checking, savings] = SAMPLE_ACCOUNTS as [(typeof SAMPLE_ACCOUNTS)[0], (typeof SAMPLE_ACCOUNTS)[0]];
    const recent = recentEntity(checking, []);
    const base = { ...statesFor(SAMPLE_ACCOUNTS), ...byId(recent) };
    const d = new AccountDiscovery();
    const ids = d.resolve(base);
    const first = d.money;
    const away = { ...recent, state: 'unavailable', attributes: { friendly_name: 'x' } };
    assert.equal(d.resolve({ ...base, [recent.entity_id]: away }), ids);
    assert.equal(d.money, first);
    const added = spendingEntity(savings, 1, 1);
    d.resolve({ ...base, ...byId(away, added) });
    assert.notEqual(d.money, first);
    assert.deepEqual(d.money, [recent.entity_id, added.entity_id]);
  });

  it('finds the due sensors of credit cards and loans in the same scan, renamed ones too, by marker and id', () => {
    const [, , card, , loan] = SAMPLE_ACCOUNTS as [(typeof SAMPLE_ACCOUNTS)[0], ...typeof SAMPLE_ACCOUNTS];
    const cardDue = dueStates(card!, { date: '2026-12-10', minimum: 35 });
    const [first, ...rest] = Object.values(dueStates(loan!, { date: null, minimum: null }));
    const renamed = { ...first!, entity_id: 'sensor.loan_due' };
    const noAccount = otherEntity('sensor.half_a_due', '1');
    noAccount.attributes = { plaid_balance_due: 1 };
    const { states, reads } = counting(
      withNoise({ ...statesFor(SAMPLE_ACCOUNTS), ...cardDue, ...byId(renamed, noAccount, ...rest) }, 20),
    );
    const d = new AccountDiscovery();
    const ids = d.resolve(states);
    assert.equal(ids.length, 6, 'no due sensor among the balance sensors');
    const sensors = (all: readonly string[]) => all.filter((id) => id.startsWith('sensor.'));
    assert.deepEqual(
      [...d.dues].sort(),
      sensors([...Object.keys(cardDue), renamed.entity_id, ...rest.map((e) => e.entity_id)]).sort(),
    );
    const afterScan = reads();
    assert.equal(d.resolve({ ...states }), ids);
    assert.equal(reads(), afterScan, 'no second scan for the dues');
  });

  it('keeps a due sensor while it is unavailable and scans again when one loses its marker', () => {
    const [, , card] = SAMPLE_ACCOUNTS as [(typeof SAMPLE_ACCOUNTS)[0], ...typeof SAMPLE_ACCOUNTS];
    const base = { ...statesFor(SAMPLE_ACCOUNTS), ...dueStates(card!, { date: '2026-12-10', minimum: 35 }) };
    const d = new AccountDiscovery();
    const ids = d.resolve(base);
    const first = d.dues;
    const [id] = first as [string];
    const away = { ...base[id]!, state: 'unavailable', attributes: { friendly_name: 'x' } };
    assert.equal(d.resolve({ ...base, [id]: away }), ids);
    assert.equal(d.dues, first);
    d.resolve({ ...base, [id]: { ...base[id]!, attributes: { friendly_name: 'x' } } });
    assert.notEqual(d.dues, first);
    assert.ok(!d.dues.includes(id));
  });
});
