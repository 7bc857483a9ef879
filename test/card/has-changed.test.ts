import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasHassChanged } from '../../src/card/has-changed.js';
import { fakeHass, nextHass, otherEntity } from './fixtures/hass-fixture.js';

describe('hasHassChanged', () => {
  const ids = ['sensor.plaid_chase_0000_current'];
  it('is true without an old hass', () => {
    assert.equal(hasHassChanged(undefined, fakeHass(), ids), true);
  });
  it('ignores unrelated entities', () => {
    const a = fakeHass();
    assert.equal(hasHassChanged(a, nextHass(a, { 'light.x': otherEntity('light.x') }), ids), false);
  });
  it("sees the card's own entity, the locale, the theme and the user", () => {
    const a = fakeHass();
    const e = a.states[ids[0]!]!;
    assert.equal(hasHassChanged(a, nextHass(a, { [e.entity_id]: { ...e, state: '2' } }), ids), true);
    assert.equal(hasHassChanged(a, { ...a, locale: { ...a.locale } }, ids), true);
    assert.equal(hasHassChanged(a, { ...a, themes: { ...a.themes } }, ids), true);
    assert.equal(hasHassChanged(a, { ...a, user: { ...a.user } }, ids), true);
  });
  it("sees the entity registry change (a sensor's display precision set in HA)", () => {
    const a = { ...fakeHass(), entities: {} };
    assert.equal(hasHassChanged(a, { ...a, entities: { [ids[0]!]: { display_precision: 0 } } }, ids), true);
    assert.equal(hasHassChanged(a, { ...a }, ids), false);
  });
  it("sees HA's core config change (its time zone decides which due dates are near)", () => {
    const a = { ...fakeHass(), config: { time_zone: 'UTC' } };
    assert.equal(hasHassChanged(a, { ...a, config: { time_zone: 'Europe/Berlin' } }, ids), true);
    assert.equal(hasHassChanged(a, { ...a }, ids), false);
  });
  it("sees the device registry change (a bank's device renamed in HA)", () => {
    const a = { ...fakeHass(), devices: {} };
    assert.equal(hasHassChanged(a, { ...a, devices: { dev: { name_by_user: 'Joint' } } }, ids), true);
    assert.equal(hasHassChanged(a, { ...a }, ids), false);
  });
});
